package io.cosd.e2e;

import io.cosd.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/storage.md "Start-up checks": `cosd serve` as a process, on a fresh machine's first hour: a
 * refused start is one line and creates nothing, a good one prints only cosd's lines and shows the
 * generated credentials, a later start says when COSD_ROOT_* are ignored, and
 * `cosd admin credentials show` finds them again.
 */
class StartupTest {
    @TempDir
    Path tmp;

    @Test
    void aBusyPortStopsServeWithOneLineAndNothingIsCreated() throws Exception {
        Path fresh = tmp.resolve("fresh"); // does not exist yet
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        try (ServerSocket busy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            for (Path dir : List.of(fresh, empty)) {
                CosdProcess.Result r = CosdProcess.run(Map.of(), "serve", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                        "--data-dir", dir.toString());
                assertThat(r.exit()).as(r.out() + r.err()).isNotZero();
                assertThat(r.out()).isEmpty();
                assertThat(r.errLines()).containsExactly(
                        "cosd: port " + port + " is in use (another cosd or program); stop it or use --port N");
            }
        }
        assertThat(fresh).doesNotExist();
        try (Stream<Path> files = Files.list(empty)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDataDirThatIsAFileStopsServeWithOneLineBeforeTheLockOrThePort() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        CosdProcess.Result r = CosdProcess.run(Map.of(), "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", file.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.errLines()).containsExactly("cosd: data dir " + file.toAbsolutePath() + " is not a directory; use --data-dir DIR");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aMalformedMasterKeyFileStopsServeWithOneLineBeforeTheDataDirIsCreated() throws Exception {
        Path key = Files.writeString(tmp.resolve("master.key"), "not a key\n");
        Path dir = tmp.resolve("data");
        CosdProcess.Result r = CosdProcess.run(Map.of("COSD_MASTER_KEY_FILE", key.toString()),
                "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", dir.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.errLines()).singleElement().satisfies(l -> assertThat(l).startsWith("cosd: the master key in COSD_MASTER_KEY_FILE"));
        assertThat(dir).doesNotExist();
    }

    @Test
    void anAdminCommandOnADataDirWithoutDataSaysSoInOneLineAndCreatesNothing() throws Exception {
        Path dir = tmp.resolve("typo");
        CosdProcess.Result r = CosdProcess.run(Map.of(), "admin", "--data-dir", dir.toString(), "credentials", "show");
        assertThat(r.exit()).isNotZero();
        assertThat(r.errLines()).containsExactly("cosd: no cosd data in " + dir.toAbsolutePath()
                + " (no meta.db); start the server once (cosd serve), or use --data-dir DIR");
        assertThat(dir).doesNotExist();
    }

    @Test
    void theBuildThatCosdRunsLetsMavensJvmUseUnsafeSoItPrintsNoWarnings() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", ". scripts/java-env.sh && cosd_find_jdk && echo \"$(cosd_java_major \"$JAVA_HOME\") $MAVEN_OPTS\"")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        int major = Integer.parseInt(out.split(" ")[0]);
        if (major >= 23) assertThat(out).contains("--sun-misc-unsafe-memory-access=allow");
        else assertThat(out).doesNotContain("--sun-misc-unsafe-memory-access");
    }

    @Test
    void aFirstStartPrintsOnlyCosdLinesAndGeneratedCredentialsThatWork() throws Exception {
        Path dir = tmp.resolve("data");
        String sid, skey;
        try (CosdProcess.Running cosd = CosdProcess.start(Map.of(), "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", dir.toString())) {
            String listening = cosd.awaitLine("cosd listening on http://127.0.0.1:");
            String out = cosd.output();
            assertThat(out.lines()).allSatisfy(line -> assertThat(line).matches("cosd[: ].*|  Secret(Id|Key): +\\S+"));
            assertThat(out).doesNotContain("WARN").doesNotContain("outOfOrder").doesNotContain("sun.misc.Unsafe");
            Matcher m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(out);
            assertThat(m.find()).as(out).isTrue();
            sid = m.group(1);
            skey = m.group(2);
            int port = Integer.parseInt(listening.replaceAll(".*http://127\\.0\\.0\\.1:(\\d+).*", "$1"));
            var cos = E2e.cosClient(port, sid, skey);
            assertThat(cos.listBuckets()).isEmpty();
            cos.shutdown();
        }
        // Later starts show no credentials and nothing else but the listening line.
        try (CosdProcess.Running cosd = CosdProcess.start(Map.of(), "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", dir.toString())) {
            cosd.awaitLine("cosd listening on");
            assertThat(cosd.output().lines()).singleElement().satisfies(l -> assertThat(l).startsWith("cosd listening on"));
        }
        // Whoever missed the first start finds them again.
        String shown = admin(dir, "credentials", "show");
        assertThat(shown).contains("SecretId:  " + sid).contains(dir.resolve("root-credentials.properties").toAbsolutePath().toString())
                .doesNotContain(skey);
        assertThat(admin(dir, "credentials", "show", "--show-secret")).contains("SecretKey: " + skey);
    }

