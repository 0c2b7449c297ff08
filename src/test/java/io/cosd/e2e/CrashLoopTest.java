package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short crash loop of the test suite (docs/storage.md "Crash loop"; the long one is
 * {@code bench/crash-loop}): a cosd process SIGKILLed three times under 16 concurrent small writers
 * on one data dir, restarted each time, and everything it acknowledged read back over HTTP. Every
 * restart is first killed once more 0.2 to 1.5 s into its start-up (perhaps during start-up cleanup).
 */
class CrashLoopTest {
    @TempDir
    Path tmp;

    @Test
    void threeSigkillsUnderSixteenSmallWritersLoseNoAcknowledgedWriteAndExposeNoPartialOne_ST_C1() throws Exception {
        // Few keys per writer, so every round overwrites and deletes keys earlier rounds wrote.
        var options = new CrashLoop.Options(3, System.nanoTime() % 1_000_000, 16, 6, 2, 500, 1500, 20, 100, tmp.resolve("data"), null,
                List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        var text = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8);
        out.println("seed " + options.seed());
        List<CrashLoop.Round> rounds = new CrashLoop(options, out).run();

        String report = text.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        assertThat(rounds).as(report).hasSize(3);
        assertThat(rounds).as(report).allSatisfy(r -> {
            assertThat(r.failures()).isEmpty();
            // Writes in flight: the kill came under load, not after it.
            assertThat(r.inFlight()).as("writes in flight at kill %d", r.n()).isPositive();
        });
        // Per round this may be few on a loaded machine (a cold server), but never none at all.
        assertThat(rounds.stream().mapToInt(CrashLoop.Round::ackedPuts).sum()).as(report).isPositive();
    }
}
