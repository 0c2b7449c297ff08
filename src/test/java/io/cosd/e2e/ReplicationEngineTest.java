package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketReplicationConfiguration;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.COSVersionSummary;
import com.qcloud.cos.model.GetObjectMetadataRequest;
import com.qcloud.cos.model.GetObjectTaggingRequest;
import com.qcloud.cos.model.ListVersionsRequest;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.ReplicationRuleStatus;
import com.qcloud.cos.model.SetBucketReplicationConfigurationRequest;
import com.qcloud.cos.model.SetBucketVersioningConfigurationRequest;
import com.qcloud.cos.model.Tag.Tag;
import io.cosd.app.Main;
import io.cosd.domain.object.Crc64;
import io.cosd.domain.object.VersionIds;
import io.cosd.domain.replication.ReplicaHeaderNames;
import io.cosd.domain.signing.OutboundSigner;
import io.cosd.store.meta.ReplicationOutbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ReplicationStatus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The replication engine between two in-process servers of two regions (docs/spec/semantics.md §4.3, §4.4):
 * source ap-guangzhou knows ap-shanghai through COSD_REGIONS; both hold the same account, so the
 * worker signs with the bucket owner's root key and uses cosd's private replica headers.
 */
class ReplicationEngineTest {
    static E2e dst, src;
    static COSClient cosSrc, cosDst;
    static final String SRC = E2e.bucket("eng-src"), DST = E2e.bucket("eng-dst");

