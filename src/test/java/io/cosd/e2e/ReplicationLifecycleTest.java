package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.COSVersionSummary;
import com.qcloud.cos.model.GetObjectMetadataRequest;
import com.qcloud.cos.model.ListVersionsRequest;
import com.qcloud.cos.model.SetBucketReplicationConfigurationRequest;
import io.cosd.app.Config;
import io.cosd.store.meta.ReplicationOutbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static io.cosd.e2e.ReplicationEngineTest.await;
import static io.cosd.e2e.ReplicationEngineTest.versioning;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replication meets lifecycle and deletes by version id while the destination region is down
 * (REP-R4, REP-R5, REP-R6). The source runs with one-second lifecycle days; the destination server
 * is stopped and started again on the same port and data directory, which is what a region outage
 * looks like to the worker (connection refused: PENDING, retried).
 */
class ReplicationLifecycleTest {
    static final long DAY_MILLIS = 1000;
    static Path dstDir;
    static int dstPort;
    static E2e dst, src;
    static COSClient cosSrc;
    static final String SRC = E2e.bucket("rl-src"), DST = E2e.bucket("rl-dst");

    @BeforeAll
    static void start() throws Exception {
        dstDir = Files.createTempDirectory("cosd-rl-dst");
        dst = new E2e(dstDir, "ap-shanghai", null, 0);
        dstPort = dst.port();
        src = new E2e(Files.createTempDirectory("cosd-rl-src"), E2e.REGION, "ap-shanghai=http://127.0.0.1:" + dstPort, 0,
                Config.Lifecycle.testMode(1));
        cosSrc = src.cos();
        cosSrc.createBucket(SRC);
        COSClient d = dst.cos();
        d.createBucket(DST);
        versioning(cosSrc, SRC, BucketVersioningConfiguration.ENABLED);
        versioning(d, DST, BucketVersioningConfiguration.ENABLED);
        d.shutdown();
        cosSrc.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(SRC,
                ReplicationConfigApiTest.config("all", "", "qcs::cos:ap-shanghai::" + DST, null)));
        var r = LifecycleConfigApiTest.putRaw(src.port(), cosSrc, SRC, "<LifecycleConfiguration>"
                + "<Rule><ID>nc</ID><Filter><Prefix>nc/</Prefix></Filter><Status>Enabled</Status>"
                + "<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays></NoncurrentVersionExpiration></Rule>"
                + "<Rule><ID>exp</ID><Filter><Prefix>exp/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>"
                + "</LifecycleConfiguration>");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        cosSrc.shutdown();
        src.close();
        if (dst != null) dst.close();
    }

    /** The destination region goes away (its data stays on disk). */
    static void destinationDown() throws Exception {
        dst.server.close();
    }

    /** ... and comes back on the same address with the same data. */
    static void destinationUp() throws Exception {
        dst = new E2e(dstDir, "ap-shanghai", null, dstPort);
    }

    static String put(String key, String body) {
        return cosSrc.putObject(SRC, key, body).getVersionId();
    }

    static String status(String key, String versionId) {
        return (String) cosSrc.getObjectMetadata(new GetObjectMetadataRequest(SRC, key, versionId)).getRawMetadataValue("x-cos-replication-status");
    }

    static List<COSVersionSummary> versions(COSClient c, String bucket, String key) {
        return c.listVersions(new ListVersionsRequest(bucket, key, null, null, null, 100)).getVersionSummaries();
    }

    static List<String> ids(List<COSVersionSummary> vs) {
        return vs.stream().map(COSVersionSummary::getVersionId).toList();
    }

    static ReplicationOutbox.Stats stats() {
        return src.server.metadata().replication().stats(SRC, Instant.EPOCH);
    }

    @Test
    void noncurrentExpirationWaitsForAPendingCopyAndAppliesOnceItIsDone_REP_R6() throws Exception {
        destinationDown();
        String v1, v2;
        try {
            v1 = put("nc/k", "one");
            v2 = put("nc/k", "two"); // v1 is noncurrent from now on
            Thread.sleep(DAY_MILLIS + 150);
            src.server.runLifecyclePass();
            // v1 is due for NoncurrentVersionExpiration, but its copy is still owed: it stays.
            assertThat(ids(versions(cosSrc, SRC, "nc/k"))).containsExactly(v2, v1);
            assertThat(status("nc/k", v1)).isEqualTo("PENDING");
        } finally {
            destinationUp();
        }
        COSClient d = dst.cos();
        try {
            await(() -> "COMPLETED".equals(status("nc/k", v1)));
            assertThat(d.getObjectMetadata(new GetObjectMetadataRequest(DST, "nc/k", v1)).getVersionId()).isEqualTo(v1);
            // Now the pass may delete it (the background lifecycle worker may get there first).
            await(() -> {
                src.server.runLifecyclePass();
                return versions(cosSrc, SRC, "nc/k").size() == 1;
            });
            assertThat(ids(versions(cosSrc, SRC, "nc/k"))).containsExactly(v2);
            // The replica is kept: lifecycle deletes are not replicated (REP-R5).
            await(() -> versions(d, DST, "nc/k").size() == 2);
            assertThat(ids(versions(d, DST, "nc/k"))).containsExactly(v2, v1);
            assertThat(stats().failed()).isZero();
        } finally {
            d.shutdown();
        }
    }

    @Test
    void expirationInAnEnabledBucketOnlyAddsALocalMarkerAndTheReplicaStillArrives_REP_R6_REP_R5() throws Exception {
        destinationDown();
        String v;
        try {
            v = put("exp/k", "x");
            Thread.sleep(DAY_MILLIS + 150);
            src.server.runLifecyclePass();
            var local = versions(cosSrc, SRC, "exp/k");
            assertThat(local).hasSize(2);
            assertThat(local.get(0).isDeleteMarker()).isTrue(); // the data stays behind the lifecycle marker
            assertThat(status("exp/k", v)).isEqualTo("PENDING");
        } finally {
            destinationUp();
        }
        COSClient d = dst.cos();
        try {
            await(() -> "COMPLETED".equals(status("exp/k", v)));
            await(() -> stats().pending() == 0);
            // Only the version: the lifecycle delete marker had no outbox row (REP-R5), so the replica stays current there.
            var there = versions(d, DST, "exp/k");
            assertThat(there).singleElement().satisfies(s -> {
                assertThat(s.getVersionId()).isEqualTo(v);
                assertThat(s.isDeleteMarker()).isFalse();
            });
            assertThat(d.doesObjectExist(DST, "exp/k")).isTrue();
        } finally {
            d.shutdown();
        }
    }

    @Test
    void aVersionDeletedByIdBeforeItsCopyIsNeverReplicatedAndIsNoFailure_REP_R4() throws Exception {
        long failedBefore = stats().failed();
        destinationDown();
        String v;
        try {
            v = put("del/k", "x");
            long pending = stats().pending();
            assertThat(pending).isPositive();
            cosSrc.deleteVersion(SRC, "del/k", v);
            // The row went with the version, in its transaction: neither owed nor failed.
            assertThat(stats().pending()).isEqualTo(pending - 1);
            assertThat(stats().failed()).isEqualTo(failedBefore);
        } finally {
            destinationUp();
        }
        COSClient d = dst.cos();
        try {
            String later = put("del/later", "y"); // the worker is alive and past the outage
            await(() -> "COMPLETED".equals(status("del/later", later)));
            await(() -> stats().pending() == 0);
            assertThat(versions(d, DST, "del/k")).isEmpty();
            assertThat(stats().failed()).isEqualTo(failedBefore);
        } finally {
            d.shutdown();
        }
    }
}
