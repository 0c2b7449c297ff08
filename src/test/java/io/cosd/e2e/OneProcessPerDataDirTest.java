package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import io.cosd.app.Config;
import io.cosd.app.Server;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docs/storage.md "One process per data dir". */
class OneProcessPerDataDirTest {
    @Test
    void aSecondServeOnADataDirInUseExitsWithOneLineBeforeCleanupAndEveryAcknowledgedObjectSurvives() throws Exception {
        try (E2e env = new E2e()) {
            COSClient cos = env.cos();
            String b = E2e.bucket("one-process");
            cos.createBucket(b);
            for (int i = 0; i < 20; i++) cos.putObject(b, "before/" + i, "v" + i);
            // PUTs keep going while the second server tries to start: a cleanup would race them.
            Map<String, String> acked = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String key = "during/" + thread + "/" + i;
                        cos.putObject(b, key, key);
                        acked.put(key, key);
                    }
                    return null;
                });
            }
            CosdProcess.Result second;
            try {
                second = CosdProcess.run(Map.of(), "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", env.dir.toString());
            } finally {
                stop.set(true);
                pool.shutdown();
                assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(second.exit()).as(second.out() + second.err()).isNotZero();
            assertThat(second.out()).doesNotContain("listening");
            assertThat(second.errLines()).singleElement().satisfies(line -> assertThat(line)
                    .matches("cosd: data dir .* is in use by cosd serve pid " + ProcessHandle.current().pid()
                            + " \\(lock .*cosd\\.lock\\); stop it first, or use another --data-dir"));

            for (int i = 0; i < 20; i++) assertThat(read(cos, b, "before/" + i)).isEqualTo("v" + i);
            assertThat(acked).isNotEmpty();
            for (String key : acked.keySet()) assertThat(read(cos, b, key)).as(key).isEqualTo(key);
            cos.shutdown();
        }
    }

    @Test
    void aSecondServerInTheSameJvmIsRefusedAndTheDataDirIsFreeAgainAfterClose(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        E2e env = new E2e(dir);
        Config config = new Config("127.0.0.1", 0, env.dir, E2e.REGION, Set.of(), 120_000);
        try {
            assertThatThrownBy(() -> Server.start(config, Map.of()))
                    .hasMessageMatching("data dir .* is in use by another server in this process .*");
            COSClient cos = env.cos();
            cos.createBucket(E2e.bucket("still-serving"));
            cos.shutdown();
        } finally {
            env.server.close();
        }
        try (Server again = Server.start(config, Map.of())) {
            COSClient cos = E2e.cosClient(again.port(), E2e.SECRET_ID, E2e.SECRET_KEY);
            assertThat(cos.doesBucketExist(E2e.bucket("still-serving"))).isTrue();
            cos.shutdown();
        }
    }

    @Test
    void metadataAdminCommandsWorkBesideARunningServerAsSeparateProcesses() throws Exception {
        try (E2e env = new E2e()) {
            String dir = env.dir.toString();
            COSClient cos = env.cos();
            cos.createBucket(E2e.bucket("beside"));
            cos.putObject(E2e.bucket("beside"), "k", "v");
            CosdProcess.Result add = CosdProcess.run(Map.of(), "admin", "--data-dir", dir, "user", "add", "--uin", "100000000021");
            assertThat(add.exit()).as(add.err()).isZero();
            CosdProcess.Result created = CosdProcess.run(Map.of(), "admin", "--data-dir", dir, "key", "create", "--uin", "100000000021");
            assertThat(created.exit()).as(created.err()).isZero();
            var m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(created.out());
            assertThat(m.find()).isTrue();
            CosdProcess.Result list = CosdProcess.run(Map.of(), "admin", "--data-dir", dir, "key", "list");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains(E2e.SECRET_ID).contains(m.group(1) + "\t100000000021\tactive");
            // The server opens the key the admin process sealed: it authenticates (and, as a sub-user
            // without a policy, is denied rather than unknown).
            COSClient sub = env.cos(m.group(1), m.group(2));
            CosSdkBucketsAndErrorsTest.assertCode(() -> sub.getObject(E2e.bucket("beside"), "k"), 403, "AccessDenied");
            sub.shutdown();
            // The server is untouched: it still serves.
            cos.createBucket(E2e.bucket("after-admin"));
            assertThat(cos.listBuckets()).extracting(x -> x.getName()).contains(E2e.bucket("after-admin"));
            cos.shutdown();
            assertThat(List.of(add, created, list)).allSatisfy(r -> assertThat(r.err()).doesNotContain("in use"));
        }
    }

    private static String read(COSClient cos, String bucket, String key) throws IOException {
        try (var o = cos.getObject(bucket, key)) {
            return new String(o.getObjectContent().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
