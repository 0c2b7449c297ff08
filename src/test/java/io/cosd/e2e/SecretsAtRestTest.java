package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import io.cosd.app.Config;
import io.cosd.app.Main;
import io.cosd.app.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docs/storage.md "Security at rest". */
class SecretsAtRestTest {
    @TempDir
    Path dir;

    private static final Map<String, String> ROOT = Map.of("COSD_ROOT_UIN", E2e.UIN, "COSD_APPID", E2e.APPID,
            "COSD_ROOT_SECRET_ID", E2e.SECRET_ID, "COSD_ROOT_SECRET_KEY", E2e.SECRET_KEY);

    private Server start(Path data, Map<String, String> extraEnv) throws Exception {
        var env = new HashMap<>(ROOT);
        env.putAll(extraEnv);
        return Server.start(new Config("127.0.0.1", 0, data, E2e.REGION, Set.of(), 120_000), env);
    }

    /** meta.db with its WAL and SHM, every byte as one char. */
    private static String metadataBytes(Path data) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String f : new String[] {"meta.db", "meta.db-wal", "meta.db-shm"}) {
            if (Files.exists(data.resolve(f))) sb.append(new String(Files.readAllBytes(data.resolve(f)), StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    @Test
    void afterPutsWithTheRootKeyAndANewKeyNeitherSecretKeyIsInMetaDbOrItsWal() throws Exception {
        Path data = dir.resolve("data");
        E2e env = new E2e(data); // closed below without E2e.close, which deletes the dir
        try {
            COSClient cos = env.cos();
            String b = E2e.bucket("sealed");
            cos.createBucket(b);
            cos.putObject(b, "a", "alpha");
            String created = IdentityTestAdmin.run(data, "key", "create", "--uin", E2e.UIN);
            var m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(created);
            assertThat(m.find()).isTrue();
            try (S3Client s3 = env.s3(m.group(1), m.group(2))) {
                s3.putObject(r -> r.bucket(b).key("b"), RequestBody.fromString("beta"));
            }
            String bytes = metadataBytes(data);
            assertThat(bytes).contains("sealed-" + E2e.APPID); // the search does see the database's text
            assertThat(bytes).doesNotContain(E2e.SECRET_KEY).doesNotContain(m.group(2));
            cos.shutdown();
        } finally {
            env.server.close();
        }
        assertThat(metadataBytes(data)).contains("sealed-" + E2e.APPID).doesNotContain(E2e.SECRET_KEY);
    }

    @Test
    void theDataDirIs0700AndEveryFileInIt0600() throws Exception {
        Path data = dir.resolve("data");
        try (E2e env = new E2e(data)) {
            COSClient cos = env.cos();
            String b = E2e.bucket("modes");
            cos.createBucket(b);
            // above the inline threshold (docs/storage.md "Small objects inline"), so each is a blob file to check
            for (int i = 0; i < 5; i++) cos.putObject(b, "k" + i, ("v" + i).repeat(40_000));
            List<String> wrong = new ArrayList<>();
            // The server is running: a temporary file or a released blob may go between the listing and its stat.
            for (Path p : LiveDir.entries(data)) {
                PosixFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(p, PosixFileAttributes.class);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                String mode = PosixFilePermissions.toString(attrs.permissions());
                String want = attrs.isDirectory() ? "rwx------" : "rw-------";
                if (!mode.equals(want)) wrong.add(data.relativize(p) + " " + mode);
            }
            assertThat(wrong).isEmpty();
            assertThat(LiveDir.count(data.resolve("blobs"))).as("blobs were checked").isEqualTo(5);
            assertThat(data.resolve("master.key")).exists();
            assertThat(data.resolve("meta.db-wal")).exists();
            cos.shutdown();
        }
    }

    @Test
    void aWrongMasterKeyRefusesToStartWithOneLineAndChangesNothing() throws Exception {
        Path data = dir.resolve("data");
        String right = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B');
        try (Server s = start(data, Map.of("COSD_MASTER_KEY", right))) {
            COSClient cos = E2e.cosClient(s.port(), E2e.SECRET_ID, E2e.SECRET_KEY);
            cos.createBucket(E2e.bucket("keyed"));
            cos.shutdown();
        }
        assertThat(data.resolve("master.key")).as("an operator-given key is not copied into the data dir").doesNotExist();
        String wrong = Base64.getEncoder().encodeToString(new byte[32]);
        assertThatThrownBy(() -> start(data, Map.of("COSD_MASTER_KEY", wrong)))
                .hasMessageContaining("is sealed under master key id").hasMessageContaining("start with the key the data was sealed with");
        assertThatThrownBy(() -> start(data, Map.of()))
                .as("no key given and no master.key: never a new key over sealed data")
                .hasMessageContaining("master.key does not exist: restore that file");
        assertThat(data.resolve("master.key")).doesNotExist();

        CosdProcess.Result r = CosdProcess.run(Map.of("COSD_MASTER_KEY", wrong), "serve", "--port", "0", "--bind", "127.0.0.1",
                "--data-dir", data.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.out()).doesNotContain("listening");
        assertThat(r.errLines()).noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));
        assertThat(r.errLines()).last().asString().startsWith("cosd: ").contains("is sealed under master key id").doesNotContain("\n");

        Path keyFile = Files.writeString(dir.resolve("elsewhere.key"), right + "\n");
        try (Server s = start(data, Map.of("COSD_MASTER_KEY_FILE", keyFile.toString()))) {
            COSClient cos = E2e.cosClient(s.port(), E2e.SECRET_ID, E2e.SECRET_KEY);
            assertThat(cos.doesBucketExist(E2e.bucket("keyed"))).as("the right key, from a file, still opens the root key").isTrue();
            cos.shutdown();
        }
    }

    /** `cosd admin ...` in this JVM on a data dir (like IdentityTest.admin, for any dir). */
    static final class IdentityTestAdmin {
        static String run(Path data, String... args) {
            var out = new ByteArrayOutputStream();
            var old = System.out;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                List<String> all = new ArrayList<>(List.of("admin", "--data-dir", data.toString()));
                all.addAll(List.of(args));
                assertThat(new picocli.CommandLine(new Main()).execute(all.toArray(String[]::new))).isZero();
            } finally {
                System.setOut(old);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
