package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.cosd.e2e.PostObjectE2eTest.b64;
import static io.cosd.e2e.PostObjectE2eTest.body;
import static io.cosd.e2e.PostObjectE2eTest.bytes;
import static io.cosd.e2e.PostObjectE2eTest.fields;
import static io.cosd.e2e.PostObjectE2eTest.hex;
import static io.cosd.e2e.PostObjectE2eTest.hmac;
import static io.cosd.e2e.PostObjectE2eTest.inAnHour;
import static io.cosd.e2e.PostObjectE2eTest.policy;
import static io.cosd.e2e.PostObjectSigV2E2eTest.v2Signed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a POST Object form (and a PutObject) is judged by is what it stores (docs/post-object.md "Bucket
 * policy", docs/policy.md "Facts are the applied value"; AUTH-P2, POL-C9), how long a q-sign form lives
 * (AUTH-6, AUTH-P3) and that a grant field cosd does not know is refused (ACL-H4, UB-1). Forms are built and
 * signed here (javax.crypto) and sent over a raw socket, as the SDKs cannot send a form; the PutObject with
 * a lower-case storage class too, as the SDKs spell it canonically.
 */
@CosdServer
class PostFormFactsE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;

    static final String B = E2e.bucket("formfacts");

    @BeforeAll
    static void bucket() {
        cos.createBucket(B);
    }

    static String res(String bucket) {
        return "qcs::cos:" + E2e.REGION + ":uid/" + E2e.APPID + ":" + bucket + "/*";
    }

    static RawHttp.Reply post(String bucket, Map<String, String> fields, String filename, byte[] file) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + env.port());
        h.put("Content-Type", "multipart/form-data; boundary=" + PostObjectE2eTest.BOUNDARY);
        return RawHttp.send(env.port(), "POST", "/" + bucket, h, body(fields, filename, file, Map.of()));
    }

    static RawHttp.Reply anonymousGet(String bucket, String key) throws Exception {
        return RawHttp.send(env.port(), "GET", "/" + bucket + "/" + key, Map.of("Host", "127.0.0.1:" + env.port()), null);
    }

    /** Anyone may upload (a public drop box), but a Deny statement forbids one value of one condition key. */
    static void anonymousUploadsExcept(String bucket, String key, String deniedValue) {
        cos.setBucketPolicy(bucket, "{\"version\":\"2.0\",\"statement\":["
                + "{\"principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},\"effect\":\"allow\",\"action\":[\"name/cos:PutObject\"],"
                + "\"resource\":[\"" + res(bucket) + "\"]},"
                + "{\"principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},\"effect\":\"deny\",\"action\":[\"name/cos:PutObject\"],"
                + "\"resource\":[\"" + res(bucket) + "\"],\"condition\":{\"string_equal\":{\"" + key + "\":\"" + deniedValue + "\"}}}]}");
    }

    /**
     * The write trims the acl field (CannedAcl.parse), and so does the fact (RequestFacts): "public-read " meets a
     * Deny on cos:x-cos-acl / s3:x-amz-acl as "public-read" does. A header cannot carry surrounding whitespace
     * (HTTP strips it); a form field can.
     */
    @Test
    void anAclFieldWithSurroundingWhitespaceDoesNotEscapeABucketPolicyDenyOnTheAcl_AUTH_P2() throws Exception {
        String bucket = E2e.bucket("facts-acl-ws");
        cos.createBucket(bucket);
        anonymousUploadsExcept(bucket, "cos:x-cos-acl", "public-read");
        // The Deny holds for the exact value ...
        var exact = post(bucket, fields("key", "exact.txt", "acl", "public-read"), "x", bytes("x"));
        assertThat(exact.status()).as(exact.text()).isEqualTo(403);
        // ... and must hold for the same canned ACL padded with a space.
        var padded = post(bucket, fields("key", "padded.txt", "acl", "public-read "), "x", bytes("secret"));
        boolean stored = cos.doesObjectExist(bucket, "padded.txt");
        int anonymousRead = stored ? anonymousGet(bucket, "padded.txt").status() : 0;
        assertThat(stored).as("status %s, anonymous GET of what was stored: %s; the Deny on cos:x-cos-acl=public-read must see"
                + " the ACL the write applies", padded.status(), anonymousRead).isFalse();
    }

    /** The same for the storage class: the write and the fact upper-case and trim it (StorageClass.parse), "archive" is ARCHIVE. */
    @Test
    void aStorageClassFieldInAnotherCaseOrPaddedDoesNotEscapeABucketPolicyDenyOnTheClass_AUTH_P2() throws Exception {
        String bucket = E2e.bucket("facts-sc-case");
        cos.createBucket(bucket);
        anonymousUploadsExcept(bucket, "cos:x-cos-storage-class", "ARCHIVE");
        var exact = post(bucket, fields("key", "exact.bin", "x-cos-storage-class", "ARCHIVE"), "x", bytes("x"));
        assertThat(exact.status()).as(exact.text()).isEqualTo(403);
        for (String variant : new String[] {"archive", "ARCHIVE "}) {
            String key = "cold-" + variant.trim() + (variant.endsWith(" ") ? "-padded" : "") + ".bin";
            var r = post(bucket, fields("key", key, "x-cos-storage-class", variant), "x", bytes("cold"));
            boolean stored = cos.doesObjectExist(bucket, key);
            String sc = stored ? cos.getObjectMetadata(bucket, key).getStorageClass() : null;
            assertThat(stored).as("'%s': status %s, stored as %s; the Deny on ARCHIVE must see the class the write applies",
                    variant, r.status(), sc).isFalse();
        }
    }

    /**
     * Not a form: a plain PutObject with "archive" stores ARCHIVE (StorageClass.parse), so the fact is ARCHIVE
     * and the Deny on it holds.
     */
    @Test
    void aPutObjectStorageClassHeaderInLowerCaseDoesNotEscapeABucketPolicyDenyOnTheClass_POL_C9() throws Exception {
        String bucket = E2e.bucket("facts-sc-put");
        cos.createBucket(bucket);
        anonymousUploadsExcept(bucket, "cos:x-cos-storage-class", "ARCHIVE");
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + env.port());
        h.put("x-cos-storage-class", "ARCHIVE");
        assertThat(RawHttp.send(env.port(), "PUT", "/" + bucket + "/exact.bin", h, bytes("x")).status()).isEqualTo(403);
        h.put("x-cos-storage-class", "archive");
        var r = RawHttp.send(env.port(), "PUT", "/" + bucket + "/lower.bin", h, bytes("cold"));
        boolean stored = cos.doesObjectExist(bucket, "lower.bin");
        String sc = stored ? cos.getObjectMetadata(bucket, "lower.bin").getStorageClass() : null;
        assertThat(stored).as("status %s, stored as %s; the Deny on ARCHIVE must see the class the write applies", r.status(), sc)
                .isFalse();
    }

    /**
     * AUTH-6 for q-sign forms as for q-sign headers: a q-key-time starting ahead of the clock (beyond the skew
     * allowance) is 403 RequestTimeTooSkewed, so a form signed for next month is not usable now and
     * --qsign-max-window bounds it from the moment it is accepted.
     */
    @Test
    void aQSignFormWhoseKeyTimeStartsInTheFutureIsRefusedSoItsLifetimeStaysBounded_AUTH_6_P3() throws Exception {
        long start = Instant.now().plusSeconds(30L * 24 * 3600).getEpochSecond();
        String keyTime = start + ";" + (start + 3600);
        String p = policy(B, Instant.ofEpochSecond(start + 3600), "{\"key\":\"future.txt\"}");
        Map<String, String> f = new LinkedHashMap<>(fields("key", "future.txt"));
        String signKey = hex(hmac("HmacSHA1", E2e.SECRET_KEY.getBytes(StandardCharsets.UTF_8), keyTime));
        String sha1 = hex(MessageDigest.getInstance("SHA-1").digest(p.getBytes(StandardCharsets.UTF_8)));
        f.put("policy", b64(p));
        f.put("q-sign-algorithm", "sha1");
        f.put("q-ak", E2e.SECRET_ID);
        f.put("q-key-time", keyTime);
        f.put("q-signature", hex(hmac("HmacSHA1", signKey.getBytes(StandardCharsets.UTF_8), sha1)));
        var r = post(B, f, "x", bytes("x"));
        assertThat(cos.doesObjectExist(B, "future.txt"))
                .as("status %s: a q-key-time starting 30 days ahead must not be usable now", r.status()).isFalse();
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).contains("<Code>RequestTimeTooSkewed</Code>");
    }

    /**
     * UB-1: a signed grant field with a typo (x-amz-grant-write-acl for write-acp) is 400 InvalidArgument naming
     * it, never accepted and ignored (the uploader would believe it granted something).
     */
    @Test
    void aGrantFieldCosdDoesNotKnowIsRefusedNotIgnored_ACL_H4_UB_1() throws Exception {
        String grant = "uri=\\\"http://acs.amazonaws.com/groups/global/AllUsers\\\"";
        String p = policy(B, inAnHour(), "{\"key\":\"typo.txt\"}", "{\"x-amz-grant-write-acl\":\"" + grant + "\"}");
        var r = post(B, v2Signed(p, fields("key", "typo.txt", "x-amz-grant-write-acl", grant.replace("\\", ""))), "x", bytes("x"));
        assertThat(cos.doesObjectExist(B, "typo.txt")).as("status %s: an unknown grant field was ignored", r.status()).isFalse();
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("<Code>InvalidArgument</Code>").contains("x-amz-grant-write-acl");
    }
}
