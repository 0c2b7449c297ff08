package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.time.Instant;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditional writes and deletes through the AWS SDK for Java v2 (docs/spec/semantics.md §2.8).
 * COS documents no conditional write of its own (its x-cos-forbid-overwrite stays 501: OBJ-CW5); the
 * headers are plain HTTP, so the COS dialect honours them too (one test, with the COS SDK's custom headers).
 */
@CosdServer
class ConditionalWritesE2eTest {
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static com.qcloud.cos.COSClient cos;

    static String bucket(String name, boolean versioned) {
        String b = E2e.bucket(name);
        s3.createBucket(r -> r.bucket(b));
        if (versioned) s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        return b;
    }

    static S3Exception s3Error(Runnable r) {
        try {
            r.run();
        } catch (S3Exception e) {
            return e;
        }
        throw new AssertionError("expected an S3Exception");
    }

    static String statusAndCode(S3Exception e) {
        return e.statusCode() + " " + e.awsErrorDetails().errorCode();
    }

    static String body(String b, String key) {
        return s3.getObjectAsBytes(r -> r.bucket(b).key(key)).asUtf8String();
    }

    @Test
    void aCreateOnlyPutTwiceIs412TheSecondTimeAndTheFirstObjectStays_OBJ_CW1_OBJ_CW3() {
        String b = bucket("cw-create", false);
        String etag = s3.putObject(r -> r.bucket(b).key("k").ifNoneMatch("*"), RequestBody.fromString("first")).eTag();
        S3Exception e = s3Error(() -> s3.putObject(r -> r.bucket(b).key("k").ifNoneMatch("*"), RequestBody.fromString("second")));
        assertThat(statusAndCode(e)).isEqualTo("412 PreconditionFailed");
        assertThat(e.requestId()).isNotBlank();
        assertThat(body(b, "k")).isEqualTo("first");
        assertThat(s3.headObject(r -> r.bucket(b).key("k")).eTag()).isEqualTo(etag);
    }

    @Test
    void ifMatchWritesOnlyOverTheRightEtagAndNeedsAnObject_OBJ_CW1() {
        String b = bucket("cw-ifmatch", false);
        S3Exception none = s3Error(() -> s3.putObject(r -> r.bucket(b).key("k").ifMatch("\"0123\""), RequestBody.fromString("x")));
        assertThat(statusAndCode(none)).isEqualTo("404 NoSuchKey");
        String etag = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("one")).eTag();
        S3Exception wrong = s3Error(() -> s3.putObject(r -> r.bucket(b).key("k").ifMatch("\"0123\""), RequestBody.fromString("two")));
        assertThat(statusAndCode(wrong)).isEqualTo("412 PreconditionFailed");
        assertThat(body(b, "k")).isEqualTo("one");
        s3.putObject(r -> r.bucket(b).key("k").ifMatch(etag), RequestBody.fromString("two"));
        assertThat(body(b, "k")).isEqualTo("two");
        // If-None-Match other than *, or with If-Match, is not built (as on S3)
        S3Exception other = s3Error(() -> s3.putObject(r -> r.bucket(b).key("k").ifNoneMatch(etag), RequestBody.fromString("three")));
        assertThat(statusAndCode(other)).isEqualTo("501 NotImplemented");
        assertThat(body(b, "k")).isEqualTo("two");
    }

    @Test
    void ofConcurrentCreateOnlyPutsOfOneKeyExactlyOneSucceeds_OBJ_CW3_OBJ_CW4() throws Exception {
        String b = bucket("cw-race", false);
        int n = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                String data = "writer-" + i + "-" + "x".repeat(64 * 1024);
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        s3.putObject(r -> r.bucket(b).key("k").ifNoneMatch("*"), RequestBody.fromString(data));
                        return "200 " + data.substring(0, data.indexOf('-', 7));
                    } catch (S3Exception e) {
                        return statusAndCode(e);
                    }
                }));
            }
            start.countDown();
            List<String> got = new ArrayList<>();
            for (Future<String> f : outcomes) got.add(f.get());
            List<String> winners = got.stream().filter(s -> s.startsWith("200 ")).toList();
            assertThat(winners).hasSize(1);
            assertThat(got.stream().filter(s -> !s.startsWith("200 ")))
                    .allSatisfy(s -> assertThat(s).isIn("412 PreconditionFailed", "409 ConditionalRequestConflict"));
            assertThat(body(b, "k")).startsWith(winners.get(0).substring(4) + "-");
        }
    }

    String multipart(String b, String key, String data, UnaryOperator<CompleteMultipartUploadRequest.Builder> condition) {
        String upload = s3.createMultipartUpload(r -> r.bucket(b).key(key)).uploadId();
        String etag = s3.uploadPart(r -> r.bucket(b).key(key).uploadId(upload).partNumber(1), RequestBody.fromString(data)).eTag();
        return s3.completeMultipartUpload(r -> condition.apply(r.bucket(b).key(key).uploadId(upload)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))))).eTag();
    }

    @Test
    void aMultipartCompletionWithIfNoneMatchCreatesOnlyAndARefusedOneKeepsItsUpload_OBJ_CW1_OBJ_CW3() {
        String b = bucket("cw-multipart", false);
        String etag = multipart(b, "k", "first", r -> r.ifNoneMatch("*"));
        S3Exception e = s3Error(() -> multipart(b, "k", "second", r -> r.ifNoneMatch("*")));
        assertThat(statusAndCode(e)).isEqualTo("412 PreconditionFailed");
        assertThat(body(b, "k")).isEqualTo("first");
        assertThat(s3.listMultipartUploads(r -> r.bucket(b)).uploads()).hasSize(1); // the refused one, still there
        multipart(b, "k", "third", r -> r.ifMatch(etag));
        assertThat(body(b, "k")).isEqualTo("third");
    }

    @Test
    void aWriteCommittedAfterAnUploadWasInitiatedMakesItsCreateOnlyCompletionAConflict_OBJ_CW4() {
        String b = bucket("cw-conflict", false);
        String upload = s3.createMultipartUpload(r -> r.bucket(b).key("k")).uploadId();
        String etag = s3.uploadPart(r -> r.bucket(b).key("k").uploadId(upload).partNumber(1), RequestBody.fromString("late")).eTag();
        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("meanwhile"));
        S3Exception e = s3Error(() -> s3.completeMultipartUpload(r -> r.bucket(b).key("k").uploadId(upload).ifNoneMatch("*")
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag)))));
        assertThat(statusAndCode(e)).isEqualTo("409 ConditionalRequestConflict");
        assertThat(body(b, "k")).isEqualTo("meanwhile");
    }

    @Test
    void inAVersionedBucketOnlyTheCurrentVersionCountsAndADeleteMarkerIsNoObject_OBJ_CW2() {
        String b = bucket("cw-versioned", true);
        s3.putObject(r -> r.bucket(b).key("k").ifNoneMatch("*"), RequestBody.fromString("v1"));
        assertThat(statusAndCode(s3Error(() -> s3.putObject(r -> r.bucket(b).key("k").ifNoneMatch("*"), RequestBody.fromString("v2")))))
                .isEqualTo("412 PreconditionFailed");
        s3.deleteObject(r -> r.bucket(b).key("k"));
        assertThat(statusAndCode(s3Error(() -> s3.putObject(r -> r.bucket(b).key("k").ifMatch("*"), RequestBody.fromString("v2")))))
                .isEqualTo("404 NoSuchKey");
        s3.putObject(r -> r.bucket(b).key("k").ifNoneMatch("*"), RequestBody.fromString("v3"));
        assertThat(body(b, "k")).isEqualTo("v3");
        assertThat(s3.listObjectVersions(r -> r.bucket(b)).versions()).hasSize(2);
    }

    @Test
    void aCopyWritesItsDestinationOnlyIfTheConditionHolds_OBJ_CW5() {
        String b = bucket("cw-copy", false);
        s3.putObject(r -> r.bucket(b).key("src"), RequestBody.fromString("source"));
        s3.putObject(r -> r.bucket(b).key("dst"), RequestBody.fromString("dest"));
        S3Exception e = s3Error(() -> s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").destinationBucket(b).destinationKey("dst")
                .ifNoneMatch("*")));
        assertThat(statusAndCode(e)).isEqualTo("412 PreconditionFailed");
        assertThat(body(b, "dst")).isEqualTo("dest");
        s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").destinationBucket(b).destinationKey("new").ifNoneMatch("*"));
        assertThat(body(b, "new")).isEqualTo("source");
    }

    @Test
    void aConditionalDeleteDeletesOnlyWhatMatches_OBJ_CD1_OBJ_CD2() {
        String b = bucket("cw-delete", false);
        String etag = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("12345")).eTag();
        Instant modified = s3.headObject(r -> r.bucket(b).key("k")).lastModified();
        assertThat(statusAndCode(s3Error(() -> s3.deleteObject(r -> r.bucket(b).key("k").ifMatch("\"0123\"")))))
                .isEqualTo("412 PreconditionFailed");
        assertThat(statusAndCode(s3Error(() -> s3.deleteObject(r -> r.bucket(b).key("k").ifMatchSize(4L)))))
                .isEqualTo("412 PreconditionFailed");
        assertThat(statusAndCode(s3Error(() -> s3.deleteObject(r -> r.bucket(b).key("k").ifMatchLastModifiedTime(modified.minusSeconds(60))))))
                .isEqualTo("412 PreconditionFailed");
        assertThat(body(b, "k")).isEqualTo("12345");
        s3.deleteObject(r -> r.bucket(b).key("k").ifMatch(etag).ifMatchSize(5L).ifMatchLastModifiedTime(modified));
        assertThat(statusAndCode(s3Error(() -> s3.headObject(r -> r.bucket(b).key("k"))))).startsWith("404");
        // a missing key: nothing to match, nothing done, 204
        assertThat(s3.deleteObject(r -> r.bucket(b).key("k").ifMatch("\"0123\"")).sdkHttpResponse().statusCode()).isEqualTo(204);
    }

    @Test
    void deleteObjectsEntriesCarryTheirOwnConditions_OBJ_CD1() {
        String b = bucket("cw-delete-many", false);
        String etagA = s3.putObject(r -> r.bucket(b).key("a"), RequestBody.fromString("a")).eTag();
        s3.putObject(r -> r.bucket(b).key("b"), RequestBody.fromString("b"));
        DeleteObjectsResponse out = s3.deleteObjects(r -> r.bucket(b).delete(d -> d.objects(
                ObjectIdentifier.builder().key("a").eTag(etagA).build(),
                ObjectIdentifier.builder().key("b").eTag("\"0123\"").build(),
                ObjectIdentifier.builder().key("b").size(7L).build())));
        assertThat(out.deleted()).extracting(x -> x.key()).containsExactly("a");
        assertThat(out.errors()).extracting(x -> x.key() + " " + x.code()).containsExactly("b PreconditionFailed", "b PreconditionFailed");
        assertThat(body(b, "b")).isEqualTo("b");
    }

    @Test
    void aCallerAllowedOnlyToDeleteCannotProbeAnObjectWithADeleteCondition_OBJ_CD4() throws Exception {
        String b = bucket("cw-delete-probe", false);
        String etag = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("secret")).eTag();
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":[\"s3:DeleteObject\"],\"Resource\":[\"arn:aws:s3:::" + b + "/*\"]}]}"));
        Map<String, String> host = Map.of("Host", "127.0.0.1:" + env.port());
        for (String header : List.of("If-Match", "x-amz-if-match-size")) {
            String value = header.equals("If-Match") ? etag : "6";
            var probe = RawHttp.send(env.port(), "DELETE", "/" + b + "/k", Map.of("Host", host.get("Host"), header, value), null);
            assertThat(probe.status()).as(header).isEqualTo(403);
            assertThat(probe.text()).contains("<Code>AccessDenied</Code>");
        }
        assertThat(body(b, "k")).isEqualTo("secret");
        // If-Match: * only asks whether it exists, which the delete right covers
        assertThat(RawHttp.send(env.port(), "DELETE", "/" + b + "/k", Map.of("Host", host.get("Host"), "If-Match", "*"), null).status())
                .isEqualTo(204);
        assertThat(statusAndCode(s3Error(() -> s3.headObject(r -> r.bucket(b).key("k"))))).startsWith("404");
    }

    @Test
    void theCosDialectHonoursACreateOnlyPutAndAnswersInItsOwnEnvelope_OBJ_CW1() throws Exception {
        String b = bucket("cw-cos", false);
        cos.putObject(b, "k", "first");
        var req = new com.qcloud.cos.model.PutObjectRequest(b, "k", new java.io.ByteArrayInputStream("second".getBytes()),
                new com.qcloud.cos.model.ObjectMetadata());
        req.putCustomRequestHeader("If-None-Match", "*");
        var e = org.assertj.core.api.Assertions.catchThrowableOfType(com.qcloud.cos.exception.CosServiceException.class,
                () -> cos.putObject(req));
        assertThat(e.getStatusCode()).isEqualTo(412);
        assertThat(e.getErrorCode()).isEqualTo("PreconditionFailed");
        assertThat(e.getRequestId()).isNotBlank();
        assertThat(E2e.text(cos, b, "k")).isEqualTo("first");
    }

    @Test
    void aBucketPolicyCanRequireCreateOnlyWrites_POL_S5_OBJ_CW1() throws Exception {
        String b = bucket("cw-enforce", false);
        // As S3's user guide enforces conditional writes: a PutObject without If-None-Match is denied. The
        // grantee is anyone (the owner's root is bound only by a Deny that names it, POL-E1).
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::" + b + "/*\"},"
                + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::" + b + "/*\","
                + "\"Condition\":{\"Null\":{\"s3:if-none-match\":\"true\"}}}]}"));
        String host = "127.0.0.1:" + env.port();
        byte[] data = "created".getBytes();
        assertThat(RawHttp.send(env.port(), "PUT", "/" + b + "/k", Map.of("Host", host), data).status()).isEqualTo(403);
        assertThat(RawHttp.send(env.port(), "PUT", "/" + b + "/k", Map.of("Host", host, "If-None-Match", "*"), data).status()).isEqualTo(200);
        var again = RawHttp.send(env.port(), "PUT", "/" + b + "/k", Map.of("Host", host, "If-None-Match", "*"), "again".getBytes());
        assertThat(again.status()).isEqualTo(412);
        assertThat(again.text()).contains("<Code>PreconditionFailed</Code>");
        assertThat(body(b, "k")).isEqualTo("created");
    }
}