    @BeforeAll
    static void start() throws Exception {
        dst = new E2e(Files.createTempDirectory("cosd-repl-dst"), "ap-shanghai", null, 0);
        src = new E2e(Files.createTempDirectory("cosd-repl-src"), E2e.REGION, "ap-shanghai=http://127.0.0.1:" + dst.port(), 0);
        cosSrc = src.cos();
        cosDst = dst.cos();
        cosSrc.createBucket(SRC);
        cosDst.createBucket(DST);
        versioning(cosSrc, SRC, BucketVersioningConfiguration.ENABLED);
        versioning(cosDst, DST, BucketVersioningConfiguration.ENABLED);
        cosSrc.putObject(SRC, "old/before-the-rule", "x"); // REP-R1: never replicated
        cosSrc.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(SRC, rules()));
    }

    static BucketReplicationConfiguration rules() {
        BucketReplicationConfiguration c = ReplicationConfigApiTest.config("all", "data/", "qcs::cos:ap-shanghai::" + DST, null);
        c.addRule(rule("ia", "ia/", "STANDARD_IA"));
        c.addRule(rule("old", "old/", null));
        var off = rule("off", "off/", null);
        off.setStatus(ReplicationRuleStatus.Disabled);
        c.addRule(off);
        return c;
    }

    static com.qcloud.cos.model.ReplicationRule rule(String id, String prefix, String sc) {
        return ReplicationConfigApiTest.config(id, prefix, "qcs::cos:ap-shanghai::" + DST, sc).getRules().get(0);
    }

    @AfterAll
    static void stop() throws Exception {
        cosSrc.shutdown();
        cosDst.shutdown();
        src.close();
        dst.close();
    }

    static void versioning(COSClient c, String b, String status) {
        c.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(b, new BucketVersioningConfiguration(status)));
    }

    static String put(String key, String body, Map<String, String> meta, String tagging) {
        ObjectMetadata m = new ObjectMetadata();
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        m.setContentLength(b.length);
        m.setContentType("text/plain");
        meta.forEach(m::addUserMetadata);
        if (tagging != null) m.setHeader("x-cos-tagging", tagging);
        return cosSrc.putObject(new PutObjectRequest(SRC, key, new ByteArrayInputStream(b), m)).getVersionId();
    }

    static String status(String key, String versionId) {
        return (String) cosSrc.getObjectMetadata(new GetObjectMetadataRequest(SRC, key, versionId)).getRawMetadataValue("x-cos-replication-status");
    }

    /** Polls (not a speed assertion: the deadline only bounds a hung test). */
    static void await(Supplier<Boolean> cond) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!cond.get()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("condition not met within 30 s");
            Thread.sleep(20);
        }
    }

    static long outboxRows() {
        var s = src.server.metadata().replication().stats(SRC, Instant.EPOCH);
        return s.pending() + s.failed() + s.completedSince();
    }

    @Test
    void aNewVersionArrivesWithItsIdDataMetadataTagsAndCreationTime_REP_R2_REP_S1() throws Exception {
        String v = put("data/a.txt", "hello", Map.of("author", "ann"), "team=data&tier=gold");
        assertThat(status("data/a.txt", v)).isIn("PENDING", "COMPLETED");
        await(() -> "COMPLETED".equals(status("data/a.txt", v)));
        ObjectMetadata s = cosSrc.getObjectMetadata(new GetObjectMetadataRequest(SRC, "data/a.txt", v));
        ObjectMetadata d = cosDst.getObjectMetadata(new GetObjectMetadataRequest(DST, "data/a.txt", v));
        assertThat(d.getVersionId()).isEqualTo(v);
        assertThat(d.getETag()).isEqualTo(s.getETag());
        assertThat(d.getContentType()).isEqualTo("text/plain");
        assertThat(d.getUserMetadata()).containsEntry("author", "ann");
        assertThat(d.getLastModified()).isEqualTo(s.getLastModified());
        // x-cos-hash-crc64ecma: the replica's value is computed on arrival and equals the source's.
        assertThat(d.getCrc64Ecma()).isEqualTo(s.getCrc64Ecma())
                .isEqualTo(Crc64.toString(Crc64.of("hello".getBytes(StandardCharsets.UTF_8))));
        assertThat(d.getRawMetadataValue("x-cos-replication-status")).isEqualTo("Replica"); // REP-S1, COS casing
        assertThat(cosDst.getObjectTagging(new GetObjectTaggingRequest(DST, "data/a.txt", v)).getTagSet())
                .extracting(Tag::getKey).containsExactly("team", "tier");
        try (var o = cosDst.getObject(DST, "data/a.txt")) {
            assertThat(new String(o.getObjectContent().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        }
        try (S3Client s3 = dst.s3()) { // S3 dialect spelling
            assertThat(s3.headObject(h -> h.bucket(DST).key("data/a.txt")).replicationStatus()).isEqualTo(ReplicationStatus.REPLICA);
        }
    }

    @Test
    void aVersionsChecksumTravelsWithItAndIsVerifiedAndStoredOnTheDestination_OBJ_K2() throws Exception {
        try (S3Client s3Src = src.s3(); S3Client s3Dst = dst.s3()) {
            String v = s3Src.putObject(r -> r.bucket(SRC).key("data/ck.txt")
                    .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.SHA256),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("checked across regions")).versionId();
            await(() -> "COMPLETED".equals(status("data/ck.txt", v)));
            var mode = software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED;
            String source = s3Src.headObject(r -> r.bucket(SRC).key("data/ck.txt").checksumMode(mode)).checksumSHA256();
            assertThat(s3Dst.headObject(r -> r.bucket(DST).key("data/ck.txt").versionId(v).checksumMode(mode)).checksumSHA256())
                    .isNotNull().isEqualTo(source);
        }
    }

    @Test
    void theRuleStorageClassAppliesOnTheDestination_REP_A3() throws Exception {
        String v = put("ia/b.txt", "b", Map.of(), null);
        await(() -> "COMPLETED".equals(status("ia/b.txt", v)));
        assertThat(cosDst.getObjectMetadata(new GetObjectMetadataRequest(DST, "ia/b.txt", v)).getRawMetadataValue("x-cos-storage-class"))
                .hasToString("STANDARD_IA");
    }

    @Test
    void objectsOutsideEveryRuleOrUnderADisabledRuleCarryNoStatusAndNoRow_REP_R1_REP_S1() {
        long before = outboxRows();
        String v1 = put("elsewhere/c.txt", "c", Map.of(), null);
        String v2 = put("off/d.txt", "d", Map.of(), null);
        assertThat(status("elsewhere/c.txt", v1)).isNull();
        assertThat(status("off/d.txt", v2)).isNull();
        assertThat(outboxRows()).isEqualTo(before);
        assertThat(cosDst.doesObjectExist(DST, "old/before-the-rule")).isFalse(); // existed before the rule
    }

    @Test
    void deleteMarkersAreReplicatedWithTheirIdButVersionedDeletesAreNot_REP_R3_REP_R4() throws Exception {
        String v = put("data/del.txt", "x", Map.of(), null);
        await(() -> "COMPLETED".equals(status("data/del.txt", v)));
        cosSrc.deleteObject(SRC, "data/del.txt"); // a delete marker
        var markers = cosSrc.listVersions(new ListVersionsRequest(SRC, "data/del.txt", null, null, null, 10)).getVersionSummaries()
                .stream().filter(s -> s.isDeleteMarker()).toList();
        assertThat(markers).hasSize(1);
        String markerId = markers.get(0).getVersionId();
        await(() -> cosDst.listVersions(new ListVersionsRequest(DST, "data/del.txt", null, null, null, 10)).getVersionSummaries()
                .stream().anyMatch(s -> s.isDeleteMarker() && s.getVersionId().equals(markerId)));
        assertThat(cosDst.doesObjectExist(DST, "data/del.txt")).isFalse();
        // The marker on the destination does not mean its outbox row is COMPLETED yet: the worker records
        // acknowledgements in its next group commit. Deleting the marker by id before that removes the row
        // still PENDING (REP-R4, docs/replication.md "Deleted before it was copied": the replica stays), so
        // the row count below would drop by one. Await the state the count compares against: nothing pending.
        await(() -> src.server.metadata().replication().stats(SRC, Instant.EPOCH).pending() == 0);
        // REP-R4: deleting a version (and the marker) by id changes nothing on the destination.
        long before = outboxRows();
        cosSrc.deleteVersion(SRC, "data/del.txt", markerId);
        cosSrc.deleteVersion(SRC, "data/del.txt", v);
        assertThat(outboxRows()).isEqualTo(before);
        // Both named, so a failure says which one the destination lost.
        assertThat(cosDst.listVersions(new ListVersionsRequest(DST, "data/del.txt", null, null, null, 10)).getVersionSummaries())
                .extracting(COSVersionSummary::getVersionId, COSVersionSummary::isDeleteMarker)
                .containsExactly(tuple(markerId, true), tuple(v, false));
    }

    @Test
    void aDeleteRightAfterThePutDoesNotCancelTheCopy_REP_R6() throws Exception {
        String v = put("data/quick.txt", "q", Map.of(), null);
        cosSrc.deleteObject(SRC, "data/quick.txt"); // current version goes behind a marker before (or while) it is copied
        await(() -> "COMPLETED".equals(status("data/quick.txt", v)));
        assertThat(cosDst.getObjectMetadata(new GetObjectMetadataRequest(DST, "data/quick.txt", v)).getVersionId()).isEqualTo(v);
        await(() -> !cosDst.doesObjectExist(DST, "data/quick.txt")); // and the marker follows
    }

    @Test
    void deleteMarkerReplicationDisabledKeepsMarkersLocal_REP_R3() throws Exception {
        // The SDK cannot say DeleteMarkerReplication; a raw document can.
        String doc = "<ReplicationConfiguration><Role>" + ReplicationConfigApiTest.ROLE + "</Role>"
                + "<Rule><ID>all</ID><Status>Enabled</Status><Prefix>data/</Prefix><Destination><Bucket>qcs::cos:ap-shanghai::" + DST
                + "</Bucket></Destination></Rule><Rule><ID>ia</ID><Status>Enabled</Status><Prefix>ia/</Prefix><Destination><Bucket>"
                + "qcs::cos:ap-shanghai::" + DST + "</Bucket><StorageClass>STANDARD_IA</StorageClass></Destination></Rule>"
                + "<Rule><ID>old</ID><Status>Enabled</Status><Prefix>old/</Prefix><Destination><Bucket>qcs::cos:ap-shanghai::" + DST
                + "</Bucket></Destination></Rule><Rule><ID>off</ID><Status>Disabled</Status><Prefix>off/</Prefix><Destination><Bucket>"
                + "qcs::cos:ap-shanghai::" + DST + "</Bucket></Destination></Rule><Rule><ID>nm</ID><Status>Enabled</Status>"
                + "<Prefix>nomark/</Prefix><Destination><Bucket>qcs::cos:ap-shanghai::" + DST + "</Bucket></Destination>"
                + "<DeleteMarkerReplication><Status>Disabled</Status></DeleteMarkerReplication></Rule></ReplicationConfiguration>";
        var r = Raw.put(src.port(), SRC, "replication", doc);
        assertThat(r.status()).isEqualTo(200);
        String v = put("nomark/e.txt", "e", Map.of(), null);
        await(() -> "COMPLETED".equals(status("nomark/e.txt", v)));
        long before = outboxRows();
        cosSrc.deleteObject(SRC, "nomark/e.txt");
        assertThat(outboxRows()).isEqualTo(before);
        assertThat(cosDst.doesObjectExist(DST, "nomark/e.txt")).isTrue();
    }

    @Test
    void replicasAreNeverReplicatedAgainSoTwoWayRulesDoNotLoop_REP_R5_REP_R7() throws Exception {
        // The destination region does not know the source's, so a loop would show up as FAILED rows there.
        String v = put("data/loop.txt", "l", Map.of(), null);
        await(() -> "COMPLETED".equals(status("data/loop.txt", v)));
        var s = dst.server.metadata().replication().stats(null, Instant.EPOCH);
        assertThat(s.pending() + s.failed() + s.completedSince()).isZero();
        assertThat(cosSrc.listVersions(new ListVersionsRequest(SRC, "data/loop.txt", null, null, null, 10)).getVersionSummaries()).hasSize(1);
    }

    @Test
    void anUnversionedDestinationIsAPermanentFailureThatResyncRequeues_REP_S4_REP_S5() throws Exception {
        String other = E2e.bucket("eng-dst2");
        cosDst.createBucket(other);
        versioning(cosDst, other, BucketVersioningConfiguration.ENABLED);
        String src2 = E2e.bucket("eng-src2");
        cosSrc.createBucket(src2);
        versioning(cosSrc, src2, BucketVersioningConfiguration.ENABLED);
        cosSrc.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(src2,
                ReplicationConfigApiTest.config("r", "", "qcs::cos:ap-shanghai::" + other, null)));
        versioning(cosDst, other, BucketVersioningConfiguration.SUSPENDED); // REP-S5: later copies fail
        ObjectMetadata m = new ObjectMetadata();
        m.setContentLength(1);
        String v = cosSrc.putObject(new PutObjectRequest(src2, "f", new ByteArrayInputStream(new byte[] {1}), m)).getVersionId();
        Supplier<String> st = () -> (String) cosSrc.getObjectMetadata(new GetObjectMetadataRequest(src2, "f", v))
                .getRawMetadataValue("x-cos-replication-status");
        await(() -> "FAILED".equals(st.get()));
        assertThat(src.server.metadata().replication().stats(src2, Instant.EPOCH).failed()).isEqualTo(1);
        versioning(cosDst, other, BucketVersioningConfiguration.ENABLED);
        assertThat(src.server.metadata().replication().requeueFailed(src2, Instant.now())).isEqualTo(1); // what admin resync does
        await(() -> "COMPLETED".equals(st.get()));
        assertThat(cosDst.getObjectMetadata(new GetObjectMetadataRequest(other, "f", v)).getVersionId()).isEqualTo(v);
    }

    @Test
    void versionsDeliveredOutOfOrderAreListedByVersionIdOnTheDestination_REP_S3() throws Exception {
        // Three versions of one key, delivered as the worker delivers them (private replica PUT,
        // signed with the owner's root key) but newest first, then oldest, then the middle one.
        long base = System.currentTimeMillis() - 60_000;
        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) ids[i] = VersionIds.format((base + i * 1000L) * 1000);
        for (int i : new int[] {2, 0, 1}) {
            assertThat(replicaPut(DST, "late/k", ids[i], base + i * 1000L, new byte[] {(byte) i}).status()).isEqualTo(200);
        }
        var listed = cosDst.listVersions(new ListVersionsRequest(DST, "late/k", null, null, null, 10)).getVersionSummaries();
        assertThat(listed).extracting(com.qcloud.cos.model.COSVersionSummary::getVersionId).containsExactly(ids[2], ids[1], ids[0]);
        assertThat(listed).extracting(com.qcloud.cos.model.COSVersionSummary::isLatest).containsExactly(true, false, false);
        // Paging one version at a time (key + version id markers) walks the same order.
        List<String> paged = new ArrayList<>();
        String keyMarker = null, idMarker = null;
        while (true) {
            var page = cosDst.listVersions(new ListVersionsRequest(DST, "late/k", keyMarker, idMarker, null, 1));
            page.getVersionSummaries().forEach(v -> paged.add(v.getVersionId()));
            if (!page.isTruncated()) break;
            keyMarker = page.getNextKeyMarker();
            idMarker = page.getNextVersionIdMarker();
        }
        assertThat(paged).containsExactly(ids[2], ids[1], ids[0]);
        try (var o = cosDst.getObject(DST, "late/k")) {
            assertThat(o.getObjectContent().readAllBytes()).containsExactly(2);
        }
    }

    @Test
    void replicaHeadersOnAnUnsignedRequestAreRefused() throws Exception {
        var r = Raw.send(dst.port(), "PUT", DST, "forged", Map.of(ReplicaHeaderNames.VERSION_ID,
                "MTg0NDY3NDQwNzM3MDk1NTE2MTU"), "x", null, null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(cosDst.doesObjectExist(DST, "forged")).isFalse();
    }

    @Test
    void metricsShowSuccessesBytesQueueDepthAndLagPerDestination() throws Exception {
        String v = put("data/metrics.txt", "12345", Map.of(), null);
        await(() -> "COMPLETED".equals(status("data/metrics.txt", v)));
        var http = HttpClient.newHttpClient();
        Supplier<String> scrape = () -> {
            try {
                return MetricsText.withoutNode(http.send(HttpRequest.newBuilder(URI.create(src.endpoint() + "/-/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        String dest = "destination=\"ap-shanghai/" + DST + "\"";
        await(() -> scrape.get().contains("cosd_replication_queue_depth{" + dest + "}"));
        String m = scrape.get();
        assertThat(m).contains("cosd_replication_success_total{" + dest + "}")
                .contains("cosd_replication_bytes_total{" + dest + "}")
                .contains("cosd_replication_lag_seconds{" + dest + "}")
                .contains("cosd_replication_delay_seconds_bucket{" + dest);
    }

    @Test
    void adminStatusAndResyncWorkOnTheLiveDatabase() throws Exception {
        String b = E2e.bucket("eng-admin");
        cosSrc.createBucket(b);
        versioning(cosSrc, b, BucketVersioningConfiguration.ENABLED);
        cosSrc.putObject(b, "pre/existing", "before any rule"); // REP-R1: not replicated on its own
        cosSrc.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(b,
                ReplicationConfigApiTest.config("r", "pre/", "qcs::cos:ap-shanghai::" + DST, null)));
        String status = admin("replication", "status", b);
        assertThat(status).contains("pending 0").contains("failed 0").contains("lag_seconds").contains("throughput_per_second");
        String resync = admin("replication", "resync", b, "--existing");
        assertThat(resync).contains("requeued 0 failed").contains("queued 1 existing");
        await(() -> cosDst.doesObjectExist(DST, "pre/existing"));
        await(() -> admin("replication", "status", b).contains("pending 0"));
    }

    @Test
    void anObjectFromBeforeVersioningResyncedWithExistingArrivesAsTheNullVersion_INT_3() throws Exception {
        String b = E2e.bucket("eng-null");
        cosSrc.createBucket(b);
        cosSrc.putObject(b, "nv/old", "written before versioning"); // the null version
        versioning(cosSrc, b, BucketVersioningConfiguration.ENABLED);
        String newer = cosSrc.putObject(b, "nv/old", "written after").getVersionId();
        cosSrc.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(b,
                ReplicationConfigApiTest.config("r", "nv/", "qcs::cos:ap-shanghai::" + DST, null)));
        assertThat(admin("replication", "resync", b, "--existing")).contains("queued 2 existing");
        await(() -> "COMPLETED".equals(status2(b, "nv/old", "null")) || "FAILED".equals(status2(b, "nv/old", "null")));
        assertThat(status2(b, "nv/old", "null")).isEqualTo("COMPLETED");
        await(() -> "COMPLETED".equals(status2(b, "nv/old", newer)));
        var versions = cosDst.listVersions(new ListVersionsRequest(DST, "nv/old", null, null, null, 10)).getVersionSummaries();
        assertThat(versions).extracting(x -> x.getVersionId()).containsExactly(newer, "null"); // newest first, REP-S3
        try (var o = cosDst.getObject(new com.qcloud.cos.model.GetObjectRequest(DST, "nv/old", "null"))) {
            assertThat(new String(o.getObjectContent().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("written before versioning");
        }
    }

    @Test
    void adminStatusListsFailedVersionsWithTheDestinationsError_REP_S4() throws Exception {
        String b = E2e.bucket("eng-fail"), d = E2e.bucket("eng-fail-dst");
        cosSrc.createBucket(b);
        cosDst.createBucket(d);
        versioning(cosSrc, b, BucketVersioningConfiguration.ENABLED);
        versioning(cosDst, d, BucketVersioningConfiguration.ENABLED);
        cosSrc.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(b,
                ReplicationConfigApiTest.config("r", "", "qcs::cos:ap-shanghai::" + d, null)));
        cosDst.deleteBucket(d); // the destination goes away after the rule was accepted
        String v = cosSrc.putObject(b, "lost/k", "x").getVersionId();
        await(() -> "FAILED".equals(status2(b, "lost/k", v)));
        String out = admin("replication", "status", b);
        assertThat(out).contains("failed 1");
        assertThat(out.lines().filter(l -> l.startsWith("FAILED\t"))).singleElement()
                .satisfies(l -> assertThat(l).contains("lost/k").contains(v).contains("ap-shanghai/" + d).contains("404"));
    }

    static String admin(String... args) {
        return adminOn(src, args);
    }

    /** {@code cosd admin} against {@code env}'s data directory, its output captured. */
    static String adminOn(E2e env, String... args) {
        var out = new ByteArrayOutputStream();
        var old = System.out;
        synchronized (System.class) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                List<String> all = new ArrayList<>(List.of("admin", "--data-dir", env.dir.toString()));
                all.addAll(List.of(args));
                int code = new picocli.CommandLine(new Main()).execute(all.toArray(String[]::new));
                assertThat(code).isZero();
            } finally {
                System.setOut(old);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Statuses the outbox uses are the header values (REP-S1). */
    @Test
    void outboxStatusesAreTheHeaderValues_REP_S1() {
        assertThat(List.of(ReplicationOutbox.PENDING, ReplicationOutbox.COMPLETED, ReplicationOutbox.FAILED))
                .containsExactly("PENDING", "COMPLETED", "FAILED");
    }

    @Test
    void bucketPoliciesBindUsersButNotTheServicesReplicationReadsAndWrites_REP_S6() throws Exception {
        String s6 = E2e.bucket("eng-s6-src"), d6 = E2e.bucket("eng-s6-dst");
        cosSrc.createBucket(s6);
        cosDst.createBucket(d6);
        versioning(cosSrc, s6, BucketVersioningConfiguration.ENABLED);
        versioning(cosDst, d6, BucketVersioningConfiguration.ENABLED);
        cosSrc.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(s6,
                ReplicationConfigApiTest.config("all", "", "qcs::cos:ap-shanghai::" + d6, null)));
        // An explicit Deny naming the owner's root binds it (POL-E4): reads on the source, writes on the destination.
        cosSrc.setBucketPolicy(s6, denyRoot("ap-guangzhou", s6, "name/cos:GetObject"));
        cosDst.setBucketPolicy(d6, denyRoot("ap-shanghai", d6, "name/cos:PutObject\", \"name/cos:DeleteObject"));
        CosSdkBucketsAndErrorsTest.assertCode(() -> cosDst.putObject(d6, "direct", "x"), 403, "AccessDenied");
        CosSdkBucketsAndErrorsTest.assertCode(() -> cosSrc.getObject(s6, "k"), 403, "AccessDenied");

        String v = cosSrc.putObject(s6, "k", "replicated anyway").getVersionId();
        cosSrc.deleteObject(s6, "k"); // a delete marker, replicated too (REP-R3)
        await(() -> cosDst.listVersions(new ListVersionsRequest(d6, "k", null, null, null, 10)).getVersionSummaries().size() == 2);
        var onDst = cosDst.listVersions(new ListVersionsRequest(d6, "k", null, null, null, 10)).getVersionSummaries();
        assertThat(onDst).anyMatch(x -> x.getVersionId().equals(v) && !x.isDeleteMarker());
        assertThat(onDst).anyMatch(x -> x.isDeleteMarker() && x.isLatest());
        // The destination holds the copy once it acknowledged it; the source records COMPLETED at the
        // worker's next commit, a moment later: wait for the outcome, then require the right one.
        await(() -> "COMPLETED".equals(status2(s6, "k", v)) || "FAILED".equals(status2(s6, "k", v)));
        assertThat(status2(s6, "k", v)).isEqualTo("COMPLETED");
    }

    @Test
    void keysArriveByteForByteWhateverTheirCharacters_REP_R2() throws Exception {
        // Dot segments, doubled slashes, reserved and non-ASCII characters: the outbound client must
        // neither normalise nor re-encode the path it was given (it is signed as sent).
        String[] keys = {"data/sp ace+plus%25pct?q=1#h", "data/a//b/./c/../d", "data/é/中文/ü~!$&'()*,;=:@"};
        List<String> versions = new ArrayList<>();
        for (String k : keys) versions.add(put(k, "k:" + k, Map.of(), null));
        assertThat(cosSrc.listObjects(SRC, "data/a/b").getObjectSummaries()).isEmpty(); // stored un-normalised
        assertThat(cosSrc.listObjects(SRC, "data/a//b/./c/../d").getObjectSummaries()).hasSize(1);
        for (int i = 0; i < keys.length; i++) {
            String k = keys[i], v = versions.get(i);
            await(() -> "COMPLETED".equals(status(k, v)) || "FAILED".equals(status(k, v)));
            assertThat(status(k, v)).as(k).isEqualTo("COMPLETED");
            assertThat(cosDst.getObjectMetadata(new GetObjectMetadataRequest(DST, k, v)).getVersionId()).as(k).isEqualTo(v);
        }
    }

    @Test
    void replicaHeadersCountOnlyWhenTheOwnersRootSignedThemInAnAuthorizationHeader_REP_S6() throws Exception {
        String path = "/" + DST + "/forged/k";
        String id = VersionIds.format(1_700_000_000_000_000L);
        byte[] body = "forged".getBytes(StandardCharsets.UTF_8);
        String host = "127.0.0.1:" + dst.port();
        // 1. Header-signed by the root, but the replica header is not in the signed list.
        Map<String, String> signedOnly = new LinkedHashMap<>(Map.of("host", host));
        String auth = OutboundSigner.cos("PUT", path, Map.of(), signedOnly, E2e.SECRET_ID, E2e.SECRET_KEY, Instant.now(), 600);
        Map<String, String> sent = new LinkedHashMap<>(signedOnly);
        sent.put("Authorization", auth);
        sent.put("x-cosd-replica-version-id", id);
        sent.put("x-cosd-replica-mtime", "4102444800000");
        assertThat(RawHttp.send(dst.port(), "PUT", path, sent, body).status()).isEqualTo(403);
        // 2. A presigned URL of the root with the replica headers added by whoever holds it.
        URL url = cosDst.generatePresignedUrl(DST, "forged/k", new Date(System.currentTimeMillis() + 600_000),
                com.qcloud.cos.http.HttpMethodName.PUT);
        Map<String, String> presigned = new LinkedHashMap<>(Map.of("host", host, "x-cosd-replica-version-id", id,
                "x-cosd-replica-mtime", "4102444800000"));
        assertThat(RawHttp.send(dst.port(), "PUT", url.getFile(), presigned, body).status()).isEqualTo(403);
        assertThat(cosDst.doesObjectExist(DST, "forged/k")).isFalse();
        // 3. Signed in the Authorization header, replica headers included: accepted (what the worker sends).
        Map<String, String> all = new LinkedHashMap<>(Map.of("host", host, "x-cosd-replica-version-id", id,
                "x-cosd-replica-mtime", "1700000000000"));
        Map<String, String> ok = new LinkedHashMap<>(all);
        ok.put("Authorization", OutboundSigner.cos("PUT", path, Map.of(), all, E2e.SECRET_ID, E2e.SECRET_KEY, Instant.now(), 600));
        assertThat(RawHttp.send(dst.port(), "PUT", path, ok, body).status()).isEqualTo(200);
        assertThat(cosDst.getObjectMetadata(new GetObjectMetadataRequest(DST, "forged/k", id)).getVersionId()).isEqualTo(id);
    }

    /** A replica PUT as the worker sends it: every header, the replica ones included, q-signed in Authorization. */
    static RawHttp.Reply replicaPut(String bucket, String key, String versionId, long mtime, byte[] body) throws Exception {
        String path = "/" + bucket + "/" + key;
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + dst.port());
        h.put(ReplicaHeaderNames.VERSION_ID, versionId);
        h.put(ReplicaHeaderNames.MTIME, Long.toString(mtime));
        Map<String, String> sent = new LinkedHashMap<>(h);
        sent.put("Authorization", OutboundSigner.cos("PUT", path, Map.of(), h, E2e.SECRET_ID, E2e.SECRET_KEY, Instant.now(), 600));
        return RawHttp.send(dst.port(), "PUT", path, sent, body);
    }

    static String denyRoot(String region, String bucket, String actions) {
        return "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"qcs::cam::uin/100000000001:uin/100000000001\"]},"
                + "\"effect\":\"deny\",\"action\":[\"" + actions + "\"],\"resource\":[\"qcs::cos:" + region + ":uid/1250000000:" + bucket + "/*\"]}]}";
    }

    static String status2(String bucket, String key, String versionId) {
        return (String) cosSrc.getObjectMetadata(new GetObjectMetadataRequest(bucket, key, versionId)).getRawMetadataValue("x-cos-replication-status");
    }
}
