package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.cosd.e2e.PostObjectE2eTest.BOUNDARY;
import static io.cosd.e2e.PostObjectE2eTest.body;
import static io.cosd.e2e.PostObjectE2eTest.bytes;
import static io.cosd.e2e.PostObjectE2eTest.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A POST Object is authorized as the PutObject it performs, so the bucket-policy condition keys that
 * describe the object (cos:content-type, cos:x-cos-storage-class / s3:x-amz-storage-class, ...) see the
 * form fields that are stored, never the POST's own HTTP headers, which the caller sets independently
 * (docs/security.md AUTH-P2, docs/post-object.md "Bucket policy"); and a SigV4 form's lifetime is bounded
 * by the server (AUTH-P3).
 */
@CosdServer
class PostObjectConditionFactsE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;

    static RawHttp.Reply post(String bucket, Map<String, String> extraHeaders, byte[] body) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + env.port());
        h.put("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
        h.putAll(extraHeaders);
        return RawHttp.send(env.port(), "POST", "/" + bucket, h, body);
    }

    static String res(String bucket) {
        return "qcs::cos:" + E2e.REGION + ":uid/" + E2e.APPID + ":" + bucket + "/*";
    }

    @Test
    void aDenyOnCosContentTypeAppliesToTheContentTypeTheFormStores_AUTH_P2() throws Exception {
        String bucket = E2e.bucket("rev2-ct");
        cos.createBucket(bucket);
        // Anyone may upload, but never text/html (a common stored-XSS guard).
        cos.setBucketPolicy(bucket, "{\"version\":\"2.0\",\"statement\":["
                + "{\"principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},\"effect\":\"allow\",\"action\":[\"name/cos:PutObject\"],"
                + "\"resource\":[\"" + res(bucket) + "\"]},"
                + "{\"principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},\"effect\":\"deny\",\"action\":[\"name/cos:PutObject\"],"
                + "\"resource\":[\"" + res(bucket) + "\"],\"condition\":{\"string_like\":{\"cos:content-type\":\"text/html*\"}}}]}");
        // The same PutObject as a PUT is denied ...
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + env.port());
        h.put("Content-Type", "text/html");
        assertThat(RawHttp.send(env.port(), "PUT", "/" + bucket + "/put.html", h, bytes("<script>alert(1)</script>")).status())
                .isEqualTo(403);
        // ... but as an anonymous form it is stored as text/html.
        var r = post(bucket, Map.of(), body(fields("key", "x.html", "Content-Type", "text/html"), "x.html",
                bytes("<script>alert(1)</script>"), Map.of()));
        boolean stored = cos.doesObjectExist(bucket, "x.html");
        String type = stored ? cos.getObjectMetadata(bucket, "x.html").getContentType() : null;
        assertThat(stored).as("status %s, stored as %s: the Deny on cos:content-type must apply to the stored Content-Type",
                r.status(), type).isFalse();
        assertThat(r.status()).isEqualTo(403);
    }

    @Test
    void anAllowConditionOnStorageClassSeesTheFormFieldThatChoosesTheClass_AUTH_P2() throws Exception {
        String bucket = E2e.bucket("rev2-sc");
        cos.createBucket(bucket);
        // Anyone may upload, but only as STANDARD.
        cos.setBucketPolicy(bucket, "{\"version\":\"2.0\",\"statement\":["
                + "{\"principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},\"effect\":\"allow\",\"action\":[\"name/cos:PutObject\"],"
                + "\"resource\":[\"" + res(bucket) + "\"],\"condition\":{\"string_equal\":{\"cos:x-cos-storage-class\":\"STANDARD\"}}}]}");
        var r = post(bucket, Map.of(),
                body(fields("key", "cold.bin", "x-cos-storage-class", "ARCHIVE"), "cold.bin", bytes("cold"), Map.of()));
        boolean stored = cos.doesObjectExist(bucket, "cold.bin");
        String sc = stored ? cos.getObjectMetadata(bucket, "cold.bin").getStorageClass() : null;
        assertThat(stored && !"STANDARD".equalsIgnoreCase(sc))
                .as("status %s, stored with storage class %s: the condition must see the class that is stored", r.status(), sc)
                .isFalse();
        assertThat(r.status()).isEqualTo(403);
        // The class the condition allows is stored.
        var ok = post(bucket, Map.of(), body(fields("key", "warm.bin", "x-cos-storage-class", "STANDARD"), "warm.bin", bytes("warm"), Map.of()));
        assertThat(ok.status()).as(ok.text()).isEqualTo(204);
        assertThat(cos.doesObjectExist(bucket, "warm.bin")).isTrue();
    }

    @Test
    void anObjectAttributeHeaderOnThePostIsRefusedAsInvalidArgumentAndNothingIsStored_AUTH_P2() throws Exception {
        String bucket = E2e.bucket("pof-hdr");
        cos.createBucket(bucket);
        cos.setBucketPolicy(bucket, "{\"version\":\"2.0\",\"statement\":["
                + "{\"principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},\"effect\":\"allow\",\"action\":[\"name/cos:PutObject\"],"
                + "\"resource\":[\"" + res(bucket) + "\"]}]}");
        for (var h : new String[][] {{"x-cos-storage-class", "STANDARD"}, {"x-amz-acl", "private"}, {"x-cos-meta-a", "b"},
                {"Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="},
                // UB-3: a checksum header would cover the whole form, whose end is read after the file is stored: never
                // verified before the store, so refused as the Content-MD5 header is (the form has its own field, OBJ-K10)
                {"x-amz-checksum-crc32", "AAAAAA=="}}) {
            var r = post(bucket, Map.of(h[0], h[1]), body(fields("key", "h.txt"), "h.txt", bytes("h"), Map.of()));
            PostObjectE2eTest.assertError(r, 400, "InvalidArgument",
                    "The header " + h[0] + " has no effect on a POST Object: give it as a form field.");
        }
        assertThat(cos.doesObjectExist(bucket, "h.txt")).isFalse();
    }

    @Test
    void aPolicyConditionOnContentLengthRefusesAFormWhoseLengthIsNotYetKnown_AUTH_P2() throws Exception {
        String bucket = E2e.bucket("pof-len");
        cos.createBucket(bucket);
        // Anyone may upload, but nothing over 10 bytes: a form's file length is unknown when it is authorized.
        cos.setBucketPolicy(bucket, "{\"version\":\"2.0\",\"statement\":["
                + "{\"principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},\"effect\":\"allow\",\"action\":[\"name/cos:PutObject\"],"
                + "\"resource\":[\"" + res(bucket) + "\"]},"
                + "{\"principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},\"effect\":\"deny\",\"action\":[\"name/cos:PutObject\"],"
                + "\"resource\":[\"" + res(bucket) + "\"],\"condition\":{\"numeric_greater_than\":{\"cos:content-length\":\"10\"}}}]}");
        var r = post(bucket, Map.of(), body(fields("key", "big.bin"), "big.bin", bytes("x".repeat(100)), Map.of()));
        PostObjectE2eTest.assertError(r, 403, "AccessDenied", null);
        assertThat(r.text()).contains("cos:content-length");
        assertThat(cos.doesObjectExist(bucket, "big.bin")).isFalse();
    }

    @Test
    void malformedContentAfterTheFileIsIgnoredOnceTheObjectIsStored() throws Exception {
        String bucket = E2e.bucket("pof-tail");
        cos.createBucket(bucket);
        cos.setBucketPolicy(bucket, "{\"version\":\"2.0\",\"statement\":["
                + "{\"principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},\"effect\":\"allow\",\"action\":[\"name/cos:PutObject\"],"
                + "\"resource\":[\"" + res(bucket) + "\"]}]}");
        byte[] whole = body(fields("key", "tail.txt"), "tail.txt", bytes("stored"), Map.of());
        String end = "--" + BOUNDARY + "--\r\n";
        // The closing boundary replaced by a part that never ends.
        byte[] head = java.util.Arrays.copyOf(whole, whole.length - end.length());
        byte[] tail = bytes("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nno closing boundary");
        byte[] b = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, b, head.length, tail.length);
        var r = post(bucket, Map.of(), b);
        assertThat(r.status()).as(r.text()).isEqualTo(204);
        assertThat(cos.doesObjectExist(bucket, "tail.txt")).isTrue();
    }

    /**
     * q-sign forms are bounded by --qsign-max-window (AUTH-6); a SigV4 form by the same window from its
     * x-amz-date, whatever expiration its policy names.
     */
    @Test
    void aSigV4FormSignedLongerAgoThanTheMaximumWindowIsRefused_AUTH_P3() throws Exception {
        String date = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd").withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.now().minus(java.time.Duration.ofDays(60)));
        String cred = E2e.SECRET_ID + "/" + date + "/" + E2e.REGION + "/s3/aws4_request";
        String json = PostObjectE2eTest.policy(PostObjectE2eTest.B, java.time.Instant.now().plus(java.time.Duration.ofDays(3650)),
                "{\"key\":\"old-form.txt\"}", "{\"x-amz-algorithm\":\"AWS4-HMAC-SHA256\"}",
                "{\"x-amz-credential\":\"" + cred + "\"}", "{\"x-amz-date\":\"" + date + "T000000Z\"}");
        byte[] k = PostObjectE2eTest.hmac("HmacSHA256", ("AWS4" + E2e.SECRET_KEY).getBytes(java.nio.charset.StandardCharsets.UTF_8), date);
        k = PostObjectE2eTest.hmac("HmacSHA256", k, E2e.REGION);
        k = PostObjectE2eTest.hmac("HmacSHA256", k, "s3");
        k = PostObjectE2eTest.hmac("HmacSHA256", k, "aws4_request");
        String pol = PostObjectE2eTest.b64(json);
        Map<String, String> f = fields("key", "old-form.txt");
        f.put("policy", pol);
        f.put("x-amz-algorithm", "AWS4-HMAC-SHA256");
        f.put("x-amz-credential", cred);
        f.put("x-amz-date", date + "T000000Z");
        f.put("x-amz-signature", PostObjectE2eTest.hex(PostObjectE2eTest.hmac("HmacSHA256", k, pol)));
        try {
            cos.createBucket(PostObjectE2eTest.B);
        } catch (RuntimeException alreadyThere) {
            // created by PostObjectE2eTest in the same JVM
        }
        var r = post(PostObjectE2eTest.B, Map.of(), body(f, "old-form.txt", bytes("old"), Map.of()));
        assertThat(r.status()).as("a form signed 60 days ago and valid for 10 years: %s", r.text()).isEqualTo(403);
        PostObjectE2eTest.assertError(r, 403, "AccessDenied", "Request has expired");
        assertThat(cos.doesObjectExist(PostObjectE2eTest.B, "old-form.txt")).isFalse();
    }
}
