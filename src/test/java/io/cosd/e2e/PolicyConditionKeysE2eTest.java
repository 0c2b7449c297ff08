package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.CopyObjectRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The request condition keys S3 users rely on (docs/spec/semantics.md POL-S9..S13, docs/policy.md
 * "Conditions"), through the AWS SDK v2 as a sub-user whom only the bucket policy lets in, and the
 * COS Java SDK where its x-cos- headers feed the same keys.
 */
@CosdServer
class PolicyConditionKeysE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client root;
    @CosdServer.Inject static COSClient cosRoot;
    static final String SUB_UIN = "100000000011";
    static final String SUB_ARN = "arn:aws:iam::100000000001:user/" + SUB_UIN;
    static final String SRC = E2e.bucket("keys-src"), DST = E2e.bucket("keys-dst");
    static S3Client sub;
    static COSClient cosSub;

    @BeforeAll
    static void fixtures() {
        root.createBucket(r -> r.bucket(SRC));
        root.createBucket(r -> r.bucket(DST));
        for (String k : new String[]{"public/a.txt", "private/b.txt"}) root.putObject(r -> r.bucket(SRC).key(k), RequestBody.fromString(k));
        E2e.admin(env.dir, "user", "add", "--uin", SUB_UIN, "--name", "carol");
        var m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(E2e.admin(env.dir, "key", "create", "--uin", SUB_UIN).out());
        assertThat(m.find()).isTrue();
        sub = env.s3(m.group(1), m.group(2));
        cosSub = env.cos(m.group(1), m.group(2));
    }

    @AfterEach
    void clear() {
        root.deleteBucketPolicy(r -> r.bucket(SRC));
        root.deleteBucketPolicy(r -> r.bucket(DST));
    }

    /** One S3 statement: {@code effect} of {@code action} on {@code resource} for {@code principal}, under {@code condition} (JSON or null). */
    static String statement(String effect, String principal, String action, String resource, String condition) {
        return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\""
                + (condition == null ? "" : ",\"Condition\":" + condition) + "}";
    }

    static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    static final String SUB = "{\"AWS\":\"" + SUB_ARN + "\"}";

    static void put(String bucket, String policy) {
        root.putBucketPolicy(r -> r.bucket(bucket).policy(policy));
    }

    static void assertDenied(Executable call) {
        S3Exception e = assertThrows(S3Exception.class, call);
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(e.requestId()).isNotBlank();
    }

    @Test
    void aCopyIsAllowedOnlyFromTheSourcePrefixTheCopySourceConditionNames_POL_S9() {
        put(SRC, policy(statement("Allow", SUB, "s3:GetObject", "arn:aws:s3:::" + SRC + "/*", null)));
        put(DST, policy(statement("Allow", SUB, "s3:PutObject", "arn:aws:s3:::" + DST + "/*",
                "{\"StringLike\":{\"s3:x-amz-copy-source\":\"" + SRC + "/public/*\"}}")));

        sub.copyObject(r -> r.sourceBucket(SRC).sourceKey("public/a.txt").destinationBucket(DST).destinationKey("copy-a"));
        assertThat(root.getObjectAsBytes(r -> r.bucket(DST).key("copy-a")).asUtf8String()).isEqualTo("public/a.txt");
        assertDenied(() -> sub.copyObject(r -> r.sourceBucket(SRC).sourceKey("private/b.txt").destinationBucket(DST).destinationKey("copy-b")));
        assertThat(root.listObjectsV2(r -> r.bucket(DST).prefix("copy-b")).keyCount()).isZero();
        // A PUT is no copy: the key has no value there, so the StringLike Allow does not grant it.
        assertDenied(() -> sub.putObject(r -> r.bucket(DST).key("plain"), RequestBody.fromString("x")));

        // The COS SDK's host-form x-cos-copy-source is judged the same way.
        cosSub.copyObject(new CopyObjectRequest(new com.qcloud.cos.region.Region(E2e.REGION), SRC, "public/a.txt", DST, "cos-copy-a"));
        CosServiceException e = assertThrows(CosServiceException.class, () -> cosSub.copyObject(
                new CopyObjectRequest(new com.qcloud.cos.region.Region(E2e.REGION), SRC, "private/b.txt", DST, "cos-copy-b")));
        assertThat(e.getStatusCode()).isEqualTo(403);
        assertThat(e.getErrorCode()).isEqualTo("AccessDenied");
    }

    @Test
    void aCopyMayBeRequiredToKeepTheSourceMetadata_POL_S9() {
        put(SRC, policy(statement("Allow", SUB, "s3:GetObject", "arn:aws:s3:::" + SRC + "/*", null)));
        put(DST, policy(statement("Allow", SUB, "s3:PutObject", "arn:aws:s3:::" + DST + "/*",
                "{\"StringEquals\":{\"s3:x-amz-metadata-directive\":\"COPY\"}}")));
        sub.copyObject(r -> r.sourceBucket(SRC).sourceKey("public/a.txt").destinationBucket(DST).destinationKey("meta-copy")
                .metadataDirective("COPY"));
        assertDenied(() -> sub.copyObject(r -> r.sourceBucket(SRC).sourceKey("public/a.txt").destinationBucket(DST).destinationKey("meta-replace")
                .metadataDirective("REPLACE").metadata(java.util.Map.of("k", "v"))));
    }

    @Test
    void anUploadMustGrantTheBucketOwnerFullControl_POL_S10() {
        String ownerId = root.listBuckets().owner().id();
        put(DST, policy(statement("Allow", SUB, "s3:PutObject", "arn:aws:s3:::" + DST + "/*",
                "{\"StringEquals\":{\"s3:x-amz-grant-full-control\":\"id=" + ownerId + "\"}}")));
        sub.putObject(r -> r.bucket(DST).key("granted").grantFullControl("id=" + ownerId), RequestBody.fromString("g"));
        var acl = root.getObjectAcl(r -> r.bucket(DST).key("granted"));
        assertThat(acl.grants()).anySatisfy(g -> {
            assertThat(g.grantee().id()).isEqualTo(ownerId);
            assertThat(g.permissionAsString()).isEqualTo("FULL_CONTROL");
        });
        assertDenied(() -> sub.putObject(r -> r.bucket(DST).key("ungranted"), RequestBody.fromString("u")));
    }

    @Test
    void aCosDocumentUsesTheGrantKeyOnTheCosSdksGrantHeader_POL_S10() {
        // COS documents no grant condition key; the S3 key works in a COS-grammar document and reads x-cos-grant-*.
        root.putBucketPolicy(r -> r.bucket(DST).policy("{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":"
                + "[\"qcs::cam::uin/100000000001:uin/" + SUB_UIN + "\"]},\"effect\":\"allow\",\"action\":[\"name/cos:PutObject\"],"
                + "\"resource\":[\"qcs::cos:" + E2e.REGION + ":uid/" + E2e.APPID + ":" + DST + "/*\"],"
                + "\"condition\":{\"string_equal\":{\"s3:x-amz-grant-full-control\":\"id=\\\"100000000001\\\"\"}}}]}"));
        var granted = new com.qcloud.cos.model.ObjectMetadata();
        granted.setHeader("x-cos-grant-full-control", "id=\"100000000001\"");
        cosSub.putObject(new com.qcloud.cos.model.PutObjectRequest(DST, "cos-granted", new java.io.ByteArrayInputStream(new byte[]{1}), granted));
        CosServiceException e = assertThrows(CosServiceException.class, () -> cosSub.putObject(DST, "cos-ungranted", "u"));
        assertThat(e.getStatusCode()).isEqualTo(403);
        assertThat(e.getErrorCode()).isEqualTo("AccessDenied");
    }

    @Test
    void anUploadAndATagUpdateAreAllowedOnlyWithTheRequiredRequestTag_POL_S11() {
        String condition = "{\"StringEquals\":{\"s3:RequestObjectTag/security\":\"public\"}}";
        put(DST, policy(statement("Allow", SUB, "s3:PutObject", "arn:aws:s3:::" + DST + "/*", condition),
                statement("Allow", SUB, "s3:PutObjectTagging", "arn:aws:s3:::" + DST + "/*", condition)));
        sub.putObject(r -> r.bucket(DST).key("tagged").tagging("security=public&team=a"), RequestBody.fromString("t"));
        assertDenied(() -> sub.putObject(r -> r.bucket(DST).key("untagged"), RequestBody.fromString("u")));
        assertDenied(() -> sub.putObject(r -> r.bucket(DST).key("private").tagging("security=private"), RequestBody.fromString("p")));

        // PutObjectTagging: the tags in its body.
        sub.putObjectTagging(r -> r.bucket(DST).key("tagged").tagging(t -> t.tagSet(Tag.builder().key("security").value("public").build())));
        assertDenied(() -> sub.putObjectTagging(r -> r.bucket(DST).key("tagged")
                .tagging(t -> t.tagSet(Tag.builder().key("security").value("secret").build()))));
        assertThat(root.getObjectTagging(r -> r.bucket(DST).key("tagged")).tagSet())
                .containsExactly(Tag.builder().key("security").value("public").build());

        // RequestObjectTagKeys with ForAllValues: only the listed tag keys.
        put(DST, policy(statement("Allow", SUB, "s3:PutObject", "arn:aws:s3:::" + DST + "/*",
                "{\"ForAllValues:StringEquals\":{\"s3:RequestObjectTagKeys\":[\"security\",\"team\"]},\"Null\":{\"s3:RequestObjectTagKeys\":\"false\"}}")));
        sub.putObject(r -> r.bucket(DST).key("keys-ok").tagging("team=b"), RequestBody.fromString("k"));
        assertDenied(() -> sub.putObject(r -> r.bucket(DST).key("keys-bad").tagging("team=b&cost=1"), RequestBody.fromString("k")));
        assertDenied(() -> sub.putObject(r -> r.bucket(DST).key("keys-none"), RequestBody.fromString("k")));
    }

    @Test
    void aDenyOfUnencryptedUploadsBindsTheOwnerAndAnEncryptedOneIsStoredEncrypted_POL_S12_S7() {
        put(DST, policy(statement("Deny", "\"*\"", "s3:PutObject", "arn:aws:s3:::" + DST + "/*",
                "{\"Null\":{\"s3:x-amz-server-side-encryption\":\"true\"}}")));
        assertDenied(() -> root.putObject(r -> r.bucket(DST).key("plain"), RequestBody.fromString("p")));
        // SSE-S3 is built (docs/encryption.md): the policy lets the encrypted upload through and it is stored encrypted.
        var put = root.putObject(r -> r.bucket(DST).key("sse").serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromString("s"));
        assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(root.listObjectsV2(r -> r.bucket(DST).prefix("plain")).keyCount()).isZero();
        assertThat(root.headObject(r -> r.bucket(DST).key("sse")).serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        // The owner may still manage the policy (POL-A6).
        assertThat(root.getBucketPolicy(r -> r.bucket(DST)).policy()).contains("x-amz-server-side-encryption");
    }

    @Test
    void aMissingKeyIs404WhereTheCallerMayListItAnd403Elsewhere_POL_S13() {
        put(SRC, policy(statement("Allow", SUB, "s3:ListBucket", "arn:aws:s3:::" + SRC,
                "{\"StringLike\":{\"s3:prefix\":\"public/*\"}}")));
        S3Exception head = assertThrows(S3Exception.class, () -> sub.headObject(r -> r.bucket(SRC).key("public/none")));
        assertThat(head.statusCode()).isEqualTo(404);
        S3Exception get = assertThrows(S3Exception.class, () -> sub.getObject(r -> r.bucket(SRC).key("public/none")));
        assertThat(get.statusCode()).isEqualTo(404);
        assertThat(get.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
        assertThat(assertThrows(S3Exception.class, () -> sub.headObject(r -> r.bucket(SRC).key("private/none"))).statusCode()).isEqualTo(403);
        assertDenied(() -> sub.getObject(r -> r.bucket(SRC).key("private/none")));
        // A named version is never answered by listing rights.
        assertThat(assertThrows(S3Exception.class, () -> sub.headObject(r -> r.bucket(SRC).key("public/none").versionId("null"))).statusCode())
                .isEqualTo(403);
        // An existing key the caller may not read stays 403, listable or not.
        assertDenied(() -> sub.getObject(r -> r.bucket(SRC).key("public/a.txt")));
        // An explicit Deny is 403 even where listing is allowed.
        put(SRC, policy(statement("Allow", SUB, "s3:ListBucket", "arn:aws:s3:::" + SRC, null),
                statement("Deny", SUB, "s3:GetObject", "arn:aws:s3:::" + SRC + "/*", null)));
        assertDenied(() -> sub.getObject(r -> r.bucket(SRC).key("public/none")));
    }
}
