package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import io.cosd.app.Config;
import io.cosd.app.Server;
import io.cosd.domain.object.ObjectVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL while the background lifecycle pass moves objects to the cold tier (COSD_LIFECYCLE_DAY_SECONDS=1,
 * Transition Days=0 to ARCHIVE). Whatever moment the kill hits, after a restart every object is either
 * still hot or wholly cold, every blob file belongs to exactly one version (start-up collected the
 * half-done cold copies), and the resumed pass finishes the job with the bytes intact.
 */
class LifecycleCrashTest {
    static final int OBJECTS = 120;
    @TempDir
    Path dir;

    static byte[] data(int i) {
        byte[] b = new byte[70 * 1024 + i * 997];
        new Random(i).nextBytes(b);
        return b;
    }

    @Test
    void aKilledTransitionPassLeavesHotOrColdObjectsAndNoOrphans() throws Exception {
        String b = E2e.bucket("lc-crash");
        String java = ProcessHandle.current().info().command().orElse("java");
        var pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.cosd.app.Main", "serve",
                "--port", "0", "--bind", "127.0.0.1", "--data-dir", dir.toString());
        pb.environment().putAll(Map.of("COSD_ROOT_UIN", E2e.UIN, "COSD_APPID", E2e.APPID,
                "COSD_ROOT_SECRET_ID", E2e.SECRET_ID, "COSD_ROOT_SECRET_KEY", E2e.SECRET_KEY, "COSD_LIFECYCLE_DAY_SECONDS", "1"));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try {
            int port = CrashRecoveryTest.awaitPort(p);
            COSClient cos = E2e.cosClient(port, E2e.SECRET_ID, E2e.SECRET_KEY);
            cos.createBucket(b);
            for (int i = 0; i < OBJECTS; i++) {
                byte[] d = data(i);
                ObjectMetadata md = new ObjectMetadata();
                md.setContentLength(d.length);
                cos.putObject(new PutObjectRequest(b, "o/" + i, new ByteArrayInputStream(d), md));
            }
            var r = LifecycleConfigApiTest.putRaw(port, cos, b, "<LifecycleConfiguration><Rule><ID>cold</ID><Filter/>"
                    + "<Status>Enabled</Status><Transition><Days>0</Days><StorageClass>ARCHIVE</StorageClass></Transition></Rule></LifecycleConfiguration>");
            assertThat(r.status()).isEqualTo(200);
            // Kill as soon as the pass has moved something (or after 10 s): mid-pass with high probability.
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline && !anyCold()) Thread.sleep(20);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            cos.shutdown();
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }

        // First restart with real days: the resumed pass finds nothing due (Days=0 means the next Beijing
        // midnight), so the files can be counted without a live transition racing the count.
        try (Server s = Server.start(new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000), Map.of())) {
            // Start-up cleanup ran: each blob file is referenced by one version, in the tier its id names.
            long hot = 0, cold = 0;
            for (int i = 0; i < OBJECTS; i++) {
                ObjectVersion v = s.metadata().objects().latest(b, "o/" + i).orElseThrow();
                boolean isCold = v.blobId().startsWith("cold-");
                assertThat(v.storageClass().isArchive()).isEqualTo(isCold);
                Path f = isCold ? LifecycleExecutionTest.blobPath(dir.resolve("cold"), v.blobId().substring(5))
                        : LifecycleExecutionTest.blobPath(dir, v.blobId());
                assertThat(f).exists();
                if (isCold) cold++; else hot++;
            }
            assertThat(LifecycleExecutionTest.files(dir.resolve("blobs")) + LifecycleExecutionTest.files(dir.resolve("cold/blobs")))
                    .as("no orphan blob survived the restart").isEqualTo(OBJECTS);
            assertThat(hot + cold).isEqualTo(OBJECTS);
        }
        // Then in test mode: the pass finishes the job and the archived bytes are intact.
        try (Server s = Server.start(new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000).withLifecycle(Config.Lifecycle.testMode(1)),
                Map.of())) {
            s.runLifecyclePass();
            for (int i = 0; i < OBJECTS; i++) {
                assertThat(s.metadata().objects().latest(b, "o/" + i).orElseThrow().blobId()).startsWith("cold-");
            }
            COSClient cos = E2e.cosClient(s.port(), E2e.SECRET_ID, E2e.SECRET_KEY);
            var req = new com.qcloud.cos.model.RestoreObjectRequest(b, "o/7", 600); // 600 test days: no expiry before the GET
            req.setCASJobParameters(new com.qcloud.cos.model.CASJobParameters().withTier(com.qcloud.cos.model.Tier.Expedited));
            cos.restoreObject(req);
            Thread.sleep(1100);
            s.runRestores();
            try (var in = cos.getObject(b, "o/7").getObjectContent()) {
                assertThat(in.readAllBytes()).isEqualTo(data(7));
            }
            cos.shutdown();
        }
    }

    private boolean anyCold() throws Exception {
        return LifecycleExecutionTest.files(dir.resolve("cold/blobs")) > 0;
    }
}
