package io.cosd.e2e;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/test-deps.sh (README "Two commands"): what ./run-tests installs on a fresh machine. The
 * script runs on a copy of the repository's script and node lock files, in --dry-run mode, with a
 * PATH that holds only a stub {@code id} and the few coreutils it uses, so chromium, rclone, node and
 * the others look missing on this machine without being uninstalled.
 */
class TestDepsScriptTest {
    @TempDir
    Path repo;
    Path bin;

    @BeforeEach
    void copyOfTheRepository() throws Exception {
        Files.createDirectories(repo.resolve("scripts"));
        Files.copy(Recipes.ROOT.resolve("scripts/test-deps.sh"), repo.resolve("scripts/test-deps.sh"));
        Files.createDirectories(repo.resolve("src/test/node"));
        for (String f : List.of("package.json", "package-lock.json")) {
            Files.copy(Recipes.ROOT.resolve("src/test/node").resolve(f), repo.resolve("src/test/node").resolve(f));
        }
        bin = Files.createDirectories(repo.resolve("bin"));
        // wrappers, not symlinks: JUnit warns about links leaving the temp dir
        stub("dirname", "exec " + Recipes.tool("dirname", "coreutils") + " \"$@\"");
        stub("cmp", "exec " + Recipes.tool("cmp", "diffutils") + " \"$@\"");
        stub("apt-get", "exit 99"); // present, never run in --dry-run
    }

    private void stub(String command, String body) throws Exception {
        Path p = bin.resolve(command);
        Files.writeString(p, "#!" + Recipes.tool("sh", "dash") + "\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Recipes.Result dryRun() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Recipes.tool("bash", "bash").toString(), repo.resolve("scripts/test-deps.sh").toString(), "--dry-run");
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("COSD_PG_ROOT", repo.resolve("postgresql").toString()); // none unless a test makes one
        pb.environment().remove("COSD_PG_BIN");
        Path out = repo.resolve("out"), err = repo.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Recipes.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void withoutRootItPrintsOneLineNamingTheAptGetCommandForEveryMissingTool() throws Exception {
        stub("id", "echo 1000");

        Recipes.Result r = dryRun();

        assertThat(r.exit()).as("never stops ./run-tests").isZero();
        assertThat(r.err().lines().filter(l -> l.contains("apt-get")).toList()).as(r.both()).containsExactly(
                "test-deps: not root; install first: sudo apt-get install -y chromium chromium-driver rclone s3cmd curl nodejs npm python3-boto3 python3-requests postgresql");
        assertThat(r.err()).contains("npm missing; after installing it run: scripts/test-deps.sh");
    }

    @Test
    void asRootItInstallsOnlyWhatIsMissingAndThenTheNodeSdk() throws Exception {
        stub("id", "echo 0");
        stub("rclone", "true");
        stub("npm", "true");
        stub("chromedriver", "true");

        Recipes.Result r = dryRun();

        assertThat(r.exit()).isZero();
        assertThat(r.err().lines().toList()).as(r.both()).containsExactly(
                "test-deps: would run: apt-get update && apt-get install -y chromium s3cmd curl nodejs python3-boto3 python3-requests postgresql",
                "test-deps: would run: npm ci in " + repo.resolve("target/node-recipes"));
    }

    @Test
    void withEverythingInstalledItDoesNothing() throws Exception {
        stub("id", "echo 0");
        for (String c : List.of("chromium", "chromedriver", "rclone", "s3cmd", "curl", "node", "npm", "python3")) stub(c, "true");
        Path pg = Files.createDirectories(repo.resolve("postgresql/15/bin"));
        for (String c : List.of("initdb", "pg_ctl")) {
            Files.writeString(pg.resolve(c), "#!/bin/sh\n");
            Files.setPosixFilePermissions(pg.resolve(c), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path dst = Files.createDirectories(repo.resolve("target/node-recipes/node_modules")).getParent();
        Files.copy(repo.resolve("src/test/node/package-lock.json"), dst.resolve("package-lock.json"));

        Recipes.Result r = dryRun();

        assertThat(r.exit()).isZero();
        assertThat(r.err()).as(r.both()).isEmpty();
    }

    @Test
    void withoutAptGetItNamesThePackagesToInstallWithAnotherPackageManager() throws Exception {
        stub("id", "echo 0");
        Files.delete(bin.resolve("apt-get"));

        Recipes.Result r = dryRun();

        assertThat(r.exit()).isZero();
        assertThat(r.err()).as(r.both()).contains(
                "test-deps: no apt-get here; install first (Debian package names): chromium chromium-driver rclone s3cmd curl nodejs npm python3-boto3 python3-requests postgresql");
    }

    @Test
    void runTestsRunsItFirst() throws Exception {
        List<String> lines = Files.readAllLines(Recipes.ROOT.resolve("run-tests"));
        int deps = lines.indexOf("\"$ROOT/scripts/test-deps.sh\"");
        assertThat(deps).isPositive();
        assertThat(lines.subList(deps, lines.size())).anyMatch(l -> l.startsWith("exec mvn"));
    }
}
