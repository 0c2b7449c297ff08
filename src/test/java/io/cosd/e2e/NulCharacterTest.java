package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import org.junit.jupiter.api.BeforeAll;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * ST-P4: U+0000 in a key or a listing parameter. PostgreSQL's {@code text} cannot hold it, SQLite can;
 * cosd refuses it on both engines, before anything is stored, with {@code 400 InvalidArgument}
 * (docs/scale-out.md "Known gaps"). {@link NulCharacterOnPostgresTest} runs the same tests on PostgreSQL.
 */
@CosdServer
class NulCharacterTest {
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static final String BUCKET = E2e.bucket("nulchar");
    static final String KEY = "a\u0000b";

    @BeforeAll
    static void bucket() {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    private static void invalidArgument(Runnable call) {
        assertThat(badRequest(call).awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
    }

    private static S3Exception badRequest(Runnable call) {
        S3Exception e = catchThrowableOfType(S3Exception.class, call::run);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(400);
        return e;
    }

    @Test
    void aKeyWithANulIsRefusedAsInvalidArgumentAndNothingIsStored_ST_P4() {
        invalidArgument(() -> s3.putObject(b -> b.bucket(BUCKET).key(KEY), RequestBody.fromString("x")));
        invalidArgument(() -> s3.createMultipartUpload(b -> b.bucket(BUCKET).key(KEY)));
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("a")).contents()).isEmpty();
        assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads()).isEmpty();
    }

    @Test
    void readingCopyingOrDeletingAKeyWithANulIsInvalidArgumentNeverA500_ST_P4() {
        s3.putObject(b -> b.bucket(BUCKET).key("plain"), RequestBody.fromString("x"));
        invalidArgument(() -> s3.getObject(b -> b.bucket(BUCKET).key(KEY)));
        invalidArgument(() -> s3.deleteObject(b -> b.bucket(BUCKET).key(KEY)));
        invalidArgument(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey(KEY).destinationBucket(BUCKET).destinationKey("c")));
        invalidArgument(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("plain").destinationBucket(BUCKET).destinationKey(KEY)));
        S3Exception version = catchThrowableOfType(S3Exception.class, () -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("plain")
                .sourceVersionId("v\u0000").destinationBucket(BUCKET).destinationKey("c")));
        assertThat(version).isNotNull();
        assertThat(version.statusCode()).as(version.getMessage()).isBetween(400, 499);
        // XML cannot carry U+0000 at all: the SDK's document is MalformedXML
        assertThat(badRequest(() -> s3.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.objects(o -> o.key(KEY)))))
                .awsErrorDetails().errorCode()).isEqualTo("MalformedXML");
    }

    @Test
    void aListingParameterWithANulIsInvalidArgumentNeverA500_ST_P4() {
        invalidArgument(() -> s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("a\u0000")));
        invalidArgument(() -> s3.listObjectsV2(b -> b.bucket(BUCKET).startAfter("a\u0000")));
        invalidArgument(() -> s3.listObjectsV2(b -> b.bucket(BUCKET).delimiter("\u0000")));
        invalidArgument(() -> s3.listObjects(b -> b.bucket(BUCKET).marker("a\u0000")));
        invalidArgument(() -> s3.listObjectVersions(b -> b.bucket(BUCKET).keyMarker("a\u0000")));
        invalidArgument(() -> s3.listMultipartUploads(b -> b.bucket(BUCKET).keyMarker("a\u0000")));
        invalidArgument(() -> s3.listMultipartUploads(b -> b.bucket(BUCKET).prefix("a\u0000")));
    }

    @Test
    void metadataTagsAndATaggingHeaderWithANulAreNeverA500_ST_P4() {
        S3Exception meta = catchThrowableOfType(S3Exception.class, () -> s3.putObject(b -> b.bucket(BUCKET).key("m")
                .metadata(java.util.Map.of("k", "v\u0000")), RequestBody.fromString("x")));
        // The SDK sends the NUL byte in the header; whatever the answer, a 4xx and nothing stored
        if (meta != null) assertThat(meta.statusCode()).as(meta.getMessage()).isBetween(400, 499);
        else assertThat(s3.headObject(b -> b.bucket(BUCKET).key("m")).metadata()).doesNotContainValue("v\u0000");
        // InvalidTag, whose message quotes the value (ST-V1: shown as \\u0000, so the SDK reads the code)
        invalidTag(() -> s3.putObject(b -> b.bucket(BUCKET).key("t").tagging("k=v%00"), RequestBody.fromString("x")));
        s3.putObject(b -> b.bucket(BUCKET).key("plain"), RequestBody.fromString("x"));
        // a tagging document: the SDK writes the NUL raw, which no XML parser takes (MalformedXML)
        badRequest(() -> s3.putObjectTagging(b -> b.bucket(BUCKET).key("plain").tagging(t -> t.tagSet(s -> s.key("k").value("v\u0000")))));
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(o -> o.key()).doesNotContain("t");
    }

    private static void invalidTag(Runnable call) {
        assertThat(badRequest(call).awsErrorDetails().errorCode()).isEqualTo("InvalidTag");
    }

    /**
     * ST-V1: an error message that quotes a value holding a character XML cannot carry (U+0000, U+FFFE;
     * U+0001 only under XML 1.1) was written as a reference the SDKs' parsers refuse, so the client saw
     * a parse failure (AWS SDK: no error code; COS SDK: an unparsed body) instead of InvalidTag.
     */
    @Test
    void anErrorQuotingAValueXmlCannotCarryReachesBothSdksWithItsCode_ST_V1() {
        for (String tagging : java.util.List.of("k=v%00", "k=v%01w", "k=v%EF%BF%BE", "k%00=v")) {
            S3Exception e = badRequest(() -> s3.putObject(b -> b.bucket(BUCKET).key("tv").tagging(tagging), RequestBody.fromString("x")));
            assertThat(e.awsErrorDetails().errorCode()).as(tagging + ": " + e.getMessage()).isEqualTo("InvalidTag");
            assertThat(e.awsErrorDetails().errorMessage()).as(tagging).startsWith("The Tag");
            ObjectMetadata m = new ObjectMetadata();
            m.setHeader("x-cos-tagging", tagging);
            m.setContentLength(1);
            CosServiceException c = catchThrowableOfType(CosServiceException.class, () -> cos.putObject(
                    new PutObjectRequest(BUCKET, "tv", new ByteArrayInputStream(new byte[] {'x'}), m)));
            assertThat(c).as(tagging).isNotNull();
            assertThat(c.getStatusCode()).as(tagging + ": " + c.getMessage()).isEqualTo(400);
            assertThat(c.getErrorCode()).as(tagging + ": " + c.getMessage()).isEqualTo("InvalidTag");
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("tv")).contents()).isEmpty();
    }

    /**
     * ST-V2: U+FFFE and U+FFFF are characters no XML version can carry, not even as a reference, so a key
     * holding one made every listing of its bucket (without encoding-type=url) a document neither SDK
     * can parse: one such PUT, which a policy may allow anyone, broke the owner's listings. A new name
     * holding one is refused like U+0000; an existing one can still be read and deleted by name.
     */
    @Test
    void aKeyHoldingACharacterXmlCannotCarryIsRefusedSoListingsStayReadable_ST_V2() {
        String bucket = E2e.bucket("nonchar");
        s3.createBucket(b -> b.bucket(bucket));
        for (String key : java.util.List.of("a\ufffeb", "a\uffffb")) {
            invalidArgument(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("x")));
            invalidArgument(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key)));
            s3.putObject(b -> b.bucket(bucket).key("plain"), RequestBody.fromString("x"));
            invalidArgument(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("plain").destinationBucket(bucket).destinationKey(key)));
            ObjectMetadata m = new ObjectMetadata();
            m.setContentLength(1);
            CosServiceException c = catchThrowableOfType(CosServiceException.class, () -> cos.putObject(
                    new PutObjectRequest(bucket, key, new ByteArrayInputStream(new byte[] {'x'}), m)));
            assertThat(c).as("COS PUT refused").isNotNull();
            assertThat(c.getErrorCode()).as(c.getMessage()).isEqualTo("InvalidArgument");
        }
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(o -> o.key()).containsExactly("plain");
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions()).extracting(o -> o.key()).containsExactly("plain");
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        assertThat(cos.listObjects(bucket, "").getObjectSummaries()).extracting(o -> o.getKey()).containsExactly("plain");
    }

    /**
     * ST-V4: a copy source names a bucket too. Its key was checked for U+0000 (ST-P4), its bucket was
     * not, and was looked up as sent: a 500 on PostgreSQL, whose text cannot hold it.
     */
    @Test
    void aCopySourceBucketHoldingANulIsA4xxNeverA500_ST_V4() throws Exception {
        s3.putObject(b -> b.bucket(BUCKET).key("plain"), RequestBody.fromString("x"));
        S3Exception copy = catchThrowableOfType(S3Exception.class, () -> s3.copyObject(b -> b.sourceBucket("no\u0000such")
                .sourceKey("plain").destinationBucket(BUCKET).destinationKey("c4")));
        assertThat(copy).isNotNull();
        assertThat(copy.statusCode()).as(copy.getMessage()).isBetween(400, 499);
        String upload = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("c4")).uploadId();
        S3Exception part = catchThrowableOfType(S3Exception.class, () -> s3.uploadPartCopy(b -> b.sourceBucket("no\u0000such")
                .sourceKey("plain").destinationBucket(BUCKET).destinationKey("c4").uploadId(upload).partNumber(1)));
        assertThat(part).isNotNull();
        assertThat(part.statusCode()).as(part.getMessage()).isBetween(400, 499);
        s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("c4").uploadId(upload));
        // the bucket of the path itself
        S3Exception list = catchThrowableOfType(S3Exception.class, () -> s3.listObjectsV2(b -> b.bucket("no\u0000such")));
        assertThat(list).isNotNull();
        assertThat(list.statusCode()).as(list.getMessage()).isBetween(400, 499);
        S3Exception put = catchThrowableOfType(S3Exception.class, () -> s3.putObject(b -> b.bucket("no\u0000such").key("k"), RequestBody.fromString("x")));
        assertThat(put).isNotNull();
        assertThat(put.statusCode()).as(put.getMessage()).isBetween(400, 499);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + env.port());
        h.put("Origin", "https://example.com");
        h.put("Access-Control-Request-Method", "GET");
        RawHttp.Reply preflight = RawHttp.send(env.port(), "OPTIONS", "/no%00such/k", h, null);
        assertThat(preflight.status()).as(preflight.text()).isBetween(400, 499);
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("c4")).contents()).isEmpty();
    }

    @Test
    void aBucketPolicyOrAHeaderValueWithAnEscapedNulIsNeverA500_ST_P4() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"a\\u0000b\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":[\"*\"]},\"Action\":[\"s3:GetObject\"],\"Resource\":[\"arn:aws:s3:::" + BUCKET + "/x\\u0000\"]}]}";
        S3Exception e = catchThrowableOfType(S3Exception.class, () -> s3.putBucketPolicy(b -> b.bucket(BUCKET).policy(policy)));
        if (e != null) assertThat(e.statusCode()).as(e.getMessage()).isBetween(400, 499);
        S3Exception ct = catchThrowableOfType(S3Exception.class, () -> s3.putObject(b -> b.bucket(BUCKET).key("ct")
                .contentDisposition("attachment; filename=\"a\u0000b\""), RequestBody.fromString("x")));
        if (ct != null) assertThat(ct.statusCode()).as(ct.getMessage()).isBetween(400, 499);
    }

    /**
     * A form field is no header: its value may carry a raw U+0000. A Content-Type holding one was a 500
     * on PostgreSQL (its column is text); metadata holding one was stored and never sent back.
     */
    @Test
    void aPostFormFieldHoldingANulIsRefusedAsInvalidArgumentAndStoresNothing_ST_P4() throws Exception {
        for (String[] field : new String[][] {{"x-amz-meta-a", "v\u0000w"}, {"Content-Type", "text/pl\u0000ain"}}) {
            String key = "form-" + field[0];
            java.util.List<String> conds = new java.util.ArrayList<>(java.util.List.of(PostObjectE2eTest.v4Conditions(PostObjectE2eTest.today())));
            conds.add("{\"key\":\"" + key + "\"}");
            conds.add("[\"starts-with\",\"$" + field[0] + "\",\"\"]");
            String p = PostObjectE2eTest.policy(BUCKET, Instant.now().plusSeconds(3600), conds.toArray(String[]::new));
            Map<String, String> f = PostObjectE2eTest.v4Signed(p, PostObjectE2eTest.fields("key", key, field[0], field[1]));
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Host", "127.0.0.1:" + env.port());
            h.put("Content-Type", "multipart/form-data; boundary=" + PostObjectE2eTest.BOUNDARY);
            RawHttp.Reply r = RawHttp.send(env.port(), "POST", "/" + BUCKET, h,
                    PostObjectE2eTest.body(f, "f.txt", "x".getBytes(StandardCharsets.UTF_8), Map.of()));
            assertThat(r.status()).as(field[0] + ": " + r.text()).isEqualTo(400);
            assertThat(r.text()).contains("<Code>InvalidArgument</Code>");
            assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(key)).contents()).isEmpty();
        }
    }
}
