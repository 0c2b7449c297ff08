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
 * Security review of POST Object forms (docs/post-object.md, docs/security.md AUTH-P1..P4, AUTH-6, UB-1):
 * each test is a hole found in review and fails until it is fixed. Forms are built and signed here
 * (javax.crypto) and sent over a raw socket, as the SDKs cannot send a form.
 */
@CosdServer
class Rev5PostFormE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;

    static final String B = E2e.bucket("rev5forms");

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
     * The write trims the acl field (CannedAcl.parse) but the bucket-policy fact is the field as sent
     * (PostFacts.aclField), so "public-read " escapes a Deny on cos:x-cos-acl / s3:x-amz-acl and stores a
     * public object. A header cannot carry surrounding whitespace (HTTP strips it); a form field can.
     */
    @Test
    void anAclFieldWithSurroundingWhitespaceDoesNotEscapeABucketPolicyDenyOnTheAcl_AUTH_P2() throws Exception {
        String bucket = E2e.bucket("rev5-acl-ws");
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

    /**
     * The same for the storage class: the write upper-cases and trims it (StorageClass.parse) while the
     * fact is the field as sent, so "archive" or "ARCHIVE " escapes a Deny on cos:x-cos-storage-class ARCHIVE.
     */
    @Test
    void aStorageClassFieldInAnotherCaseOrPaddedDoesNotEscapeABucketPolicyDenyOnTheClass_AUTH_P2() throws Exception {
        String bucket = E2e.bucket("rev5-sc-case");
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
     * Not a form: the same case-folding hole on a plain PutObject. StorageClass.parse accepts "archive", the
     * fact (RequestFacts, header as sent) does not equal "ARCHIVE", so the Deny is escaped. S3 refuses a
     * storage class it does not spell exactly (400 InvalidStorageClass).
     */
    @Test
    void aPutObjectStorageClassHeaderInLowerCaseDoesNotEscapeABucketPolicyDenyOnTheClass_POL_C9() throws Exception {
        String bucket = E2e.bucket("rev5-sc-put");
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
     * AUTH-6 for q-sign forms: the header form refuses a q-sign-time starting ahead of the clock
     * (RequestTimeTooSkewed) and a SigV4 form an x-amz-date ahead of it (AUTH-P3), but a form's q-key-time
     * is only checked for its end and length (PostFormVerifier.cos). A window a month ahead is accepted
     * now, so the form is usable from signing until then: --qsign-max-window does not bound it.
     */
    @Test
    void aQSignFormWhoseKeyTimeStartsInTheFutureIsRefusedSoItsLifetimeStaysBounded_AUTH_6() throws Exception {
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
    }

    /**
     * UB-1: POST_OBJECT is now an ACL write, so UnbuiltHeaders lets every x-amz-grant-* / x-cos-grant-* form
     * field through, but AclHeaders reads only the five it knows. A signed grant field with a typo
     * (x-amz-grant-write-acl for write-acp) is accepted and silently ignored: the uploader believes it
     * granted something. It must be refused (501 or 400), never ignored.
     */
    @Test
    void aGrantFieldCosdDoesNotKnowIsRefusedNotIgnored_UB_1() throws Exception {
        String grant = "uri=\\\"http://acs.amazonaws.com/groups/global/AllUsers\\\"";
        String p = policy(B, inAnHour(), "{\"key\":\"typo.txt\"}", "{\"x-amz-grant-write-acl\":\"" + grant + "\"}");
        var r = post(B, v2Signed(p, fields("key", "typo.txt", "x-amz-grant-write-acl", grant.replace("\\", ""))), "x", bytes("x"));
        assertThat(cos.doesObjectExist(B, "typo.txt")).as("status %s: an unknown grant field was ignored", r.status()).isFalse();
        assertThat(r.status()).isIn(400, 501);
    }
}