    @Test
    void rootCredentialsInTheEnvironmentThatDifferFromTheStoredOnesAreOneWarningLineWithoutSecrets() throws Exception {
        Path dir = tmp.resolve("data");
        Map<String, String> first = Map.of("COSD_ROOT_UIN", E2e.UIN, "COSD_APPID", E2e.APPID,
                "COSD_ROOT_SECRET_ID", E2e.SECRET_ID, "COSD_ROOT_SECRET_KEY", E2e.SECRET_KEY);
        try (CosdProcess.Running cosd = CosdProcess.start(first, "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", dir.toString())) {
            cosd.awaitLine("cosd listening on");
            assertThat(cosd.output()).doesNotContain("warning").doesNotContain(E2e.SECRET_KEY);
        }
        // The same variables again: nothing to say.
        try (CosdProcess.Running cosd = CosdProcess.start(first, "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", dir.toString())) {
            cosd.awaitLine("cosd listening on");
            assertThat(cosd.output()).doesNotContain("warning");
        }
        String otherKey = "anotherSecretKeyAnotherSecretKey";
        Map<String, String> changed = Map.of("COSD_ROOT_SECRET_ID", "AKIDsomethingElse0000000000000000000", "COSD_ROOT_SECRET_KEY", otherKey);
        try (CosdProcess.Running cosd = CosdProcess.start(changed, "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", dir.toString())) {
            cosd.awaitLine("cosd listening on");
            List<String> warnings = cosd.output().lines().filter(l -> l.contains("warning")).toList();
            assertThat(warnings).singleElement().satisfies(w -> assertThat(w)
                    .startsWith("cosd: warning: COSD_ROOT_SECRET_ID differs from the stored root account (uin=" + E2e.UIN
                            + " appid=" + E2e.APPID + " SecretId=" + E2e.SECRET_ID + ") and is ignored")
                    .doesNotContain(otherKey).doesNotContain(E2e.SECRET_KEY));
        }
        // The right SecretId with a wrong SecretKey: compared through the sealed value, not printed.
        Map<String, String> wrongKey = Map.of("COSD_ROOT_SECRET_ID", E2e.SECRET_ID, "COSD_ROOT_SECRET_KEY", otherKey);
        try (CosdProcess.Running cosd = CosdProcess.start(wrongKey, "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", dir.toString())) {
            cosd.awaitLine("cosd listening on");
            assertThat(cosd.output().lines().filter(l -> l.contains("warning")).toList()).singleElement()
                    .satisfies(w -> assertThat(w).startsWith("cosd: warning: COSD_ROOT_SECRET_KEY differs").doesNotContain(otherKey)
                            .doesNotContain(E2e.SECRET_KEY));
        }
    }

    @Test
    void credentialsShowNeverPrintsTheSecretKeyWithoutTheKeyFile() throws Exception {
        try (E2e env = new E2e()) {
            Files.delete(env.dir.resolve("root-credentials.properties"));
            String shown = admin(env.dir, "credentials", "show");
            assertThat(shown).contains("root account: uin=" + E2e.UIN + " appid=" + E2e.APPID).contains("SecretId:  " + E2e.SECRET_ID)
                    .contains("absent").doesNotContain(E2e.SECRET_KEY);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = run(out, "admin", "--data-dir", env.dir.toString(), "credentials", "show", "--show-secret");
            assertThat(code).isNotZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(E2e.SECRET_KEY);
        }
    }

    private static String admin(Path dir, String... args) {
        String[] all = Stream.concat(Stream.of("admin", "--data-dir", dir.toString()), Stream.of(args)).toArray(String[]::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(run(out, all)).as("cosd admin exit code").isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static synchronized int run(ByteArrayOutputStream out, String... args) {
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return new CommandLine(new Main()).execute(args);
        } finally {
            System.setOut(old);
        }
    }
}
