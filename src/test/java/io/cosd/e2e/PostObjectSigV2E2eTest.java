package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import io.cosd.app.Config;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.Type;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.cosd.e2e.PostObjectE2eTest.b64;
import static io.cosd.e2e.PostObjectE2eTest.body;
import static io.cosd.e2e.PostObjectE2eTest.bytes;
import static io.cosd.e2e.PostObjectE2eTest.fields;
import static io.cosd.e2e.PostObjectE2eTest.inAnHour;
import static io.cosd.e2e.PostObjectE2eTest.policy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST Object with S3's Signature Version 2 form fields ({@code AWSAccessKeyId}, {@code signature} =
 * base64(HMAC-SHA1(SecretKey, base64 policy)), as the ceph/s3-tests post_object tests and older browser
 * upload pages sign), and the {@code acl} and grant fields applied as their PutObject header twins
 * (docs/post-object.md "Signatures", "Fields"). Forms are built and signed here with javax.crypto and
 * sent over a raw socket; what is stored is read back anonymously and with the AWS SDK.
 */
@CosdServer
class PostObjectSigV2E2eTest {
    static final String B = E2e.bucket("v2forms");
    static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;

    @BeforeAll
    static void bucket() {
        cos.createBucket(B);
    }

    /** S3's SigV2 form: signature = base64(HMAC-SHA1(SecretKey, the base64 policy field)). */
    static Map<String, String> v2Signed(String policyJson, Map<String, String> fields) throws Exception {
        String policy = b64(policyJson);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(E2e.SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        Map<String, String> f = new LinkedHashMap<>(fields);
        f.put("AWSAccessKeyId", E2e.SECRET_ID);
        f.put("policy", policy);
        f.put("signature", java.util.Base64.getEncoder().encodeToString(mac.doFinal(policy.getBytes(StandardCharsets.US_ASCII))));
        return f;
    }

    static RawHttp.Reply post(int port, String bucket, Map<String, String> fields, String filename, byte[] file) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + port);
        h.put("Content-Type", "multipart/form-data; boundary=" + PostObjectE2eTest.BOUNDARY);
        return RawHttp.send(port, "POST", "/" + bucket, h, body(fields, filename, file, Map.of()));
    }

    static RawHttp.Reply post(Map<String, String> fields, String filename, byte[] file) throws Exception {
        return post(env.port(), B, fields, filename, file);
    }

    /** A GET with no credentials at all. */
    static RawHttp.Reply anonymousGet(String bucket, String key) throws Exception {
        return RawHttp.send(env.port(), "GET", "/" + bucket + "/" + key, Map.of("Host", "127.0.0.1:" + env.port()), null);
    }

    static void assertError(RawHttp.Reply r, int status, String code) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.text()).contains("<Code>" + code + "</Code>").contains("<RequestId>");
    }

    void assertAbsent(String bucket, String key) {
        assertThat(cos.doesObjectExist(bucket, key)).as(key + " must not have been stored").isFalse();
    }

    @Test
    void aSigV2FormWithAPublicReadAclFieldStoresAnAnonymouslyReadableObject_AUTH_P4() throws Exception {
        String p = policy(B, inAnHour(), "[\"starts-with\",\"$key\",\"v2/\"]", "{\"acl\":\"public-read\"}",
                "[\"starts-with\",\"$Content-Type\",\"text/\"]", "[\"content-length-range\",0,1024]");
        var r = post(v2Signed(p, fields("key", "v2/${filename}", "acl", "public-read", "Content-Type", "text/plain")), "hello.txt",
                bytes("hello sigv2 form"));
        assertThat(r.status()).as(r.text()).isEqualTo(204);
        RawHttp.Reply got = anonymousGet(B, "v2/hello.txt");
        assertThat(got.status()).as(got.text()).isEqualTo(200);
        assertThat(got.text()).isEqualTo("hello sigv2 form");
        assertThat(s3.getObjectAcl(b -> b.bucket(B).key("v2/hello.txt")).grants())
                .anySatisfy(g -> {
                    assertThat(g.grantee().type()).isEqualTo(Type.GROUP);
                    assertThat(g.grantee().uri()).isEqualTo(ALL_USERS);
                    assertThat(g.permission()).isEqualTo(Permission.READ);
                });
        // Without an acl field the S3 form's object is private, as a PutObject without x-amz-acl.
        String priv = policy(B, inAnHour(), "{\"key\":\"v2/private.txt\"}");
        assertThat(post(v2Signed(priv, fields("key", "v2/private.txt")), "p", bytes("private")).status()).isEqualTo(204);
        assertThat(anonymousGet(B, "v2/private.txt").status()).isEqualTo(403);
    }

    @Test
    void aGrantReadFieldIsAppliedAsItsHeaderTwin_ACL_H1() throws Exception {
        String grant = "uri=\"" + ALL_USERS + "\"";
        String p = policy(B, inAnHour(), "{\"key\":\"v2/granted.txt\"}", "{\"x-amz-grant-read\":\"" + grant.replace("\"", "\\\"") + "\"}");
        var r = post(v2Signed(p, fields("key", "v2/granted.txt", "x-amz-grant-read", grant)), "g", bytes("granted"));
        assertThat(r.status()).as(r.text()).isEqualTo(204);
        assertThat(anonymousGet(B, "v2/granted.txt").text()).isEqualTo("granted");
        // Both a canned ACL and a grant: 400 InvalidRequest as for the headers, and nothing stored.
        String both = policy(B, inAnHour(), "{\"key\":\"v2/both.txt\"}", "{\"acl\":\"private\"}",
                "{\"x-amz-grant-read\":\"" + grant.replace("\"", "\\\"") + "\"}");
        assertError(post(v2Signed(both, fields("key", "v2/both.txt", "acl", "private", "x-amz-grant-read", grant)), "b", bytes("b")),
                400, "InvalidRequest");
        assertAbsent(B, "v2/both.txt");
        // An unknown canned ACL: 400 InvalidArgument, as x-amz-acl.
        String bad = policy(B, inAnHour(), "{\"key\":\"v2/bad-acl.txt\"}", "{\"acl\":\"world-writable\"}");
        assertError(post(v2Signed(bad, fields("key", "v2/bad-acl.txt", "acl", "world-writable")), "b", bytes("b")), 400, "InvalidArgument");
        assertAbsent(B, "v2/bad-acl.txt");
    }

    @Test
    void aGrantFieldNamingAnotherAccountLetsThatAccountReadTheObject_ACL_H1() throws Exception {
        String out = E2e.admin(env.dir, "account", "add").out();
        var m = java.util.regex.Pattern.compile("uin=(\\d+) appid=(\\d+)\\s+SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        S3Client other = env.s3(m.group(3), m.group(4));
        String otherId = other.listBuckets().owner().id(); // its S3 canonical id
        String grant = "id=\"" + otherId + "\"";
        String p = policy(B, inAnHour(), "{\"key\":\"v2/shared.txt\"}", "{\"x-amz-grant-read\":\"" + grant.replace("\"", "\\\"") + "\"}");
        var r = post(v2Signed(p, fields("key", "v2/shared.txt", "x-amz-grant-read", grant)), "s", bytes("shared"));
        assertThat(r.status()).as(r.text()).isEqualTo(204);
        assertThat(other.getObjectAsBytes(b -> b.bucket(B).key("v2/shared.txt")).asUtf8String()).isEqualTo("shared");
        // The grant is the whole ACL (ACL-H1): anonymous callers still cannot read it.
        assertThat(anonymousGet(B, "v2/shared.txt").status()).isEqualTo(403);
    }

    @Test
    void aSignatureThatDoesNotVouchForThePolicyIsRefusedAndStoresNothing_AUTH_P4() throws Exception {
        String p = policy(B, inAnHour(), "{\"key\":\"v2/evil.txt\"}");
        Map<String, String> reversed = v2Signed(p, fields("key", "v2/evil.txt"));
        reversed.put("signature", new StringBuilder(reversed.get("signature")).reverse().toString());
        assertError(post(reversed, "x", bytes("x")), 403, "SignatureDoesNotMatch");
        Map<String, String> swapped = v2Signed(policy(B, inAnHour(), "{\"key\":\"v2/innocent.txt\"}"), fields("key", "v2/evil.txt"));
        swapped.put("policy", b64(p)); // a policy swapped after signing
        assertError(post(swapped, "x", bytes("x")), 403, "SignatureDoesNotMatch");
        Map<String, String> unknown = v2Signed(p, fields("key", "v2/evil.txt"));
        unknown.put("AWSAccessKeyId", "AKIDnobodyNOBODYnobodyNOBODY00001");
        assertError(post(unknown, "x", bytes("x")), 403, "InvalidAccessKeyId");
        Map<String, String> unsigned = v2Signed(p, fields("key", "v2/evil.txt"));
        unsigned.remove("signature");
        assertError(post(unsigned, "x", bytes("x")), 400, "InvalidArgument");
        assertAbsent(B, "v2/evil.txt");
    }

    @Test
    void aPolicyExpiringFurtherAheadThanTheMaximumWindowIsRefused_AUTH_P4() throws Exception {
        String p = policy(B, Instant.now().plus(java.time.Duration.ofDays(30)), "{\"key\":\"v2/forever.txt\"}");
        var r = post(v2Signed(p, fields("key", "v2/forever.txt")), "x", bytes("x"));
        assertError(r, 403, "AccessDenied");
        assertThat(r.text()).contains("longer than this server accepts");
        assertAbsent(B, "v2/forever.txt");
        String expired = policy(B, Instant.now().minusSeconds(5), "{\"key\":\"v2/forever.txt\"}");
        assertError(post(v2Signed(expired, fields("key", "v2/forever.txt")), "x", bytes("x")), 403, "AccessDenied");
        assertAbsent(B, "v2/forever.txt");
    }

    @Test
    void blockPublicAclsRefusesAPublicAclFieldAndStoresNothing_POL_P6() throws Exception {
        String bucket = E2e.bucket("v2forms-bpa");
        cos.createBucket(bucket);
        s3.putPublicAccessBlock(r -> r.bucket(bucket).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true)));
        String p = policy(bucket, inAnHour(), "{\"key\":\"pub.txt\"}", "{\"acl\":\"public-read\"}");
        assertError(post(env.port(), bucket, v2Signed(p, fields("key", "pub.txt", "acl", "public-read")), "x", bytes("x")),
                403, "AccessDenied");
        assertAbsent(bucket, "pub.txt");
    }

    @Test
    void aBucketPolicyConditionOnTheAclSeesTheFormsAclField_AUTH_P2() throws Exception {
        String bucket = E2e.bucket("v2forms-cond");
        cos.createBucket(bucket);
        // A Deny must name the owner's root to bind it (docs/policy.md); the form is signed by that root.
        String root = "qcs::cam::uin/" + E2e.UIN + ":uin/" + E2e.UIN;
        cos.setBucketPolicy(bucket, "{\"version\":\"2.0\",\"statement\":[{\"principal\":{\"qcs\":[\"" + root + "\"]},"
                + "\"effect\":\"deny\",\"action\":[\"name/cos:PutObject\"],\"resource\":[\"qcs::cos:" + E2e.REGION + ":uid/" + E2e.APPID
                + ":" + bucket + "/*\"],\"condition\":{\"string_equal\":{\"cos:x-cos-acl\":\"public-read-write\"}}}]}");
        String p = policy(bucket, inAnHour(), "{\"key\":\"rw.txt\"}", "{\"acl\":\"public-read-write\"}");
        assertError(post(env.port(), bucket, v2Signed(p, fields("key", "rw.txt", "acl", "public-read-write")), "x", bytes("x")),
                403, "AccessDenied");
        assertAbsent(bucket, "rw.txt");
        String ok = policy(bucket, inAnHour(), "{\"key\":\"r.txt\"}", "{\"acl\":\"public-read\"}");
        assertThat(post(env.port(), bucket, v2Signed(ok, fields("key", "r.txt", "acl", "public-read")), "x", bytes("x")).status())
                .isEqualTo(204);
    }

    @Test
    void withSigV2OffASigV2FormIs400InvalidRequestAndStoresNothing_UB_6() throws Exception {
        try (E2e off = new E2e(Files.createTempDirectory("cosd-v2form-off"), E2e.REGION, null, 0, Config.Lifecycle.DEFAULT,
                Config.Auth.DEFAULT.withSigV2(false))) {
            off.cos().createBucket(B);
            String p = policy(B, inAnHour(), "{\"key\":\"off.txt\"}");
            var r = post(off.port(), B, v2Signed(p, fields("key", "off.txt")), "x", bytes("x"));
            assertError(r, 400, "InvalidRequest");
            assertThat(r.text()).contains("Signature Version 2");
            assertThat(off.cos().doesObjectExist(B, "off.txt")).isFalse();
        }
    }
}
