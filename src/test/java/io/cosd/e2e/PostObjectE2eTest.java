package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.GetObjectTaggingRequest;
import com.qcloud.cos.model.ObjectMetadata;
import io.cosd.domain.signing.OutboundSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST Object, the browser form upload, end to end (docs/post-object.md): forms built here byte for
 * byte as a browser sends them, signed with q-sign (as COS's COSSigner.buildPostObjectSignature) or
 * SigV4 (as boto3's generate_presigned_post), sent over a raw socket, and the result read back with
 * both SDKs. The attacks each check the exact error and that nothing was stored.
 */
@CosdServer
class PostObjectE2eTest {
    static final String B = E2e.bucket("forms");
    static final String OTHER = E2e.bucket("forms-other");
    static final String BOUNDARY = "----WebKitFormBoundaryZBPbaoYE2gqeB21N";
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;

    @BeforeAll
    static void buckets() {
        cos.createBucket(B);
        cos.createBucket(OTHER);
    }

    // ---- form building and signing, independent of the server's code ----

    static String policy(String bucket, Instant expiration, String... conditions) {
        return "{\"expiration\":\"" + expiration.truncatedTo(ChronoUnit.SECONDS) + "\",\"conditions\":[{\"bucket\":\"" + bucket + "\"}"
                + (conditions.length == 0 ? "" : "," + String.join(",", conditions)) + "]}";
    }

    static String b64(String s) { return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)); }

    static byte[] hmac(String alg, byte[] key, String data) throws Exception {
        Mac m = Mac.getInstance(alg);
        m.init(new SecretKeySpec(key, alg));
        return m.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] b) { return HexFormat.of().formatHex(b); }

    /** COS: q-signature = HMAC-SHA1(hex(HMAC-SHA1(SecretKey, KeyTime)), hex(SHA1(policy JSON))). */
    static Map<String, String> qSigned(String policyJson, Map<String, String> fields) throws Exception {
        long now = Instant.now().getEpochSecond();
        String keyTime = (now - 60) + ";" + (now + 3600);
        String signKey = hex(hmac("HmacSHA1", E2e.SECRET_KEY.getBytes(StandardCharsets.UTF_8), keyTime));
        String sha1 = hex(MessageDigest.getInstance("SHA-1").digest(policyJson.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.put("policy", b64(policyJson));
        f.put("q-sign-algorithm", "sha1");
        f.put("q-ak", E2e.SECRET_ID);
        f.put("q-key-time", keyTime);
        f.put("q-signature", hex(hmac("HmacSHA1", signKey.getBytes(StandardCharsets.UTF_8), sha1)));
        return f;
    }

    /** SigV4 conditions a boto3 generate_presigned_post adds, for the fields it adds. */
    static String[] v4Conditions(String date) {
        return new String[] {"{\"x-amz-algorithm\":\"AWS4-HMAC-SHA256\"}",
                "{\"x-amz-credential\":\"" + credential(date) + "\"}", "{\"x-amz-date\":\"" + date + "T000000Z\"}"};
    }

    static String credential(String date) { return E2e.SECRET_ID + "/" + date + "/" + E2e.REGION + "/s3/aws4_request"; }

    static String today() { return DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(Instant.now()); }

    /** S3: x-amz-signature = hex(HMAC-SHA256(SigningKey, base64 policy)). */
    static Map<String, String> v4Signed(String policyJson, Map<String, String> fields) throws Exception {
        String date = today();
        byte[] k = hmac("HmacSHA256", ("AWS4" + E2e.SECRET_KEY).getBytes(StandardCharsets.UTF_8), date);
        k = hmac("HmacSHA256", k, E2e.REGION);
        k = hmac("HmacSHA256", k, "s3");
        k = hmac("HmacSHA256", k, "aws4_request");
        String policy = b64(policyJson);
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.put("policy", policy);
        f.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
        f.put("x-amz-credential", credential(date));
        f.put("x-amz-date", date + "T000000Z");
        f.put("x-amz-signature", hex(hmac("HmacSHA256", k, policy)));
        return f;
    }

    static byte[] body(Map<String, String> fields, String filename, byte[] file, Map<String, String> after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((n, v) -> out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + n + "\"\r\n\r\n" + v + "\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        if (file != null) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        after.forEach((n, v) -> out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + n + "\"\r\n\r\n" + v + "\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static RawHttp.Reply post(String bucket, Map<String, String> fields, String filename, byte[] file) throws Exception {
        return post(bucket, body(fields, filename, file, Map.of()));
    }

    static RawHttp.Reply post(String bucket, byte[] body) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + env.port());
        h.put("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
        return RawHttp.send(env.port(), "POST", "/" + bucket, h, body);
    }

    static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    static Instant inAnHour() { return Instant.now().plusSeconds(3600); }

    static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static void assertError(RawHttp.Reply r, int status, String code, String message) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.text()).contains("<Code>" + code + "</Code>");
        if (message != null) assertThat(r.text()).contains("<Message>" + message + "</Message>");
        assertThat(r.text()).contains("<RequestId>");
    }

    void assertAbsent(String bucket, String key) {
        assertThat(cos.doesObjectExist(bucket, key)).as(key + " must not have been stored").isFalse();
    }

    // ---- what works ----

    @Test
    void aQSignedFormStoresTheFileWithItsContentHeadersAndMetadataAndAnswers204() throws Exception {
        String p = policy(B, inAnHour(), "[\"starts-with\",\"$key\",\"uploads/\"]", "[\"starts-with\",\"$Content-Type\",\"text/\"]",
                "{\"x-cos-meta-owner\":\"alice\"}", "[\"content-length-range\",1,1024]", "{\"Cache-Control\":\"max-age=60\"}");
        var r = post(B, qSigned(p, fields("key", "uploads/a.txt", "Content-Type", "text/plain", "x-cos-meta-owner", "alice",
                "Cache-Control", "max-age=60")), "a.txt", bytes("hello form"));
        assertThat(r.status()).as(r.text()).isEqualTo(204);
        assertThat(r.header("ETag")).isEqualTo("\"" + hex(MessageDigest.getInstance("MD5").digest(bytes("hello form"))) + "\"");
        assertThat(E2e.text(cos, B, "uploads/a.txt")).isEqualTo("hello form");
        ObjectMetadata m = cos.getObjectMetadata(B, "uploads/a.txt");
        assertThat(m.getContentType()).isEqualTo("text/plain");
        assertThat(m.getCacheControl()).isEqualTo("max-age=60");
        assertThat(m.getUserMetadata()).containsEntry("owner", "alice");
    }

    @Test
    void aSigV4FormLikeBoto3sWithStatus201AnswersThePostResponseDocument() throws Exception {
        String date = today();
        List<String> conds = new ArrayList<>(Arrays.asList(v4Conditions(date)));
        conds.add("[\"starts-with\",\"$key\",\"v4/\"]");
        conds.add("{\"success_action_status\":\"201\"}");
        String p = policy(B, inAnHour(), conds.toArray(String[]::new));
        var r = post(B, v4Signed(p, fields("key", "v4/${filename}", "success_action_status", "201")), "photo.jpg", bytes("jpeg bytes"));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.text()).contains("<PostResponse>").contains("<Bucket>" + B + "</Bucket>").contains("<Key>v4/photo.jpg</Key>")
                .contains("<Location>http://127.0.0.1:" + env.port() + "/" + B + "/v4/photo.jpg</Location>");
        var got = s3.getObject(b -> b.bucket(B).key("v4/photo.jpg"), ResponseTransformer.toBytes());
        assertThat(got.asUtf8String()).isEqualTo("jpeg bytes");
    }

    @Test
    void taggingStorageClassAndContentMd5FieldsAreHonoured() throws Exception {
        String tagging = "<Tagging><TagSet><Tag><Key>team</Key><Value>red</Value></Tag></TagSet></Tagging>";
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes("tagged")));
        String p = policy(B, inAnHour(), "{\"key\":\"tagged.txt\"}", "[\"starts-with\",\"$tagging\",\"\"]",
                "{\"x-cos-storage-class\":\"STANDARD_IA\"}", "[\"starts-with\",\"$Content-MD5\",\"\"]");
        var ok = post(B, qSigned(p, fields("key", "tagged.txt", "tagging", tagging, "x-cos-storage-class", "STANDARD_IA",
                "Content-MD5", md5)), "t", bytes("tagged"));
        assertThat(ok.status()).as(ok.text()).isEqualTo(204);
        assertThat(cos.getObjectTagging(new GetObjectTaggingRequest(B, "tagged.txt")).getTagSet())
                .extracting(t -> t.getKey() + "=" + t.getValue()).containsExactly("team=red");
        assertThat(cos.getObjectMetadata(B, "tagged.txt").getStorageClass()).isEqualTo("STANDARD_IA");
        String p2 = policy(B, inAnHour(), "{\"key\":\"bad-md5.txt\"}", "[\"starts-with\",\"$Content-MD5\",\"\"]");
        var bad = post(B, qSigned(p2, fields("key", "bad-md5.txt", "Content-MD5", md5)), "t", bytes("not the same"));
        assertError(bad, 400, "BadDigest", null);
        assertAbsent(B, "bad-md5.txt");
    }

    @Test
    void aRedirectAnswers303WithBucketKeyAndEtag() throws Exception {
        String p = policy(B, inAnHour(), "{\"key\":\"r.txt\"}", "{\"success_action_redirect\":\"https://app.example/done\"}");
        var r = post(B, qSigned(p, fields("key", "r.txt", "success_action_redirect", "https://app.example/done")), "r.txt", bytes("r"));
        assertThat(r.status()).as(r.text()).isEqualTo(303);
        assertThat(r.header("Location")).startsWith("https://app.example/done?bucket=" + B + "&key=r.txt&etag=%22");
    }

    @Test
    void fieldsAfterTheFileAreIgnoredNotApplied() throws Exception {
        String p = policy(B, inAnHour(), "{\"key\":\"after.txt\"}");
        var r = post(B, body(qSigned(p, fields("key", "after.txt")), "x", bytes("after"), fields("x-cos-meta-late", "1", "key", "elsewhere")));
        assertThat(r.status()).as(r.text()).isEqualTo(204);
        assertThat(cos.getObjectMetadata(B, "after.txt").getUserMetadata()).doesNotContainKey("late");
        assertAbsent(B, "elsewhere");
    }

    /** The form as {@link #post(String, byte[])} sends it, with an {@code x-amz-content-sha256} header declaring {@code sha}. */
    static RawHttp.Reply postDeclaring(String bucket, byte[] body, String sha) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + env.port());
        h.put("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
        h.put("x-amz-content-sha256", sha);
        return RawHttp.send(env.port(), "POST", "/" + bucket, h, body);
    }

    @Test
    void aFormWhoseBodyDoesNotHashToItsDeclaredSha256IsRefusedAndStoresNothing_AUTH_11_AUTH_12() throws Exception {
        // The digest covers the whole body, closing boundary and fields after the file included, so it can only
        // be checked at the body's end: that end must be read before the file is stored, not after.
        String p = policy(B, inAnHour(), "{\"key\":\"sha-wrong.txt\"}");
        byte[] body = body(qSigned(p, fields("key", "sha-wrong.txt")), "x", bytes("declared"), fields("submit", "Upload"));
        String other = hex(MessageDigest.getInstance("SHA-256").digest(bytes("something else")));
        assertError(postDeclaring(B, body, other), 400, "XAmzContentSHA256Mismatch", null);
        assertAbsent(B, "sha-wrong.txt");
    }

    @Test
    void aFormWhoseBodyHashesToItsDeclaredSha256IsStored_AUTH_11() throws Exception {
        String p = policy(B, inAnHour(), "{\"key\":\"sha-right.txt\"}");
        byte[] body = body(qSigned(p, fields("key", "sha-right.txt")), "x", bytes("declared"), fields("submit", "Upload"));
        var r = postDeclaring(B, body, hex(MessageDigest.getInstance("SHA-256").digest(body)));
        assertThat(r.status()).as(r.text()).isEqualTo(204);
        assertThat(E2e.text(cos, B, "sha-right.txt")).isEqualTo("declared");
    }

    @Test
    void aLargeFileStreamsThrough() throws Exception {
        byte[] big = new byte[12 * 1024 * 1024 + 7];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31 + (i >> 11));
        String p = policy(B, inAnHour(), "{\"key\":\"big.bin\"}", "[\"content-length-range\",0,20000000]");
        var r = post(B, qSigned(p, fields("key", "big.bin")), "big.bin", big);
        assertThat(r.status()).as(r.text()).isEqualTo(204);
        assertThat(r.header("ETag")).isEqualTo("\"" + hex(MessageDigest.getInstance("MD5").digest(big)) + "\"");
        assertThat(cos.getObjectMetadata(B, "big.bin").getContentLength()).isEqualTo(big.length);
    }

    @Test
    void anonymousFormsNeedABucketPolicyAllowingAnonymousPutObject_AUTH_P2() throws Exception {
        String bucket = E2e.bucket("forms-anon");
        cos.createBucket(bucket);
        var refused = post(bucket, fields("key", "anon.txt"), "anon.txt", bytes("anon"));
        assertError(refused, 403, "AccessDenied", null);
        assertAbsent(bucket, "anon.txt");
        cos.setBucketPolicy(bucket, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},"
                + "\"effect\":\"allow\",\"action\":[\"name/cos:PostObject\"],\"resource\":[\"qcs::cos:" + E2e.REGION + ":uid/" + E2e.APPID
                + ":" + bucket + "/drop/*\"]}]}");
        assertThat(post(bucket, fields("key", "drop/anon.txt"), "anon.txt", bytes("anon")).status()).isEqualTo(204);
        // the bucket policy is evaluated for the resolved key, as for PutObject
        assertError(post(bucket, fields("key", "elsewhere/anon.txt"), "anon.txt", bytes("anon")), 403, "AccessDenied", null);
        assertAbsent(bucket, "elsewhere/anon.txt");
    }

    /** ACL-C5: an acl field granting beyond the owners needs PutObjectAcl too; private needs nothing more. */
    @Test
    void anAnonymousFormAllowedOnlyPostObjectCannotPublishWhatItUploads_ACL_C5() throws Exception {
        String bucket = E2e.bucket("forms-acl");
        cos.createBucket(bucket);
        cos.setBucketPolicy(bucket, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},"
                + "\"effect\":\"allow\",\"action\":[\"name/cos:PostObject\"],\"resource\":[\"qcs::cos:" + E2e.REGION + ":uid/" + E2e.APPID
                + ":" + bucket + "/drop/*\"]}]}");
        assertThat(post(bucket, fields("key", "drop/private.txt", "acl", "private"), "p.txt", bytes("p")).status()).isEqualTo(204);
        assertError(post(bucket, fields("key", "drop/public.txt", "acl", "public-read"), "p.txt", bytes("p")), 403, "AccessDenied", null);
        assertAbsent(bucket, "drop/public.txt");
        assertError(post(bucket, fields("key", "drop/granted.txt", "x-amz-grant-read", "uri=\"http://acs.amazonaws.com/groups/global/AllUsers\""),
                "p.txt", bytes("p")), 403, "AccessDenied", null);
        assertAbsent(bucket, "drop/granted.txt");
    }

    @Test
    void anAuthorizationHeaderLendsAnUnsignedFormNoAuthority_AUTH_P2() throws Exception {
        // The header signature covers no form field: the form is anonymous and the bucket has no public policy.
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + env.port());
        h.put("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
        Map<String, String> headers = new LinkedHashMap<>(h);
        headers.put("Authorization", OutboundSigner.cos("POST", "/" + B, Map.of(), h, E2e.SECRET_ID, E2e.SECRET_KEY,
                Instant.now(), 600));
        var r = RawHttp.send(env.port(), "POST", "/" + B, headers, body(fields("key", "header-signed.txt"), "x", bytes("x"), Map.of()));
        assertError(r, 403, "AccessDenied", null);
        assertAbsent(B, "header-signed.txt");
    }

    @Test
    void boto3GeneratePresignedPostUploadsWithPythonRequests() throws Exception {
        // python3-boto3 and python3-requests (scripts/test-deps.sh installs them); fails, never skips, without them.
        String script = String.join("\n",
                "import sys, boto3, requests",
                "from botocore.config import Config",
                "s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name=sys.argv[2], aws_access_key_id=sys.argv[3],",
                "    aws_secret_access_key=sys.argv[4], config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))",
                "post = s3.generate_presigned_post(Bucket=sys.argv[5], Key='boto/${filename}',",
                "    Fields={'Content-Type': 'text/plain', 'x-amz-meta-tool': 'boto3'},",
                "    Conditions=[['starts-with', '$Content-Type', 'text/'], {'x-amz-meta-tool': 'boto3'}, ['content-length-range', 1, 100]],",
                "    ExpiresIn=600)",
                "r = requests.post(post['url'], data=post['fields'], files={'file': ('hello.txt', b'hello from boto3')})",
                "print(r.status_code)",
                "print(r.text)",
                "bad = dict(post['fields']); bad['x-amz-meta-evil'] = '1'",
                "r = requests.post(post['url'], data=bad, files={'file': ('evil.txt', b'evil')})",
                "print(r.status_code)",
                "print(r.text)");
        Process p = new ProcessBuilder("python3", "-c", script, env.endpoint(), E2e.REGION, E2e.SECRET_ID, E2e.SECRET_KEY, B)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        String[] lines = out.split("\n");
        assertThat(lines[0]).as(out).isEqualTo("204");
        assertThat(E2e.text(cos, B, "boto/hello.txt")).isEqualTo("hello from boto3");
        assertThat(cos.getObjectMetadata(B, "boto/hello.txt").getContentType()).isEqualTo("text/plain");
        assertThat(cos.getObjectMetadata(B, "boto/hello.txt").getUserMetadata()).containsEntry("tool", "boto3");
        assertThat(out).as(out).contains("403").contains("Extra input fields: x-amz-meta-evil");
        assertAbsent(B, "boto/evil.txt");
    }

    // ---- attacks: each is refused with the exact error and stores nothing ----

    @Test
    void aFieldNoConditionCoversIsRefused_AUTH_P1() throws Exception {
        String p = policy(B, inAnHour(), "{\"key\":\"x1.txt\"}");
        var r = post(B, qSigned(p, fields("key", "x1.txt", "x-cos-meta-evil", "1")), "x", bytes("x"));
        assertError(r, 403, "AccessDenied", "Invalid according to Policy: Extra input fields: x-cos-meta-evil");
        assertAbsent(B, "x1.txt");
    }

    @Test
    void aKeyOutsideTheSignedPrefixIsRefused_AUTH_P1() throws Exception {
        String p = policy(B, inAnHour(), "[\"starts-with\",\"$key\",\"user/\"]");
        var r = post(B, qSigned(p, fields("key", "admin/x.txt")), "x", bytes("x"));
        assertError(r, 403, "AccessDenied", "Invalid according to Policy: Policy Condition failed: [\"starts-with\",\"$key\",\"user/\"]");
        assertAbsent(B, "admin/x.txt");
    }

    @Test
    void anExpiredPolicyIsRefused_AUTH_P1() throws Exception {
        String p = policy(B, Instant.now().minusSeconds(5), "{\"key\":\"late.txt\"}");
        var r = post(B, qSigned(p, fields("key", "late.txt")), "x", bytes("x"));
        assertError(r, 403, "AccessDenied", "Invalid according to Policy: Policy expired.");
        assertAbsent(B, "late.txt");
    }

    @Test
    void aPolicyForAnotherBucketIsRefused_AUTH_P1() throws Exception {
        String p = policy(OTHER, inAnHour(), "{\"key\":\"wrong-bucket.txt\"}");
        var r = post(B, qSigned(p, fields("key", "wrong-bucket.txt")), "x", bytes("x"));
        assertError(r, 403, "AccessDenied", "Invalid according to Policy: Policy Condition failed: {\"bucket\":\"" + OTHER + "\"}");
        assertAbsent(B, "wrong-bucket.txt");
    }

    @Test
    void aFileOutsideTheContentLengthRangeIsRefused_AUTH_P1() throws Exception {
        String p = policy(B, inAnHour(), "{\"key\":\"range.txt\"}", "[\"content-length-range\",2,10]");
        assertError(post(B, qSigned(p, fields("key", "range.txt")), "x", bytes("eleven bytes")), 400, "EntityTooLarge", null);
        assertAbsent(B, "range.txt");
        assertError(post(B, qSigned(p, fields("key", "range.txt")), "x", bytes("1")), 400, "EntityTooSmall", null);
        assertAbsent(B, "range.txt");
    }

    @Test
    void aSignatureForAnotherPolicyIsRefused_AUTH_P1() throws Exception {
        String signed = policy(B, inAnHour(), "{\"key\":\"innocent.txt\"}");
        Map<String, String> f = qSigned(signed, fields("key", "evil.txt"));
        f.put("policy", b64(policy(B, inAnHour(), "{\"key\":\"evil.txt\"}"))); // swapped after signing
        assertError(post(B, f, "x", bytes("x")), 403, "SignatureDoesNotMatch", null);
        assertAbsent(B, "evil.txt");
        Map<String, String> v4 = v4Signed(policy(B, inAnHour(), v4Conditions(today())), fields());
        v4.put("key", "evil.txt");
        v4.put("policy", b64(policy(B, inAnHour(), "{\"key\":\"evil.txt\"}")));
        assertError(post(B, v4, "x", bytes("x")), 403, "SignatureDoesNotMatch", null);
        assertAbsent(B, "evil.txt");
    }

    @Test
    void anUnbuiltEncryptionFieldIsNotImplementedWhileAclFieldsAreApplied_UB_1() throws Exception {
        // SSE-COS, SSE-C and SSE-KMS fields are built (SSE-15, SSE-16, SseE2eTest); the bucket key is not.
        String sse = policy(B, inAnHour(), "{\"key\":\"acl.txt\"}", "{\"x-cos-server-side-encryption-bucket-key-enabled\":\"true\"}");
        assertError(post(B, qSigned(sse, fields("key", "acl.txt", "x-cos-server-side-encryption-bucket-key-enabled", "true")), "x", bytes("x")),
                501, "NotImplemented", null);
        assertAbsent(B, "acl.txt");
        String priv = policy(B, inAnHour(), "{\"key\":\"acl.txt\"}", "{\"acl\":\"private\"}");
        assertThat(post(B, qSigned(priv, fields("key", "acl.txt", "acl", "private")), "x", bytes("x")).status()).isEqualTo(204);
        // A q-signed form's canned ACL is applied as x-cos-acl would be (docs/acl.md): public-read is readable anonymously.
        String pub = policy(B, inAnHour(), "{\"key\":\"acl-public.txt\"}", "{\"acl\":\"public-read\"}");
        assertThat(post(B, qSigned(pub, fields("key", "acl-public.txt", "acl", "public-read")), "x", bytes("public")).status())
                .isEqualTo(204);
        var got = RawHttp.send(env.port(), "GET", "/" + B + "/acl-public.txt", Map.of("Host", "127.0.0.1:" + env.port()), null);
        assertThat(got.status()).as(got.text()).isEqualTo(200);
        assertThat(got.text()).isEqualTo("public");
    }

    @Test
    void aChecksumFieldIsVerifiedAgainstTheFileAndStoredWithoutAPolicyCondition_OBJ_K10() throws Exception {
        byte[] file = bytes("checked on a form");
        String sum = java.util.Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(file));
        String date = today();
        String p = policy(B, inAnHour(), "{\"key\":\"ck.txt\"}", String.join(",", v4Conditions(date)));
        RawHttp.Reply ok = post(B, v4Signed(p, fields("key", "ck.txt", "x-amz-checksum-sha256", sum)), "f", file);
        assertThat(ok.status()).as(ok.text()).isEqualTo(204);
        var head = s3.headObject(r -> r.bucket(B).key("ck.txt").checksumMode(software.amazon.awssdk.services.s3.model.ChecksumMode.ENABLED));
        assertThat(head.checksumSHA256()).isEqualTo(sum);

        String other = java.util.Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes("other")));
        String p2 = policy(B, inAnHour(), "{\"key\":\"ck-bad.txt\"}", String.join(",", v4Conditions(date)));
        assertError(post(B, v4Signed(p2, fields("key", "ck-bad.txt", "x-amz-checksum-sha256", other)), "f", file), 400, "BadDigest", null);
        assertError(post(B, v4Signed(p2, fields("key", "ck-bad.txt", "x-amz-checksum-sha256", "sailorjerry")), "f", file),
                400, "InvalidRequest", null);
        assertAbsent(B, "ck-bad.txt");
    }

    @Test
    void badFormsGetTheirS3Errors() throws Exception {
        String p = policy(B, inAnHour(), "{\"key\":\"nofile.txt\"}");
        assertError(post(B, qSigned(p, fields("key", "nofile.txt")), null, null), 400, "IncorrectNumberOfFilesInPostRequest", null);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + env.port());
        h.put("Content-Type", "application/x-www-form-urlencoded");
        assertError(RawHttp.send(env.port(), "POST", "/" + B, h, bytes("key=a")), 400, "MalformedPOSTRequest", null);
        Map<String, String> bad = qSigned(p, fields("key", "nofile.txt"));
        bad.put("policy", b64("not json"));
        assertError(post(B, bad, "x", bytes("x")), 400, "InvalidPolicyDocument", null);
        byte[] truncated = Arrays.copyOf(body(qSigned(p, fields("key", "nofile.txt")), "x", bytes("x"), Map.of()), 200);
        assertThat(post(B, truncated).status()).isEqualTo(400);
        assertAbsent(B, "nofile.txt");
    }
}
