package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import com.qcloud.cos.model.GetObjectMetadataRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.PartETag;
import com.qcloud.cos.model.SetBucketReplicationConfigurationRequest;
import com.qcloud.cos.model.UploadPartRequest;
import io.cosd.app.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.cosd.e2e.ReplicationEngineTest.await;
import static io.cosd.e2e.ReplicationEngineTest.versioning;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Destinations reached as plain endpoints (docs/replication.md#regions): {@code s3+http://} (SigV4 client) and
 * {@code cos+http://} (q-sign, no private replica headers) — both here happen to be a cosd, which
 * answers them like any S3/COS server: ordinary writes with the destination's own version ids.
 * Also multipart objects, which stream part after part and keep the source ETag on a peer cosd.
 */
class ReplicationEndpointsTest {
    static E2e dst, src;
    static FlakyProxy flaky, corrupting, ordering;
    static COSClient cosSrc, cosDst;
    static final String DST = E2e.bucket("ep-dst");

    @BeforeAll
    static void start() throws Exception {
        // One cosd plays several destination regions; its S3 face is signed with those names (docs/signing.md AUTH-5).
        dst = new E2e(Files.createTempDirectory("cosd-ep-dst"), "ap-shanghai", null, 0, Config.Lifecycle.DEFAULT,
                new Config.Auth(false, Duration.ofDays(7), Set.of("ap-beijing", "ap-nanjing", "ap-chongqing")));
        String p = Integer.toString(dst.port());
        flaky = new FlakyProxy(dst.port()); // region ap-nanjing: S3 through a connection that can break mid-upload
        corrupting = new FlakyProxy(dst.port()); // region ap-xian: the peer cosd through a link that can flip a byte
        ordering = new FlakyProxy(dst.port()); // region ap-chongqing: S3 through a connection that can break (REP-O1)
        // Test-only knobs, read when the source's worker is built: multipart above 6 MiB, 2 MiB parts.
        System.setProperty("cosd.replication.multipartAbove", Long.toString(6L << 20));
        System.setProperty("cosd.replication.partSize", Long.toString(2L << 20));
        src = new E2e(Files.createTempDirectory("cosd-ep-src"), E2e.REGION,
                "ap-shanghai=http://127.0.0.1:" + p + ",ap-beijing=s3+http://127.0.0.1:" + p + ",ap-chengdu=cos+http://127.0.0.1:" + p
                        + ",ap-nanjing=s3+http://127.0.0.1:" + flaky.port() + ",ap-xian=http://127.0.0.1:" + corrupting.port()
                        + ",ap-chongqing=s3+http://127.0.0.1:" + ordering.port(), 0);
        System.clearProperty("cosd.replication.multipartAbove");
        System.clearProperty("cosd.replication.partSize");
        cosSrc = src.cos();
        cosDst = dst.cos();
        cosDst.createBucket(DST);
        versioning(cosDst, DST, BucketVersioningConfiguration.ENABLED);
    }

    @AfterAll
    static void stop() throws Exception {
        cosSrc.shutdown();
        cosDst.shutdown();
        src.close();
        dst.close();
        flaky.close();
        corrupting.close();
        ordering.close();
    }

    static String source(String name, String region) {
        String b = E2e.bucket(name);
        cosSrc.createBucket(b);
        versioning(cosSrc, b, BucketVersioningConfiguration.ENABLED);
        cosSrc.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(b,
                ReplicationConfigApiTest.config("r", name + "/", "qcs::cos:" + region + "::" + DST, null)));
        return b;
    }

    static String status(String bucket, String key, String v) {
        return (String) cosSrc.getObjectMetadata(new GetObjectMetadataRequest(bucket, key, v)).getRawMetadataValue("x-cos-replication-status");
    }

    @Test
    void anS3EndpointGetsASigV4SignedOrdinaryPut() throws Exception {
        String b = source("viasigv4", "ap-beijing");
        String v = cosSrc.putObject(b, "viasigv4/a.txt", "over sigv4").getVersionId();
        await(() -> "COMPLETED".equals(status(b, "viasigv4/a.txt", v)));
        try (var o = cosDst.getObject(DST, "viasigv4/a.txt")) {
            assertThat(new String(o.getObjectContent().readAllBytes())).isEqualTo("over sigv4");
            assertThat(o.getObjectMetadata().getVersionId()).isNotEqualTo(v); // plain endpoints assign their own ids
        }
    }

    @Test
    void oddKeysAreSignedAsSentToSigV4AndQSignEndpoints() throws Exception {
        for (String[] via : new String[][] {{"oddcos", "ap-chengdu"}, {"odds3", "ap-beijing"}}) {
            String b = source(via[0], via[1]);
            String key = via[0] + "/a//b/./c/../sp ace+é%25~*'()";
            String v = cosSrc.putObject(b, key, "odd").getVersionId();
            await(() -> "COMPLETED".equals(status(b, key, v)) || "FAILED".equals(status(b, key, v)));
            assertThat(status(b, key, v)).as(via[0]).isEqualTo("COMPLETED");
            assertThat(cosDst.doesObjectExist(DST, key)).as(via[0]).isTrue();
        }
    }

    /** Successful UploadPart requests the destination has answered so far. */
    static long uploadedParts() throws Exception {
        String m = RawHttp.send(dst.port(), "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), null).text();
        return m.lines().filter(l -> l.startsWith("cosd_requests_total{") && l.contains("operation=\"UPLOAD_PART\"") && l.contains("status=\"200\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aBigCopyCutMidUploadResumesWithThePartsAlreadyThere_REP_S4() throws Exception {
        String b = source("resume", "ap-nanjing");
        byte[] data = new byte[7 * 1024 * 1024 + 3]; // 2 MiB parts: 2 + 2 + 2 + 1 MiB
        new Random(11).nextBytes(data);
        long before = uploadedParts();
        // Parts 1 and 2 arrive; part 3 breaks half way, and so does the HTTP client's one immediate
        // retry of it, so the attempt fails and the worker's next attempt has to resume the upload.
        flaky.cutAfter((5L << 20) + (512 << 10), 2, 1L << 20);
        var m = new com.qcloud.cos.model.ObjectMetadata();
        m.setContentLength(data.length);
        String key = "resume/big.bin";
        String v = cosSrc.putObject(new com.qcloud.cos.model.PutObjectRequest(b, key, new ByteArrayInputStream(data), m)).getVersionId();
        await(() -> "COMPLETED".equals(status(b, key, v)));
        assertThat(flaky.cuts()).isEqualTo(2);
        // Resumed: parts 1-2 stay, 3 and 4 are sent once more; a restart would have sent all four again.
        assertThat(uploadedParts() - before).isEqualTo(4);
        try (var o = cosDst.getObject(DST, key)) {
            assertThat(MessageDigest.getInstance("MD5").digest(o.getObjectContent().readAllBytes()))
                    .isEqualTo(MessageDigest.getInstance("MD5").digest(data));
        }
    }

    @Test
    void aReplicaWhoseBytesWereCorruptedInTransitIsCaughtByItsCrc64AndMarkedFailed() throws Exception {
        String b = source("corrupt", "ap-xian");
        // A multipart source: sent to the peer without Content-MD5, so the CRC64 the peer answers
        // with is the only end-to-end check.
        String key = "corrupt/mpu.bin";
        String id = cosSrc.initiateMultipartUpload(new InitiateMultipartUploadRequest(b, key)).getUploadId();
        byte[] p1 = new byte[5 * 1024 * 1024], p2 = new byte[4321];
        new Random(5).nextBytes(p1);
        new Random(6).nextBytes(p2);
        List<PartETag> etags = new ArrayList<>();
        int n = 1;
        for (byte[] part : List.of(p1, p2)) {
            var r = new UploadPartRequest();
            r.setBucketName(b);
            r.setKey(key);
            r.setUploadId(id);
            r.setPartNumber(n++);
            r.setInputStream(new ByteArrayInputStream(part));
            r.setPartSize(part.length);
            etags.add(cosSrc.uploadPart(r).getPartETag());
        }
        corrupting.corruptAfter(200_000); // inside the replica PUT's body
        String v = cosSrc.completeMultipartUpload(new CompleteMultipartUploadRequest(b, key, id, etags)).getVersionId();
        await(() -> !"PENDING".equals(status(b, key, v)));
        assertThat(corrupting.corrupted()).isTrue();
        assertThat(status(b, key, v)).isEqualTo("FAILED");
        String out = ReplicationEngineTest.adminOn(src, "replication", "status", b);
        assertThat(out).contains("CRC64 mismatch");
    }

    static String putBytes(String bucket, String key, byte[] data) {
        var m = new com.qcloud.cos.model.ObjectMetadata();
        m.setContentLength(data.length);
        return cosSrc.putObject(new com.qcloud.cos.model.PutObjectRequest(bucket, key, new ByteArrayInputStream(data), m)).getVersionId();
    }

    /**
     * REP-O1 (docs/replication.md "Order per key"): a plain S3 destination makes the last copy it receives
     * current. The first copy of a key breaks mid-body (and so does the HTTP client's immediate retry of it),
     * so it waits in backoff; the key's newer version, and in the second round a delete marker, written
     * meanwhile must wait for it rather than overtake it. Before the rule the small newer copy went at once
     * and the older one's retry landed last: the destination showed the older bytes as current (and the
     * deleted key as present).
     */
    @Test
    void aRetriedOlderCopyIsNotOvertakenByItsKeysNewerVersionOrDeleteMarker_REP_O1() throws Exception {
        String b = source("order", "ap-chongqing");
        byte[] older = new byte[1 << 20];
        java.util.Arrays.fill(older, (byte) 'o');
        ordering.cutAfter(512 << 10, 2, 256 << 10);
        String key = "order/doc";
        String v1 = putBytes(b, key, older);
        String v2 = cosSrc.putObject(b, key, "newest").getVersionId();
        await(() -> "COMPLETED".equals(status(b, key, v1)) && "COMPLETED".equals(status(b, key, v2)));
        assertThat(ordering.cuts()).as("the first copy failed").isPositive();
        try (var o = cosDst.getObject(DST, key)) {
            // By length first: the older version is 1 MiB, too big for an assertion message.
            assertThat(o.getObjectMetadata().getContentLength()).as("the newest version (6 bytes) is current there, not the older one")
                    .isEqualTo(6);
            assertThat(new String(o.getObjectContent().readAllBytes())).isEqualTo("newest");
        }

        ordering.cutAfter(512 << 10, 2, 256 << 10);
        int cutsBefore = ordering.cuts();
        String gone = "order/gone";
        String v3 = putBytes(b, gone, older);
        cosSrc.deleteObject(b, gone); // a delete marker: an ordinary DELETE there
        await(() -> src.server.metadata().replication().stats(b, java.time.Instant.EPOCH).pending() == 0);
        assertThat(ordering.cuts()).as("the first copy failed").isGreaterThan(cutsBefore);
        assertThat(status(b, gone, v3)).isEqualTo("COMPLETED");
        assertThat(cosDst.doesObjectExist(DST, gone)).as("the delete marker arrived last").isFalse();
    }

    @Test
    void aCosEndpointGetsAQSignedOrdinaryPutAndDelete() throws Exception {
        String b = source("viacos", "ap-chengdu");
        String v = cosSrc.putObject(b, "viacos/a.txt", "over q-sign").getVersionId();
        await(() -> "COMPLETED".equals(status(b, "viacos/a.txt", v)));
        assertThat(cosDst.doesObjectExist(DST, "viacos/a.txt")).isTrue();
        cosSrc.deleteObject(b, "viacos/a.txt"); // a delete marker: an ordinary DELETE there
        await(() -> !cosDst.doesObjectExist(DST, "viacos/a.txt"));
    }

    @Test
    void bigObjectsGoToPlainEndpointsAsMultipartUploads() throws Exception {
        for (String[] via : new String[][] {{"bigcos", "ap-chengdu"}, {"bigs3", "ap-beijing"}}) {
            String b = source(via[0], via[1]);
            byte[] data = new byte[7 * 1024 * 1024 + 3];
            new Random(3).nextBytes(data);
            var m = new com.qcloud.cos.model.ObjectMetadata();
            m.setContentLength(data.length);
            m.setContentType("application/x-big");
            String key = via[0] + "/big.bin";
            String v = cosSrc.putObject(new com.qcloud.cos.model.PutObjectRequest(b, key, new ByteArrayInputStream(data), m)).getVersionId();
            await(() -> "COMPLETED".equals(status(b, key, v)));
            var md = cosDst.getObjectMetadata(DST, key);
            assertThat(md.getETag()).as(via[1]).endsWith("-4"); // 2 + 2 + 2 + 1 MiB parts
            assertThat(md.getContentType()).isEqualTo("application/x-big");
            try (var o = cosDst.getObject(DST, key)) {
                assertThat(o.getObjectContent().readAllBytes()).isEqualTo(data);
            }
        }
    }

    @Test
    void aMultipartObjectStreamsPartAfterPartAndKeepsItsEtag_REP_R2() throws Exception {
        String b = source("mpu", "ap-shanghai");
        String key = "mpu/big.bin";
        String id = cosSrc.initiateMultipartUpload(new InitiateMultipartUploadRequest(b, key)).getUploadId();
        Random rnd = new Random(7);
        byte[] p1 = new byte[5 * 1024 * 1024], p2 = new byte[123_457];
        rnd.nextBytes(p1);
        rnd.nextBytes(p2);
        List<PartETag> etags = new ArrayList<>();
        int n = 1;
        for (byte[] part : List.of(p1, p2)) {
            var r = new UploadPartRequest();
            r.setBucketName(b);
            r.setKey(key);
            r.setUploadId(id);
            r.setPartNumber(n++);
            r.setInputStream(new ByteArrayInputStream(part));
            r.setPartSize(part.length);
            etags.add(cosSrc.uploadPart(r).getPartETag());
        }
        var done = cosSrc.completeMultipartUpload(new CompleteMultipartUploadRequest(b, key, id, etags));
        String v = done.getVersionId();
        await(() -> "COMPLETED".equals(status(b, key, v)));
        var md = cosDst.getObjectMetadata(new GetObjectMetadataRequest(DST, key, v));
        assertThat(md.getETag()).isEqualTo(done.getETag());
        assertThat(md.getContentLength()).isEqualTo(p1.length + p2.length);
        MessageDigest want = MessageDigest.getInstance("MD5");
        want.update(p1);
        want.update(p2);
        try (var o = cosDst.getObject(DST, key)) {
            assertThat(MessageDigest.getInstance("MD5").digest(o.getObjectContent().readAllBytes())).isEqualTo(want.digest());
        }
    }
}
