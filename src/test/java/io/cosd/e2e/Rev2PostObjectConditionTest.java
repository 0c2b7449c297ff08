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
 * rev2 (security review): AUTH-P2 says a POST Object is authorized "as a PutObject of the key it
 * resolves to", but the bucket-policy condition keys that describe the object being written
 * (cos:content-type, cos:x-cos-storage-class / s3:x-amz-storage-class) are read from the HTTP headers
 * of the POST, while the object is written with the values of the form fields. A caller chooses both.
 */
@CosdServer
class Rev2PostObjectConditionTest {
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
    void aDenyOnCosContentTypeIsNotAppliedToTheContentTypeAFormStores() throws Exception {
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
    void anAllowConditionOnStorageClassIsSatisfiedByAHeaderWhileTheFormFieldChoosesTheClass() throws Exception {
        String bucket = E2e.bucket("rev2-sc");
        cos.createBucket(bucket);
        // Anyone may upload, but only as STANDARD.
        cos.setBucketPolicy(bucket, "{\"version\":\"2.0\",\"statement\":["
                + "{\"principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},\"effect\":\"allow\",\"action\":[\"name/cos:PutObject\"],"
                + "\"resource\":[\"" + res(bucket) + "\"],\"condition\":{\"string_equal\":{\"cos:x-cos-storage-class\":\"STANDARD\"}}}]}");
        var r = post(bucket, Map.of("x-cos-storage-class", "STANDARD"),
                body(fields("key", "cold.bin", "x-cos-storage-class", "ARCHIVE"), "cold.bin", bytes("cold"), Map.of()));
        boolean stored = cos.doesObjectExist(bucket, "cold.bin");
        String sc = stored ? cos.getObjectMetadata(bucket, "cold.bin").getStorageClass() : null;
        assertThat(stored && !"STANDARD".equalsIgnoreCase(sc))
                .as("status %s, stored with storage class %s: the condition must see the class that is stored", r.status(), sc)
                .isFalse();
    }

    /**
     * q-sign forms are bounded by --qsign-max-window (AUTH-6) and SigV2 URLs by the same bound (AUTH-10),
     * but a SigV4 form is bounded by nothing the server controls: x-amz-date is never compared with the
     * clock and the policy's own expiration may lie years ahead.
     */
    @Test
    void aSigV4FormSignedLongAgoWithAFarExpirationIsStillAccepted() throws Exception {
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
    }
}
