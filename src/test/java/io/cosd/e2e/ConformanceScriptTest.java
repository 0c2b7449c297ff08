package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/conformance (docs/conformance.md) refuses cleanly before starting anything: without an
 * OUT_DIR it prints its usage, and without the suite it names the variable to set. The run itself
 * takes 11 minutes and is recorded in docs/conformance.md, not repeated here.
 */
class ConformanceScriptTest {
    @TempDir
    Path tmp;

    record Run(int code, String out) {}

    Run run(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = Recipes.ROOT.resolve("scripts/conformance").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CONFORMANCE_DIR", tmp.resolve("no-suite").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void withoutAnOutputDirectoryItPrintsItsUsage() throws Exception {
        Run r = run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("scripts/conformance OUT_DIR").contains("CLEANUP_FALLBACK=0");
        assertThat(run("--help").code()).isZero();
    }

    @Test
    void withoutTheSuiteItSaysWhereItLookedAndStartsNothing() throws Exception {
        Run r = run(tmp.resolve("out").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("no run.sh in").contains("CONFORMANCE_DIR").doesNotContain("starting cosd");
    }
}
