package io.cosd.e2e;

import io.cosd.e2e.CrashLoopModel.Key;
import io.cosd.e2e.CrashLoopModel.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash loop fails when it should (docs/storage.md "Crash loop"): a round in which the model
 * claims a write the server never acknowledged, and in which a stored file is cut short behind the
 * dead server's back, must report both. Without this, a loop that checks nothing would also pass.
 */
class CrashLoopSelfCheckTest {
    static final String NEVER_WRITTEN = "00000000000000000000000000000000";

    @TempDir
    Path tmp;

    @Test
    void aLostAcknowledgedWriteAndACutFileAreReportedAsFailures_ST_C1() throws Exception {
        var options = new CrashLoop.Options(1, 7, 16, 4, 1, 700, 700, 20, 0, tmp.resolve("data"), null,
                List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        String[] cut = new String[1];
        var text = new ByteArrayOutputStream();
        List<CrashLoop.Round> rounds = new CrashLoop(options, new PrintStream(text, true, StandardCharsets.UTF_8))
                .beforeRestart((dataDir, keys) -> {
                    Key k = keys.get(0);
                    Op lost = Op.put(NEVER_WRITTEN, 1);
                    lost.acked = true;
                    k.round.add(lost);
                    cut[0] = cutEveryBlob(dataDir);
                })
                .run();
        String report = text.toString(StandardCharsets.UTF_8);
        System.out.print(report);
        assertThat(rounds).as(report).singleElement().satisfies(r -> {
            assertThat(r.failures()).anySatisfy(f -> assertThat(f).contains("w0/k0").contains("allowed [" + NEVER_WRITTEN + "]"));
            // A file cut short is either refused by GET (a 500 naming the damage) or read as other bytes:
            // either way the loop reports it (objects over 64 KiB have a file of their own).
            if (cut[0] != null) assertThat(r.failures().size()).as(report).isGreaterThanOrEqualTo(2);
        });
    }

    /**
     * Cuts every file of 2 bytes or more under blobs/ to half its length (every one: the largest may be
     * an orphan that start-up cleanup removes); returns how many, or null if none.
     */
    private static String cutEveryBlob(Path dataDir) throws Exception {
        Path blobs = dataDir.resolve("blobs");
        if (!Files.isDirectory(blobs)) return null;
        List<Path> files;
        try (var s = Files.walk(blobs)) {
            files = s.filter(Files::isRegularFile).filter(p -> p.toFile().length() >= 2).toList();
        }
        for (Path f : files) {
            try (var ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() / 2);
            }
        }
        return files.isEmpty() ? null : files.size() + " files";
    }
}
