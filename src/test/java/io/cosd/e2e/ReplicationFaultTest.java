package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.ListVersionsRequest;
import com.qcloud.cos.model.SetBucketReplicationConfigurationRequest;
import com.qcloud.cos.model.VersionListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/replication.md#engine ("Exactly once, nothing lost"): two cosd processes (two regions, two data dirs). The destination is stopped, 1,000
 * versions and delete markers are written, the source is SIGKILLed and restarted, then the
 * destination comes back: every version and marker arrives exactly once, none is lost (REP-S4).
 */
class ReplicationFaultTest {
    static final String SRC = E2e.bucket("fault-src"), DST = E2e.bucket("fault-dst");
    static final int KEYS = 400, PUTS_PER_KEY = 2, MARKERS = 200; // 800 versions + 200 markers = 1,000

    @TempDir
    Path dir;

    @Test
    void withTheDestinationDownAndTheSourceRestartedEveryVersionArrivesExactlyOnce_REP_S4() throws Exception {
        int dstPort = freePort();
        Path dstDir = dir.resolve("shanghai"), srcDir = dir.resolve("guangzhou");
        List<Process> all = new ArrayList<>();
        try {
            Process dst = start(all, dstDir, "ap-shanghai", dstPort, null);
            awaitPort(dst);
            String regions = "ap-shanghai=http://127.0.0.1:" + dstPort;
            Process src = start(all, srcDir, E2e.REGION, 0, regions);
            int srcPort = awaitPort(src);
            COSClient cosDst = E2e.cosClient(dstPort, E2e.SECRET_ID, E2e.SECRET_KEY);
            COSClient cosSrc = E2e.cosClient(srcPort, E2e.SECRET_ID, E2e.SECRET_KEY);
            cosDst.createBucket(DST);
            cosSrc.createBucket(SRC);
            ReplicationEngineTest.versioning(cosDst, DST, BucketVersioningConfiguration.ENABLED);
            ReplicationEngineTest.versioning(cosSrc, SRC, BucketVersioningConfiguration.ENABLED);
            cosSrc.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(SRC,
                    ReplicationConfigApiTest.config("all", "", "qcs::cos:ap-shanghai::" + DST, null)));
            cosDst.shutdown();

            dst.destroyForcibly(); // the destination region goes away
            dst.waitFor(10, TimeUnit.SECONDS);

            Set<String> written = ConcurrentHashMap.newKeySet(); // key + "/" + versionId
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                jobs.add(pool.submit(() -> {
                    for (int k = thread; k < KEYS; k += 8) {
                        String key = "k/" + k;
                        for (int p = 0; p < PUTS_PER_KEY; p++) {
                            written.add(key + "/" + cosSrc.putObject(SRC, key, "v" + p + " of " + key).getVersionId());
                        }
                        if (k < MARKERS) cosSrc.deleteObject(SRC, key);
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) f.get(5, TimeUnit.MINUTES);
            pool.shutdown();
            cosSrc.shutdown();
            List<String> sourceVersions = versions(srcPort, SRC);
            assertThat(sourceVersions).hasSize(KEYS * PUTS_PER_KEY + MARKERS);
            assertThat(sourceVersions).containsAll(written);

            src.destroyForcibly(); // the source restarts with its outbox full
            src.waitFor(10, TimeUnit.SECONDS);
            src = start(all, srcDir, E2e.REGION, 0, regions);
            srcPort = awaitPort(src);
            dst = start(all, dstDir, "ap-shanghai", dstPort, null);
            awaitPort(dst);

            long deadline = System.currentTimeMillis() + 120_000;
            List<String> arrived = versions(dstPort, DST);
            while (arrived.size() < sourceVersions.size() && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
                arrived = versions(dstPort, DST);
            }
            assertThat(arrived).as("every version and delete marker, exactly once").hasSize(sourceVersions.size());
            assertThat(new HashSet<>(arrived)).isEqualTo(new HashSet<>(sourceVersions));
            // The source says so too: nothing left pending or failed.
            COSClient again = E2e.cosClient(srcPort, E2e.SECRET_ID, E2e.SECRET_KEY);
            for (int k = 0; k < KEYS; k += 37) {
                var listing = again.listVersions(new ListVersionsRequest(SRC, "k/" + k, null, null, null, 10));
                for (var v : listing.getVersionSummaries()) {
                    if (v.isDeleteMarker()) continue;
                    var md = again.getObjectMetadata(new com.qcloud.cos.model.GetObjectMetadataRequest(SRC, v.getKey(), v.getVersionId()));
                    assertThat(md.getRawMetadataValue("x-cos-replication-status")).isEqualTo("COMPLETED");
                }
            }
            again.shutdown();
        } finally {
            for (Process p : all) if (p.isAlive()) p.destroyForcibly();
        }
    }

    /** Every version and delete marker of the bucket as {@code key/versionId}, "M:" marking markers. */
    static List<String> versions(int port, String bucket) {
        COSClient c = E2e.cosClient(port, E2e.SECRET_ID, E2e.SECRET_KEY);
        try {
            List<String> out = new ArrayList<>();
            VersionListing l = c.listVersions(new ListVersionsRequest(bucket, null, null, null, null, 1000));
            while (true) {
                for (var v : l.getVersionSummaries()) out.add(v.getKey() + "/" + v.getVersionId());
                if (!l.isTruncated()) break;
                l = c.listNextBatchOfVersions(l);
            }
            return out;
        } finally {
            c.shutdown();
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static Process start(List<Process> all, Path data, String region, int port, String regions) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.cosd.app.Main",
                "serve", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--data-dir", data.toString(), "--region", region));
        if (regions != null) cmd.addAll(List.of("--regions", regions));
        var pb = new ProcessBuilder(cmd);
        pb.environment().putAll(Map.of("COSD_ROOT_UIN", E2e.UIN, "COSD_APPID", E2e.APPID,
                "COSD_ROOT_SECRET_ID", E2e.SECRET_ID, "COSD_ROOT_SECRET_KEY", E2e.SECRET_KEY));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        all.add(p);
        return p;
    }

    static int awaitPort(Process p) throws Exception {
        var r = new BufferedReader(new InputStreamReader(p.getInputStream()));
        var pattern = Pattern.compile("listening on http://[^:]+:(\\d+)");
        long deadline = System.currentTimeMillis() + 60_000;
        StringBuilder seen = new StringBuilder();
        for (String line; System.currentTimeMillis() < deadline && (line = r.readLine()) != null; ) {
            seen.append(line).append('\n');
            var m = pattern.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> { try { r.transferTo(Writer.nullWriter()); } catch (Exception ignored) { } });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("server did not start:\n" + seen);
    }
}
