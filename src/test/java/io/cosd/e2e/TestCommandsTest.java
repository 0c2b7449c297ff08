package io.cosd.e2e;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's test commands (README "Two commands"): ./run-tests runs everything through
 * {@code mvn verify} (surefire's fast loop, then failsafe's end-to-end tests), {@code --fast} runs
 * {@code mvn test} alone, and .ci/run prints one summary line totalling both runners. The scripts run
 * on a copy of the repository's files, with a stub {@code mvn} that records its arguments and prints
 * what a run would, and a stub scripts/test-deps.sh that records that it ran.
 */
class TestCommandsTest {
    static final String SUREFIRE_TOTALS = "[INFO] Tests run: 700, Failures: 0, Errors: 0, Skipped: 1\n";
    static final String PER_CLASS = "[INFO] Tests run: 9, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 5.2 s -- in io.cosd.e2e.CorsConfigApiTest\n";

    @TempDir
    Path repo;
    Path bin;

    @BeforeEach
    void copyOfTheRepository() throws Exception {
        Files.createDirectories(repo.resolve("scripts"));
        Files.createDirectories(repo.resolve(".ci"));
        for (String f : List.of("run-tests", "scripts/java-env.sh", ".ci/run")) {
            Files.copy(Recipes.ROOT.resolve(f), repo.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
        }
        script(repo.resolve("scripts/test-deps.sh"), "echo ran >> \"" + repo.resolve("deps.log") + "\"");
        bin = Files.createDirectories(repo.resolve("bin"));
        script(bin.resolve("mvn"), "echo \"$*\" >> \"" + repo.resolve("mvn.log") + "\"\nprintf '%b' \"${STUB_MVN_OUT:-}\"\nexit \"${STUB_MVN_EXIT:-0}\"");
    }

    private static void script(Path p, String body) throws Exception {
        Files.writeString(p, "#!" + Recipes.tool("bash", "bash") + "\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Recipes.Result run(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(repo.toFile());
        pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        pb.environment().put("COSD_JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("COSD_CI_LOG", repo.resolve("ci.log").toString());
        pb.environment().putAll(env);
        Path out = repo.resolve("out"), err = repo.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Recipes.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private List<String> mvnRuns() throws Exception {
        return Files.readAllLines(repo.resolve("mvn.log"));
    }

    @Test
    void theFastLoopIsMvnTestAloneAndInstallsNothing() throws Exception {
        Recipes.Result r = run(Map.of(), "./run-tests", "--fast", "-o");

        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(mvnRuns()).containsExactly("-B -ntp test -o");
        assertThat(repo.resolve("deps.log")).doesNotExist();
    }

    @Test
    void byDefaultItInstallsTheTestToolsThenRunsEverythingThroughVerify() throws Exception {
        Recipes.Result r = run(Map.of(), "./run-tests", "-o");

        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(mvnRuns()).containsExactly("-B -ntp verify -o");
        assertThat(repo.resolve("deps.log")).exists();
    }

    @Test
    void namedTestClassesRunInSurefireAloneWhateverTheirPackage() throws Exception {
        Recipes.Result r = run(Map.of(), "./run-tests", "-Dtest=RouterTest,CorsConfigApiTest");

        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(mvnRuns()).containsExactly("-B -ntp test -Dtest=RouterTest,CorsConfigApiTest");
    }

    @Test
    void ciRunsEverythingAndPrintsOneSummaryLineTotallingSurefireAndFailsafe() throws Exception {
        Recipes.Result r = run(Map.of("STUB_MVN_OUT", SUREFIRE_TOTALS + PER_CLASS + "[INFO] Tests run: 210, Failures: 0, Errors: 0, Skipped: 2\n"),
                ".ci/run");

        assertThat(r.exit()).as(r.both()).isZero();
        assertThat(mvnRuns()).containsExactly("-B -ntp verify -Dmaven.test.failure.ignore=true");
        assertThat(r.out().lines().dropWhile(l -> !l.equals("==== test summary ====")).toList())
                .containsExactly("==== test summary ====", "Tests run: 910, Failures: 0, Errors: 0, Skipped: 3");
    }

    @Test
    void ciFailsOnAFailureInEitherRunnerThoughBothRan() throws Exception {
        Recipes.Result r = run(Map.of("STUB_MVN_OUT", "[ERROR] Tests run: 700, Failures: 1, Errors: 0, Skipped: 1\n"
                + "[INFO] Tests run: 210, Failures: 0, Errors: 2, Skipped: 0\n"), ".ci/run");

        assertThat(r.exit()).as(r.both()).isEqualTo(1);
        assertThat(r.out()).endsWith("==== test summary ====\nTests run: 910, Failures: 1, Errors: 2, Skipped: 1\n");
    }

    @Test
    void ciFailsWithMavenWhenTheBuildBreaksBeforeAnyTestRan() throws Exception {
        Recipes.Result r = run(Map.of("STUB_MVN_OUT", "[ERROR] COMPILATION ERROR\n", "STUB_MVN_EXIT", "1"), ".ci/run");

        assertThat(r.exit()).as(r.both()).isEqualTo(1);
        assertThat(r.out()).endsWith("==== test summary ====\n");
    }
}
