package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketLifecycleConfiguration;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.CASJobParameters;
import com.qcloud.cos.model.COSVersionSummary;
import com.qcloud.cos.model.ListVersionsRequest;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.RestoreObjectRequest;
import com.qcloud.cos.model.SetBucketVersioningConfigurationRequest;
import com.qcloud.cos.model.Tier;
import com.qcloud.cos.model.lifecycle.LifecycleFilter;
import com.qcloud.cos.model.lifecycle.LifecyclePrefixPredicate;
import io.cosd.domain.object.Crc64;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static io.cosd.e2e.CosSdkBucketsAndErrorsTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle executor on real objects and versions, with COSD_LIFECYCLE_DAY_SECONDS=1 (a "day"
 * is one second, no midnight rounding: docs/spec/semantics.md §3.9). Each test waits out the one-second days
 * it needs and then runs one pass, as {@code cosd admin lifecycle run} does; one test leaves it to
 * the background worker.
 */
@CosdServer(lifecycleDaySeconds = 1)
class LifecycleExecutionTest {
    static final long DAY_MILLIS = 1000;
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;

    static String bucket(String name, String versioning) {
        String b = E2e.bucket(name);
        cos.createBucket(b);
        if (versioning != null) {
            cos.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(b, new BucketVersioningConfiguration(versioning)));
        }
        return b;
    }

    static void put(String b, String key, byte[] bytes) {
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(bytes.length);
        cos.putObject(new PutObjectRequest(b, key, new ByteArrayInputStream(bytes), md));
    }

    static void put(String b, String key, String body) {
        put(b, key, body.getBytes(StandardCharsets.UTF_8));
    }

    static void rules(String b, String rulesXml) throws Exception {
        var r = LifecycleConfigApiTest.putRaw(env.port(), cos, b, "<LifecycleConfiguration>" + rulesXml + "</LifecycleConfiguration>");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    static List<COSVersionSummary> versions(String b, String prefix) {
        return cos.listVersions(new ListVersionsRequest(b, prefix, null, null, null, 1000)).getVersionSummaries();
    }

    /** Waits out {@code days} lifecycle days (plus a margin) and runs one pass. */
    static void afterDays(double days) throws InterruptedException {
        Thread.sleep((long) (days * DAY_MILLIS) + 150);
        env.server.runLifecyclePass();
    }

    @Test
    void expirationDeletesUnversionedObjectsUnderTheRulePrefixOnly_LC_E1_E2_T1() throws Exception {
        String b = bucket("lc-exp", null);
        rules(b, "<Rule><ID>tmp</ID><Filter><Prefix>tmp/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>"
                + "<Rule><ID>later</ID><Filter><Prefix>keep/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>1000</Days></Expiration></Rule>"
                + "<Rule><ID>off</ID><Filter><Prefix>off/</Prefix></Filter><Status>Disabled</Status><Expiration><Days>1</Days></Expiration></Rule>");
        put(b, "tmp/a", "a");
        put(b, "keep/b", "b");
        put(b, "off/c", "c");
        afterDays(1);
        assertThat(cos.doesObjectExist(b, "tmp/a")).isFalse();
        assertThat(cos.doesObjectExist(b, "keep/b")).isTrue();
        assertThat(cos.doesObjectExist(b, "off/c")).isTrue();
        assertThat(versions(b, "tmp/")).as("unversioned: no delete marker").isEmpty();
        env.server.runLifecyclePass(); // idempotent: a second pass changes nothing
        assertThat(cos.doesObjectExist(b, "keep/b")).isTrue();
    }

    /**
     * LC-H3 in test mode, as Ceph RGW with rgw_lc_debug_interval and s3-tests
     * test_lifecycle_expiration_header_put/head expect: the header counts real days (one day
     * ahead is at least 24 h away), while processing uses the short day (gone after 1 s).
     */
    @Test
    void inTestModeTheExpirationHeaderCountsRealDaysWhileTheObjectGoesAfterAShortDay_LC_H3() throws Exception {
        String b = bucket("lc-hdr-test-mode", null);
        rules(b, "<Rule><ID>rule1</ID><Filter><Prefix>days1/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>");
        long start = System.currentTimeMillis();
        put(b, "days1/foo", "x");
        ObjectMetadata head = cos.getObjectMetadata(b, "days1/foo");
        assertThat(head.getExpirationTimeRuleId()).isEqualTo("rule1");
        long ahead = head.getExpirationTime().getTime() - start;
        assertThat(ahead).as("s3-tests: (expiry - now).days == 1").isBetween(86_400_000L, 2 * 86_400_000L - 1);
        afterDays(1);
        assertThat(cos.doesObjectExist(b, "days1/foo")).isFalse();
    }

    @Test
    void tagFiltersSelectObjectsByTheirTags_LC_E1() throws Exception {
        String b = bucket("lc-tags", null);
        rules(b, "<Rule><ID>t</ID><Filter><And><Prefix>d/</Prefix><Tag><Key>temp</Key><Value>yes</Value></Tag></And></Filter>"
                + "<Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>");
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(1);
        // In the metadata, which the SDK signs (custom request headers are added after signing and an
        // unsigned x-cos-tagging is refused: docs/signing.md AUTH-3).
        md.setHeader("x-cos-tagging", "temp=yes&owner=me");
        var req = new PutObjectRequest(b, "d/tagged", new ByteArrayInputStream(new byte[]{1}), md);
        cos.putObject(req);
        put(b, "d/plain", "p");
        afterDays(1);
        assertThat(cos.doesObjectExist(b, "d/tagged")).isFalse();
        assertThat(cos.doesObjectExist(b, "d/plain")).isTrue();
    }

    @Test
    void expirationInAnEnabledBucketAddsADeleteMarkerAndKeepsTheData_LC_E2() throws Exception {
        String b = bucket("lc-enabled", "Enabled");
        rules(b, "<Rule><ID>e</ID><Filter/><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>");
        put(b, "k", "v1");
        afterDays(1);
        var v = versions(b, "k");
        assertThat(v).hasSize(2);
        assertThat(v.get(0).isDeleteMarker()).isTrue();
        assertThat(v.get(0).isLatest()).isTrue();
        assertThat(v.get(1).isDeleteMarker()).isFalse();
        env.server.runLifecyclePass();
        assertThat(versions(b, "k")).as("a current delete marker is not expired again").hasSize(2);
    }

    @Test
    void expirationInASuspendedBucketReplacesTheNullVersionWithANullMarker_LC_E2() throws Exception {
        String b = bucket("lc-suspended", "Enabled");
        put(b, "k", "old");
        cos.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(b, new BucketVersioningConfiguration("Suspended")));
        put(b, "k", "null version");
        rules(b, "<Rule><ID>e</ID><Filter/><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>");
        afterDays(1);
        var v = versions(b, "k");
        assertThat(v).hasSize(2);
        assertThat(v.get(0).isDeleteMarker()).isTrue();
        assertThat(v.get(0).getVersionId()).isEqualTo("null");
        assertThat(v.get(1).isDeleteMarker()).isFalse();
        assertThat(v.get(1).getVersionId()).isNotEqualTo("null");
    }

    @Test
    void noncurrentExpirationKeepsTheNewestNoncurrentVersions_LC_E4_T5() throws Exception {
        String b = bucket("lc-noncurrent", "Enabled");
        rules(b, "<Rule><ID>nc</ID><Filter/><Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays>"
                + "<NewerNoncurrentVersions>2</NewerNoncurrentVersions></NoncurrentVersionExpiration></Rule>");
        for (int i = 1; i <= 6; i++) put(b, "k", "v" + i);
        afterDays(1);
        var v = versions(b, "k");
        assertThat(v).as("current + the 2 newest noncurrent").hasSize(3);
        assertThat(v.get(0).isLatest()).isTrue();
        assertThat(env.server.runLifecyclePass()).isGreaterThanOrEqualTo(3);
        assertThat(versions(b, "k")).hasSize(3);
    }

    @Test
    void noncurrentDaysCountFromWhenTheVersionBecameNoncurrent_LC_T5() throws Exception {
        String b = bucket("lc-successor", "Enabled");
        rules(b, "<Rule><ID>nc</ID><Filter/><Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>3</NoncurrentDays>"
                + "</NoncurrentVersionExpiration></Rule>");
        put(b, "k", "old");
        Thread.sleep(3 * DAY_MILLIS + 100); // the old version is 3 days old but noncurrent only from now on
        put(b, "k", "new");
        env.server.runLifecyclePass();
        assertThat(versions(b, "k")).hasSize(2);
        afterDays(3);
        assertThat(versions(b, "k")).hasSize(1);
    }

    @Test
    void expiredObjectDeleteMarkerRemovesALoneMarker_LC_E5() throws Exception {
        String b = bucket("lc-eodm", "Enabled");
        rules(b, "<Rule><ID>m</ID><Filter/><Status>Enabled</Status><Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration></Rule>");
        put(b, "alone", "x");
        put(b, "kept", "y");
        cos.deleteObject(b, "alone");
        cos.deleteObject(b, "kept");
        String v1 = versions(b, "alone").stream().filter(s -> !s.isDeleteMarker()).findFirst().orElseThrow().getVersionId();
        cos.deleteVersion(b, "alone", v1);
        env.server.runLifecyclePass();
        assertThat(versions(b, "alone")).as("the lone marker is gone").isEmpty();
        assertThat(versions(b, "kept")).as("a marker with versions behind it stays").hasSize(2);
    }

    @Test
    void cosRemovesTheSingleRemainingMarkerWhenNoncurrentExpirationEmptiesTheKey_LC_E5() throws Exception {
        String b = bucket("lc-single-marker", "Enabled");
        rules(b, "<Rule><ID>nc</ID><Filter/><Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays>"
                + "</NoncurrentVersionExpiration></Rule>");
        put(b, "k", "v1");
        put(b, "k", "v2");
        cos.deleteObject(b, "k");
        afterDays(1);
        assertThat(versions(b, "k")).isEmpty();
    }

    @Test
    void transitionToArchiveMovesTheDataToTheColdTierCompressedAndKeepsLastModified_LC_E3_T4_R1() throws Exception {
        String b = bucket("lc-archive", null);
        rules(b, "<Rule><ID>ia</ID><Filter><Prefix>big</Prefix></Filter><Status>Enabled</Status><Transition><Days>1</Days>"
                + "<StorageClass>Standard_IA</StorageClass></Transition></Rule>"
                + "<Rule><ID>cold</ID><Filter><Prefix>big</Prefix></Filter><Status>Enabled</Status><Transition><Days>1</Days>"
                + "<StorageClass>ARCHIVE</StorageClass></Transition></Rule>"
                + "<Rule><ID>small</ID><Filter><Prefix>small</Prefix></Filter><Status>Enabled</Status><Transition><Days>1</Days>"
                + "<StorageClass>ARCHIVE</StorageClass></Transition></Rule>");
        byte[] data = new byte[200 * 1024];
        Arrays.fill(data, (byte) 'z');
        put(b, "big", data);
        put(b, "small", "under 64 KB");
        Date lastModified = cos.getObjectMetadata(b, "big").getLastModified();
        String hotBlob = env.server.metadata().objects().latest(b, "big").orElseThrow().blobId();
        afterDays(1);
        var head = cos.getObjectMetadata(b, "big");
        assertThat(head.getStorageClass()).as("LC-P3: the coldest class wins").isEqualTo("ARCHIVE");
        assertThat(head.getLastModified()).isEqualTo(lastModified);
        assertThat(head.getContentLength()).isEqualTo(data.length);
        assertThat(head.getCrc64Ecma()).as("the bytes did not change: same CRC64").isEqualTo(Crc64.toString(Crc64.of(data)));
        assertThat(cos.getObjectMetadata(b, "small").getRawMetadataValue("x-cos-storage-class")).as("LC-E3: < 64 KB stays STANDARD (LC-R2: no header)").isNull();
        String coldBlob = env.server.metadata().objects().latest(b, "big").orElseThrow().blobId();
        assertThat(coldBlob).startsWith("cold-");
        Path coldFile = blobPath(env.dir.resolve("cold"), coldBlob.substring(5));
        assertThat(size(coldFile)).as("compressed").isLessThan(data.length / 10);
        assertThat(Files.exists(blobPath(env.dir, hotBlob))).as("the hot blob was released").isFalse();
        assertCode(() -> cos.getObject(b, "big"), 403, "InvalidObjectState");
    }

    @Test
    void restoreServesTheArchivedObjectUntilItsCopyExpires_LC_R1_R3_R4_R5_R6_E7() throws Exception {
        String b = bucket("lc-restore", null);
        rules(b, "<Rule><ID>cold</ID><Filter/><Status>Enabled</Status><Transition><Days>0</Days><StorageClass>ARCHIVE</StorageClass></Transition></Rule>");
        byte[] data = new byte[100 * 1024];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31);
        put(b, "obj", data);
        put(b, "tiny", "not archived: too small");
        env.server.runLifecyclePass();
        assertThat(cos.getObjectMetadata(b, "obj").getStorageClass()).isEqualTo("ARCHIVE");
        assertCode(() -> cos.restoreObject(restore(b, "tiny", 1, Tier.Standard)), 405, "RestoreNonArchiveObject");

        Date requested = new Date();
        // 60 test days: the restored copy outlives the checks below however slow the machine; its expiry is
        // tested with the 1-day extension at the end (with Days=3 a loaded machine saw it lapse mid-test).
        cos.restoreObject(restore(b, "obj", 60, Tier.Expedited));
        var ongoing = cos.getObjectMetadata(b, "obj");
        assertThat(ongoing.getOngoingRestore()).isTrue();
        assertThat(ongoing.getRawMetadataValue("x-cos-restore-status")).asString().startsWith("tier=\"expedited\"");
        assertCode(() -> cos.restoreObject(restore(b, "obj", 1, Tier.Expedited)), 409, "RestoreAlreadyInProgress");
        assertCode(() -> cos.getObject(b, "obj"), 403, "InvalidObjectState");
        assertCode(() -> cos.copyObject(b, "obj", b, "copy"), 403, "InvalidObjectState"); // LC-R6

        Thread.sleep(1100); // test mode: Expedited completes after 1 s
        env.server.runRestores();
        var done = cos.getObjectMetadata(b, "obj");
        assertThat(done.getOngoingRestore()).isFalse();
        assertThat(done.getRestoreExpirationTime()).isAfter(requested);
        assertThat(done.getStorageClass()).isEqualTo("ARCHIVE");
        try (var in = cos.getObject(b, "obj").getObjectContent()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        env.server.runLifecyclePass(); // LC-E7: lifecycle never touches the restored copy; its own Days govern it
        try (var in = cos.getObject(b, "obj").getObjectContent()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        cos.copyObject(b, "obj", b, "copy"); // LC-R6: a restored source copies (into STANDARD)
        try (var in = cos.getObject(b, "copy").getObjectContent()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        var ext = RawHttp.send(env.port(), "POST", restoreTarget(b, "obj"), Map.of("Host", b + ".cos.ap-guangzhou.myqcloud.com"),
                "<RestoreRequest><Days>1</Days><CASJobParameters><Tier>Bulk</Tier></CASJobParameters></RestoreRequest>".getBytes(StandardCharsets.UTF_8));
        assertThat(ext.status()).as("already restored: expiry moved to one day from now").isEqualTo(200);

        Thread.sleep(1200); // the copy now lives one 1-second day
        env.server.runRestores();
        assertCode(() -> cos.getObject(b, "obj"), 403, "InvalidObjectState");
        assertThat(cos.getObjectMetadata(b, "obj").getOngoingRestore()).isNull();
    }

    @Test
    void deepArchiveCannotBeRestoredExpedited_LC_R4() throws Exception {
        String b = bucket("lc-deep", null);
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(3);
        cos.putObject(new PutObjectRequest(b, "d", new ByteArrayInputStream("abc".getBytes()), md)
                .withStorageClass(com.qcloud.cos.model.StorageClass.Deep_Archive));
        assertCode(() -> cos.restoreObject(restore(b, "d", 1, Tier.Expedited)), 400, "InvalidArgument");
        cos.restoreObject(restore(b, "d", 1, Tier.Standard));
        assertCode(() -> cos.restoreObject(restore(b, "nope", 1, Tier.Standard)), 404, "NoSuchKey");
    }

    @Test
    void theBackgroundWorkerRunsAtLeastOncePerLifecycleDay_LC_T3() throws Exception {
        String b = bucket("lc-worker", null);
        rules(b, "<Rule><ID>w</ID><Filter/><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>");
        put(b, "by-worker", "x");
        long deadline = System.currentTimeMillis() + 90_000; // a bound on a stuck worker, not a speed claim
        while (cos.doesObjectExist(b, "by-worker") && System.currentTimeMillis() < deadline) Thread.sleep(200);
        assertThat(cos.doesObjectExist(b, "by-worker")).isFalse();
        var metrics = MetricsText.withoutNode(RawHttp.send(env.port(), "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), null).text());
        assertThat(metrics).contains("cosd_lifecycle_actions_total{action=\"expire\"}").contains("cosd_lifecycle_passes_total");
    }

    @Test
    void abortIncompleteMultipartUploadAbortsOldUploadsUnderThePrefixAndFreesTheirParts_LC_T7() throws Exception {
        String b = bucket("lc-abort", null);
        rules(b, "<Rule><ID>mpu</ID><Filter><Prefix>up/</Prefix></Filter><Status>Enabled</Status>"
                + "<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule>");
        String old = cos.initiateMultipartUpload(new com.qcloud.cos.model.InitiateMultipartUploadRequest(b, "up/big")).getUploadId();
        cos.uploadPart(new com.qcloud.cos.model.UploadPartRequest().withBucketName(b).withKey("up/big").withUploadId(old)
                .withPartNumber(1).withInputStream(new ByteArrayInputStream(new byte[1000])).withPartSize(1000));
        String other = cos.initiateMultipartUpload(new com.qcloud.cos.model.InitiateMultipartUploadRequest(b, "other/big")).getUploadId();
        String partBlob = env.server.metadata().uploads().listParts(old, 0, 10).get(0).blobId();
        afterDays(1);
        var left = cos.listMultipartUploads(new com.qcloud.cos.model.ListMultipartUploadsRequest(b)).getMultipartUploads();
        assertThat(left).extracting(com.qcloud.cos.model.MultipartUpload::getUploadId).containsExactly(other);
        assertThat(Files.exists(blobPath(env.dir, partBlob))).as("the part's blob was released").isFalse();
    }

    @Test
    void aMultipartObjectIsArchivedAsOneColdBlobAndRestoredWhole_LC_E3_R5() throws Exception {
        String b = bucket("lc-mpu-archive", null);
        rules(b, "<Rule><ID>cold</ID><Filter/><Status>Enabled</Status><Transition><Days>0</Days><StorageClass>DEEP_ARCHIVE</StorageClass></Transition></Rule>");
        String id = cos.initiateMultipartUpload(new com.qcloud.cos.model.InitiateMultipartUploadRequest(b, "mp")).getUploadId();
        byte[] p1 = new byte[1024 * 1024], p2 = "tail".getBytes(StandardCharsets.UTF_8);
        Arrays.fill(p1, (byte) 7);
        var e1 = cos.uploadPart(new com.qcloud.cos.model.UploadPartRequest().withBucketName(b).withKey("mp").withUploadId(id)
                .withPartNumber(1).withInputStream(new ByteArrayInputStream(p1)).withPartSize(p1.length)).getPartETag();
        var e2 = cos.uploadPart(new com.qcloud.cos.model.UploadPartRequest().withBucketName(b).withKey("mp").withUploadId(id)
                .withPartNumber(2).withInputStream(new ByteArrayInputStream(p2)).withPartSize(p2.length)).getPartETag();
        String crc = cos.completeMultipartUpload(new com.qcloud.cos.model.CompleteMultipartUploadRequest(b, "mp", id,
                new ArrayList<>(List.of(e1, e2)))).getCrc64Ecma();
        assertThat(crc).isNotNull();
        env.server.runLifecyclePass();
        assertThat(cos.getObjectMetadata(b, "mp").getStorageClass()).isEqualTo("DEEP_ARCHIVE");
        assertThat(cos.getObjectMetadata(b, "mp").getCrc64Ecma()).as("archiving keeps the combined CRC64").isEqualTo(crc);
        cos.restoreObject(restore(b, "mp", 600, Tier.Standard)); // test mode: Standard 2 s, doubled for DEEP_ARCHIVE; 600 days: no expiry mid-test
        Thread.sleep(4100);
        env.server.runRestores();
        try (var obj = cos.getObject(b, "mp"); var in = obj.getObjectContent()) {
            assertThat(obj.getObjectMetadata().getCrc64Ecma()).isEqualTo(crc);
            byte[] got = in.readAllBytes();
            assertThat(got).hasSize(p1.length + p2.length);
            assertThat(Arrays.copyOfRange(got, p1.length, got.length)).isEqualTo(p2);
        }
    }

    @Test
    void s3ClientsRestoreWithGlacierJobParametersAndSeeXAmzRestore_LC_R3_R4_R5() throws Exception {
        String b = bucket("lc-s3-restore", null);
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(5);
        cos.putObject(new PutObjectRequest(b, "arch", new ByteArrayInputStream("hello".getBytes()), md)
                .withStorageClass(com.qcloud.cos.model.StorageClass.Archive));
        put(b, "plain", "p");
        try (var s3 = env.s3()) {
            CorsConfigApiTest.assertS3Code(() -> s3.getObject(x -> x.bucket(b).key("arch")), 403, "InvalidObjectState", null);
            CorsConfigApiTest.assertS3Code(() -> s3.restoreObject(x -> x.bucket(b).key("plain").restoreRequest(r -> r.days(1))),
                    403, "InvalidObjectState", null);
            var started = s3.restoreObject(x -> x.bucket(b).key("arch").restoreRequest(r -> r.days(600) // no expiry mid-test
                    .glacierJobParameters(g -> g.tier(software.amazon.awssdk.services.s3.model.Tier.EXPEDITED))));
            assertThat(started.sdkHttpResponse().statusCode()).isEqualTo(202);
            assertThat(s3.headObject(x -> x.bucket(b).key("arch")).restore()).isEqualTo("ongoing-request=\"true\"");
            Thread.sleep(1100);
            env.server.runRestores();
            assertThat(s3.headObject(x -> x.bucket(b).key("arch")).restore()).startsWith("ongoing-request=\"false\", expiry-date=");
            assertThat(s3.getObjectAsBytes(x -> x.bucket(b).key("arch")).asUtf8String()).isEqualTo("hello");
        }
    }

    static RestoreObjectRequest restore(String b, String key, int days, Tier tier) {
        var r = new RestoreObjectRequest(b, key, days);
        r.setCASJobParameters(new CASJobParameters().withTier(tier));
        return r;
    }

    static String restoreTarget(String b, String key) {
        return cos.generatePresignedUrl(b, key, new Date(System.currentTimeMillis() + 600_000),
                com.qcloud.cos.http.HttpMethodName.POST, Map.of(), Map.of("restore", "")).getFile();
    }

    /** DiskBlobStore layout: {@code <dir>/blobs/ab/cd/<id>}. */
    static Path blobPath(Path dir, String id) {
        return dir.resolve("blobs").resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id);
    }

    static long files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        return LiveDir.count(dir); // the lifecycle and restore workers are running
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
