package io.cosd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Object lock end to end (docs/object-lock.md) with the AWS SDK v2 and the COS Java SDK: the bucket
 * configuration, retention and legal hold on versions, deletes of locked versions refused, the
 * governance bypass and its permission, compliance that not even the root can lift, and the lifecycle
 * dry run saying which versions it skips.
 */
@CosdServer
class ObjectLockE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static COSClient cos;

    static String lockedBucket(String name) {
        String b = E2e.bucket(name);
        s3.createBucket(r -> r.bucket(b).objectLockEnabledForBucket(true));
        return b;
    }

    static void refused(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        });
    }

    static String put(String bucket, String key, Consumer<software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder> more) {
        return s3.putObject(r -> { r.bucket(bucket).key(key); more.accept(r); }, RequestBody.fromString("worm")).versionId();
    }

    static boolean exists(String bucket, String key, String versionId) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key).versionId(versionId));
            return true;
        } catch (S3Exception e) {
            return false;
        }
    }

    /** GET /-/admin/lifecycle/preview, q-signed by the root (docs/lifecycle.md#dry-run). */
    static RawHttp.Reply preview(String query) throws Exception {
        Map<String, String> params = new java.util.LinkedHashMap<>();
        for (String p : query.split("&")) {
            params.put(p.substring(0, p.indexOf('=')), java.net.URLDecoder.decode(p.substring(p.indexOf('=') + 1), StandardCharsets.UTF_8));
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>(Map.of("Host", "127.0.0.1:" + env.port()));
        headers.put("Authorization", new com.qcloud.cos.auth.COSSigner().buildAuthorizationStr(com.qcloud.cos.http.HttpMethodName.GET,
                "/-/admin/lifecycle/preview", headers, params, new com.qcloud.cos.auth.BasicCOSCredentials(E2e.SECRET_ID, E2e.SECRET_KEY),
                new java.util.Date(System.currentTimeMillis() + 600_000)));
        return RawHttp.send(env.port(), "GET", "/-/admin/lifecycle/preview?" + query, headers, null);
    }

    @Test
    void aBucketCreatedWithLockIsVersionedForGoodAndKeepsItsDefaultRetention_LOCK_1_VER_S6() {
        String b = lockedBucket("lock-create");
        assertThat(s3.getBucketVersioning(r -> r.bucket(b)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        refused(() -> s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED))),
                409, "InvalidBucketState");
        assertThat(s3.getObjectLockConfiguration(r -> r.bucket(b)).objectLockConfiguration().objectLockEnabled())
                .isEqualTo(ObjectLockEnabled.ENABLED);
        s3.putObjectLockConfiguration(r -> r.bucket(b).objectLockConfiguration(ObjectLockConfiguration.builder()
                .objectLockEnabled(ObjectLockEnabled.ENABLED).rule(x -> x.defaultRetention(DefaultRetention.builder()
                        .mode(ObjectLockRetentionMode.GOVERNANCE).days(3).build())).build()));
        var got = s3.getObjectLockConfiguration(r -> r.bucket(b)).objectLockConfiguration().rule().defaultRetention();
        assertThat(got.mode()).isEqualTo(ObjectLockRetentionMode.GOVERNANCE);
        assertThat(got.days()).isEqualTo(3);
        // LOCK-2: a new version without lock headers gets the default, counted from its write
        String v = put(b, "defaulted", r -> { });
        var retention = s3.getObjectRetention(r -> r.bucket(b).key("defaulted").versionId(v)).retention();
        assertThat(retention.modeAsString()).isEqualTo("GOVERNANCE");
        assertThat(retention.retainUntilDate()).isBetween(Instant.now().plus(Duration.ofDays(3)).minusSeconds(120), Instant.now().plus(Duration.ofDays(3)));
    }

    @Test
    void lockOnAnExistingBucketNeedsVersioningEnabledAndABucketWithoutLockRefusesRetention_LOCK_1_LOCK_7() {
        String b = E2e.bucket("lock-later");
        s3.createBucket(r -> r.bucket(b));
        var conf = ObjectLockConfiguration.builder().objectLockEnabled(ObjectLockEnabled.ENABLED).build();
        refused(() -> s3.putObjectLockConfiguration(r -> r.bucket(b).objectLockConfiguration(conf)), 409, "InvalidBucketState");
        refused(() -> s3.getObjectLockConfiguration(r -> r.bucket(b)), 404, "ObjectLockConfigurationNotFoundError");
        put(b, "k", r -> { });
        refused(() -> s3.putObjectLegalHold(r -> r.bucket(b).key("k").legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON))),
                400, "InvalidRequest");
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putObjectLockConfiguration(r -> r.bucket(b).objectLockConfiguration(conf));
        refused(() -> s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED))),
                409, "InvalidBucketState");
    }

    @Test
    void governanceRefusesThePermanentDeleteUntilBypassedWhileADeleteWithoutVersionOnlyAddsAMarker_LOCK_5_LOCK_9() {
        String b = lockedBucket("lock-gov");
        Instant until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        String v = put(b, "doc", r -> r.objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(until));
        var head = s3.headObject(r -> r.bucket(b).key("doc").versionId(v));
        assertThat(head.objectLockModeAsString()).isEqualTo("GOVERNANCE");
        assertThat(head.objectLockRetainUntilDate()).isEqualTo(until);
        refused(() -> s3.deleteObject(r -> r.bucket(b).key("doc").versionId(v)), 403, "AccessDenied");
        assertThat(exists(b, "doc", v)).isTrue();
        // LOCK-5: without a version id the delete makes a marker, as on S3; the locked version stays
        assertThat(s3.deleteObject(r -> r.bucket(b).key("doc")).deleteMarker()).isTrue();
        assertThat(exists(b, "doc", v)).isTrue();
        // LOCK-6: shortening needs the bypass too; extending does not
        Instant shorter = until.minus(Duration.ofHours(1));
        refused(() -> s3.putObjectRetention(r -> r.bucket(b).key("doc").versionId(v)
                .retention(x -> x.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(shorter))), 403, "AccessDenied");
        s3.putObjectRetention(r -> r.bucket(b).key("doc").versionId(v)
                .retention(x -> x.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(until.plusSeconds(60))));
        s3.deleteObject(r -> r.bucket(b).key("doc").versionId(v).bypassGovernanceRetention(true));
        assertThat(exists(b, "doc", v)).isFalse();
    }

    @Test
    void complianceIsLiftedByNobodyNotEvenTheRootWithTheBypass_LOCK_5_LOCK_6() {
        String b = lockedBucket("lock-comp");
        Instant until = Instant.now().plus(Duration.ofDays(1));
        String v = put(b, "record", r -> r.objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(until));
        refused(() -> s3.deleteObject(r -> r.bucket(b).key("record").versionId(v).bypassGovernanceRetention(true)), 403, "AccessDenied");
        refused(() -> s3.putObjectRetention(r -> r.bucket(b).key("record").versionId(v).bypassGovernanceRetention(true)
                .retention(x -> x.mode(ObjectLockRetentionMode.GOVERNANCE).retainUntilDate(until))), 403, "AccessDenied");
        refused(() -> s3.putObjectRetention(r -> r.bucket(b).key("record").versionId(v).bypassGovernanceRetention(true)
                .retention(x -> x.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(until.minusSeconds(3600)))), 403, "AccessDenied");
        // DeleteObjects reports the locked version as that key's AccessDenied and deletes the others
        String free = put(b, "free", r -> { });
        var out = s3.deleteObjects(r -> r.bucket(b).bypassGovernanceRetention(true).delete(d -> d.objects(
                ObjectIdentifier.builder().key("record").versionId(v).build(), ObjectIdentifier.builder().key("free").versionId(free).build())));
        assertThat(out.errors()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("record");
            assertThat(e.versionId()).isEqualTo(v);
            assertThat(e.code()).isEqualTo("AccessDenied");
        });
        assertThat(out.deleted()).singleElement().satisfies(d -> assertThat(d.key()).isEqualTo("free"));
        assertThat(exists(b, "record", v)).isTrue();
    }

    @Test
    void aLegalHoldBlocksTheDeleteWhateverTheBypassUntilItIsTurnedOff_LOCK_8() {
        String b = lockedBucket("lock-hold");
        String v = put(b, "evidence", r -> { });
        s3.putObjectLegalHold(r -> r.bucket(b).key("evidence").legalHold(h -> h.status(ObjectLockLegalHoldStatus.ON)));
        assertThat(s3.getObjectLegalHold(r -> r.bucket(b).key("evidence").versionId(v)).legalHold().status())
                .isEqualTo(ObjectLockLegalHoldStatus.ON);
        assertThat(s3.headObject(r -> r.bucket(b).key("evidence")).objectLockLegalHoldStatusAsString()).isEqualTo("ON");
        refused(() -> s3.deleteObject(r -> r.bucket(b).key("evidence").versionId(v).bypassGovernanceRetention(true)), 403, "AccessDenied");
        refused(() -> s3.getObjectRetention(r -> r.bucket(b).key("evidence").versionId(v)), 404, "NoSuchObjectLockConfiguration");
        s3.putObjectLegalHold(r -> r.bucket(b).key("evidence").versionId(v).legalHold(h -> h.status(ObjectLockLegalHoldStatus.OFF)));
        s3.deleteObject(r -> r.bucket(b).key("evidence").versionId(v));
        assertThat(exists(b, "evidence", v)).isFalse();
    }

    @Test
    void theBypassNeedsItsPermissionSoAPolicyDenyingItBindsTheRoot_LOCK_5() {
        String b = lockedBucket("lock-deny");
        String v = put(b, "doc", r -> r.objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(Instant.now().plus(Duration.ofDays(1))));
        // an S3-grammar Deny for everyone binds the owner's root too (POL-S7), so the bypass is not granted
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"s3:BypassGovernanceRetention\",\"Resource\":\"arn:aws:s3:::" + b + "/*\"}]}"));
        refused(() -> s3.deleteObject(r -> r.bucket(b).key("doc").versionId(v).bypassGovernanceRetention(true)), 403, "AccessDenied");
        assertThat(exists(b, "doc", v)).isTrue();
        s3.deleteBucketPolicy(r -> r.bucket(b));
        s3.deleteObject(r -> r.bucket(b).key("doc").versionId(v).bypassGovernanceRetention(true));
        assertThat(exists(b, "doc", v)).isFalse();
    }

    @Test
    void getAndHeadShowEachPartOfTheLockOnlyToACallerWhoMayReadIt_LOCK_9() {
        String b = lockedBucket("lock-heads");
        Instant until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        String v = put(b, "doc", r -> r.objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(until)
                .objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON));
        var all = s3.getObject(r -> r.bucket(b).key("doc").versionId(v)).response();
        assertThat(all.objectLockModeAsString()).isEqualTo("GOVERNANCE");
        assertThat(all.objectLockLegalHoldStatusAsString()).isEqualTo("ON");
        // an S3-grammar Deny for everyone binds the owner's root too (POL-S7): the retention is not shown, the hold is
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"s3:GetObjectRetention\",\"Resource\":\"arn:aws:s3:::" + b + "/*\"}]}"));
        var head = s3.headObject(r -> r.bucket(b).key("doc").versionId(v));
        assertThat(head.objectLockModeAsString()).isNull();
        assertThat(head.objectLockRetainUntilDate()).isNull();
        assertThat(head.objectLockLegalHoldStatusAsString()).isEqualTo("ON");
        s3.deleteBucketPolicy(r -> r.bucket(b));
    }

    @Test
    void multipartAndCopyTakeTheLockHeadersTheyAreGiven_LOCK_2() {
        String b = lockedBucket("lock-mpu");
        String id = s3.createMultipartUpload(r -> r.bucket(b).key("big").objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON)).uploadId();
        String etag = s3.uploadPart(r -> r.bucket(b).key("big").uploadId(id).partNumber(1), RequestBody.fromString("part")).eTag();
        String v = s3.completeMultipartUpload(r -> r.bucket(b).key("big").uploadId(id)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag)))).versionId();
        assertThat(s3.getObjectLegalHold(r -> r.bucket(b).key("big").versionId(v)).legalHold().status()).isEqualTo(ObjectLockLegalHoldStatus.ON);
        refused(() -> s3.deleteObject(r -> r.bucket(b).key("big").versionId(v)), 403, "AccessDenied");
        Instant until = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        String c = s3.copyObject(r -> r.sourceBucket(b).sourceKey("big").destinationBucket(b).destinationKey("copy")
                .objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(until)).versionId();
        var ret = s3.getObjectRetention(r -> r.bucket(b).key("copy").versionId(c)).retention();
        assertThat(ret.modeAsString()).isEqualTo("COMPLIANCE");
        assertThat(ret.retainUntilDate()).isEqualTo(until);
        // the copy does not take the source's legal hold
        assertThat(s3.getObjectLegalHold(r -> r.bucket(b).key("copy").versionId(c)).legalHold().status()).isEqualTo(ObjectLockLegalHoldStatus.OFF);
        refused(() -> s3.putObject(r -> r.bucket(b).key("bad").objectLockMode(ObjectLockMode.GOVERNANCE), RequestBody.fromString("x")),
                400, "InvalidArgument");
        refused(() -> s3.putObject(r -> r.bucket(b).key("bad").objectLockMode(ObjectLockMode.GOVERNANCE)
                .objectLockRetainUntilDate(Instant.now().minusSeconds(60)), RequestBody.fromString("x")), 400, "InvalidArgument");
        assertThat(exists(b, "bad", null)).isFalse();
    }

    @Test
    void aPostObjectFormTakesTheLockFieldsAndRefusesThemAsHeaders_LOCK_2() throws Exception {
        String b = lockedBucket("lock-post");
        String until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString();
        String pol = PostObjectE2eTest.policy(b, PostObjectE2eTest.inAnHour(), "[\"starts-with\",\"$key\",\"\"]",
                "{\"x-amz-object-lock-mode\":\"COMPLIANCE\"}", "{\"x-amz-object-lock-retain-until-date\":\"" + until + "\"}",
                "{\"x-amz-object-lock-legal-hold\":\"ON\"}");
        var fields = PostObjectE2eTest.qSigned(pol, PostObjectE2eTest.fields("key", "form", "x-amz-object-lock-mode", "COMPLIANCE",
                "x-amz-object-lock-retain-until-date", until, "x-amz-object-lock-legal-hold", "ON"));
        var r = postForm(b, PostObjectE2eTest.body(fields, "f.txt", "worm".getBytes(StandardCharsets.UTF_8), Map.of()), Map.of());
        assertThat(r.status()).as(r.text()).isIn(200, 204);
        var head = s3.headObject(x -> x.bucket(b).key("form"));
        assertThat(head.objectLockModeAsString()).isEqualTo("COMPLIANCE");
        assertThat(head.objectLockRetainUntilDate()).isEqualTo(Instant.parse(until));
        assertThat(head.objectLockLegalHoldStatusAsString()).isEqualTo("ON");
        refused(() -> s3.deleteObject(x -> x.bucket(b).key("form").versionId(head.versionId()).bypassGovernanceRetention(true)), 403, "AccessDenied");
        // as a header of the POST it would be ignored by the form: refused, nothing stored
        var h = postForm(b, PostObjectE2eTest.body(PostObjectE2eTest.qSigned(PostObjectE2eTest.policy(b, PostObjectE2eTest.inAnHour(),
                "[\"starts-with\",\"$key\",\"\"]"), PostObjectE2eTest.fields("key", "header")), "f.txt",
                "x".getBytes(StandardCharsets.UTF_8), Map.of()), Map.of("x-amz-object-lock-legal-hold", "ON"));
        assertThat(h.status()).as(h.text()).isEqualTo(400);
        assertThat(exists(b, "header", null)).isFalse();
    }

    static RawHttp.Reply postForm(String bucket, byte[] body, Map<String, String> extra) throws Exception {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + env.port());
        h.put("Content-Type", "multipart/form-data; boundary=" + PostObjectE2eTest.BOUNDARY);
        h.putAll(extra);
        return RawHttp.send(env.port(), "POST", "/" + bucket, h, body);
    }

    @Test
    void theCosSdkReadsTheCosShapedConfigurationAndItsDeleteOfALockedVersionIsRefused_LOCK_1_LOCK_5() throws Exception {
        String b = E2e.bucket("lock-cos");
        cos.createBucket(b);
        cos.setBucketVersioningConfiguration(new com.qcloud.cos.model.SetBucketVersioningConfigurationRequest(b,
                new com.qcloud.cos.model.BucketVersioningConfiguration(com.qcloud.cos.model.BucketVersioningConfiguration.ENABLED)));
        // COS's PUT Bucket ObjectLockConfiguration (the Java SDK only reads it): Days without Mode is COMPLIANCE
        byte[] body = ("<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention>"
                + "<Days>1</Days></DefaultRetention></Rule></ObjectLockConfiguration>").getBytes(StandardCharsets.UTF_8);
        var put = SignedRaw.send(env.port(), "PUT", b, "", Map.of("object-lock", ""), Map.of("Content-Type", "application/xml"), body);
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        var conf = cos.getBucketObjectLockConfiguration(b);
        assertThat(conf.getStatus()).isEqualTo("Enabled");
        assertThat(conf.getRetentionDays()).isEqualTo(1);
        assertThat(conf.getRetentionMode()).isEqualTo("COMPLIANCE");
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(4);
        String v = cos.putObject(new PutObjectRequest(b, "cos-doc", new ByteArrayInputStream("worm".getBytes(StandardCharsets.UTF_8)), md))
                .getVersionId();
        assertThat(cos.getObjectMetadata(b, "cos-doc").getRawMetadataValue("x-cos-object-lock-mode")).isEqualTo("COMPLIANCE");
        assertThatThrownBy(() -> cos.deleteVersion(b, "cos-doc", v)).isInstanceOfSatisfying(CosServiceException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(403);
            assertThat(e.getErrorCode()).isEqualTo("AccessDenied");
        });
        assertThat(cos.doesObjectExist(b, "cos-doc")).isTrue();
    }

    @Test
    void theLifecycleDryRunSaysWhichLockedVersionsItSkipsAndWhy_LOCK_10() throws Exception {
        String b = lockedBucket("lock-lc");
        String locked = put(b, "k", r -> r.objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(Instant.now().plus(Duration.ofDays(365))));
        String plain = put(b, "j", r -> { });
        put(b, "k", r -> { });
        put(b, "j", r -> { });
        s3.putBucketLifecycleConfiguration(r -> r.bucket(b).lifecycleConfiguration(l -> l.rules(x -> x.id("old").status("Enabled")
                .filter(f -> f.prefix("")).noncurrentVersionExpiration(n -> n.noncurrentDays(1)))));
        var reply = preview("bucket=" + b + "&at=%2B30d");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        JsonNode rule = new ObjectMapper().readTree(reply.text()).get("rules").get(0);
        assertThat(rule.at("/totals/expire/count").asLong()).as(reply.text()).isEqualTo(1);
        assertThat(rule.at("/totals/skipped/count").asLong()).as(reply.text()).isEqualTo(1);
        for (JsonNode item : rule.get("items")) {
            if (item.get("versionId").asText().equals(locked)) {
                assertThat(item.get("skipped").asText()).contains("GOVERNANCE retention has not expired");
            } else {
                assertThat(item.get("versionId").asText()).isEqualTo(plain);
                assertThat(item.get("skipped").isNull() || item.get("skipped").isMissingNode()).isTrue();
            }
        }
        assertThat(List.of(exists(b, "k", locked), exists(b, "j", plain))).containsOnly(true); // a dry run changes nothing
    }
}
