package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import io.cosd.app.Config;
import io.cosd.domain.signing.SigV2Signer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS Signature Version 2 against a real server (docs/signing.md "SigV2"): header-signed PUT and GET
 * over raw HTTP (no SDK in the suite still signs SigV2), presigned GETs, the binding rules (AUTH-7..10)
 * as attacks that must change nothing, and {@code --sigv2 off}. s3cmd's own signurl runs in
 * ClientRecipesTest.
 */
@CosdServer
class SigV2E2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;
    static final String A = E2e.bucket("v2-a");
    static final String B = E2e.bucket("v2-b");

    @BeforeAll
    static void fixtures() {
        cos.createBucket(A);
        cos.createBucket(B);
        cos.putObject(A, "k", "a-data");
        cos.putObject(B, "k", "b-data");
    }

    static String now() { return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)); }

    static String sign(String stringToSign) { return SigV2Signer.sign(E2e.SECRET_KEY, stringToSign); }

    static String auth(String stringToSign) { return "AWS " + E2e.SECRET_ID + ":" + sign(stringToSign); }

    static Map<String, String> headers(String host, String... kv) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", host);
        for (int i = 0; i < kv.length; i += 2) h.put(kv[i], kv[i + 1]);
        return h;
    }

    String host() { return "127.0.0.1:" + env.port(); }

    @Test
    void aHeaderSignedPutStoresBodyTypeAndMetadataAndAHeaderSignedGetReadsItBack() throws Exception {
        String date = now();
        String put = "PUT\n\ntext/plain\n" + date + "\nx-amz-meta-color:blue\n/" + A + "/dir/v2.txt";
        RawHttp.Reply p = RawHttp.send(env.port(), "PUT", "/" + A + "/dir/v2.txt", headers(host(), "Date", date, "Content-Type", "text/plain",
                "x-amz-meta-color", "blue", "Authorization", auth(put)), "signed with v2".getBytes(StandardCharsets.UTF_8));
        assertThat(p.status()).as(p.text()).isEqualTo(200);
        HeadObjectResponse head = s3.headObject(b -> b.bucket(A).key("dir/v2.txt"));
        assertThat(head.contentType()).isEqualTo("text/plain");
        assertThat(head.metadata()).containsEntry("color", "blue");

        String get = "GET\n\n\n\nx-amz-date:" + date + "\n/" + A + "/dir/v2.txt";
        RawHttp.Reply g = RawHttp.send(env.port(), "GET", "/" + A + "/dir/v2.txt", headers(host(), "x-amz-date", date, "Authorization", auth(get)), null);
        assertThat(g.status()).as(g.text()).isEqualTo(200);
        assertThat(g.text()).isEqualTo("signed with v2");
    }

    @Test
    void aVirtualHostedRequestSignsItsBucketFromTheHost_AUTH_7() throws Exception {
        String date = now();
        String vhost = A + ".cos." + E2e.REGION + ".myqcloud.com";
        RawHttp.Reply ok = RawHttp.send(env.port(), "GET", "/k", headers(vhost, "Date", date, "Authorization", auth("GET\n\n\n" + date + "\n/" + A + "/k")), null);
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.text()).isEqualTo("a-data");
        // the same signature on bucket B's host: the resource names A, the server would serve B
        String bhost = B + ".cos." + E2e.REGION + ".myqcloud.com";
        RawHttp.Reply bad = RawHttp.send(env.port(), "GET", "/k", headers(bhost, "Date", date, "Authorization", auth("GET\n\n\n" + date + "\n/" + A + "/k")), null);
        assertThat(bad.status()).isEqualTo(403);
        assertThat(bad.text()).contains("SignatureDoesNotMatch").doesNotContain("b-data");
    }

    @Test
    void aPresignedGetServesTheSignedResponseOverrideAndRefusesAnAddedOne_AUTH_8() throws Exception {
        long expires = System.currentTimeMillis() / 1000 + 600;
        String sig = java.net.URLEncoder.encode(sign("GET\n\n\n" + expires + "\n/" + A + "/k?response-content-type=text/csv"), StandardCharsets.UTF_8);
        String url = "/" + A + "/k?AWSAccessKeyId=" + E2e.SECRET_ID + "&Expires=" + expires + "&Signature=" + sig + "&response-content-type=text%2Fcsv";
        RawHttp.Reply ok = RawHttp.send(env.port(), "GET", url, headers(host()), null);
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.header("Content-Type")).isEqualTo("text/csv");
        assertThat(ok.text()).isEqualTo("a-data");

        RawHttp.Reply added = RawHttp.send(env.port(), "GET", url + "&response-content-disposition=attachment", headers(host()), null);
        assertThat(added.status()).isEqualTo(403);
        assertThat(added.text()).contains("SignatureDoesNotMatch").doesNotContain("a-data");
        RawHttp.Reply otherBucket = RawHttp.send(env.port(), "GET", url.replace("/" + A + "/", "/" + B + "/"), headers(host()), null);
        assertThat(otherBucket.status()).isEqualTo(403);
        assertThat(otherBucket.text()).doesNotContain("b-data");
    }

    @Test
    void aPresignedPutStoresWithTheSignedContentTypeAndRefusesAnotherOrAnUnsignedXCosAcl() throws Exception {
        long expires = System.currentTimeMillis() / 1000 + 600;
        String sig = java.net.URLEncoder.encode(sign("PUT\n\nimage/png\n" + expires + "\n/" + A + "/up.png"), StandardCharsets.UTF_8);
        String url = "/" + A + "/up.png?AWSAccessKeyId=" + E2e.SECRET_ID + "&Expires=" + expires + "&Signature=" + sig;
        byte[] body = "png".getBytes(StandardCharsets.UTF_8);
        RawHttp.Reply other = RawHttp.send(env.port(), "PUT", url, headers(host(), "Content-Type", "text/html"), body);
        assertThat(other.status()).isEqualTo(403);
        RawHttp.Reply acl = RawHttp.send(env.port(), "PUT", url, headers(host(), "Content-Type", "image/png", "x-cos-acl", "public-read"), body);
        assertThat(acl.status()).isEqualTo(403);
        assertThat(acl.text()).contains("x-cos-acl");
        assertThat(cos.doesObjectExist(A, "up.png")).isFalse();
        RawHttp.Reply ok = RawHttp.send(env.port(), "PUT", url, headers(host(), "Content-Type", "image/png"), body);
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(s3.headObject(b -> b.bucket(A).key("up.png")).contentType()).isEqualTo("image/png");
    }

    @Test
    void anExpiredPresignedUrlIsAccessDeniedRequestHasExpired_AUTH_10() throws Exception {
        long expires = System.currentTimeMillis() / 1000 - 5;
        String sig = java.net.URLEncoder.encode(sign("GET\n\n\n" + expires + "\n/" + A + "/k"), StandardCharsets.UTF_8);
        RawHttp.Reply r = RawHttp.send(env.port(), "GET", "/" + A + "/k?AWSAccessKeyId=" + E2e.SECRET_ID + "&Expires=" + expires
                + "&Signature=" + sig, headers(host()), null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).contains("<Code>AccessDenied</Code>").contains("Request has expired").doesNotContain("a-data");
    }

    @Test
    void aSkewedDateIsRequestTimeTooSkewed_AUTH_10() throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(20));
        RawHttp.Reply r = RawHttp.send(env.port(), "GET", "/" + A + "/k", headers(host(), "Date", date,
                "Authorization", auth("GET\n\n\n" + date + "\n/" + A + "/k")), null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).contains("RequestTimeTooSkewed");
    }

    @Test
    void anUnsignableEffectChoosingHeaderIsRefusedAndNothingIsStored_AUTH_9() throws Exception {
        String date = now();
        String put = "PUT\n\n\n" + date + "\n/" + A + "/meta.txt";
        RawHttp.Reply r = RawHttp.send(env.port(), "PUT", "/" + A + "/meta.txt", headers(host(), "Date", date,
                "x-cos-meta-owner", "mallory", "Authorization", auth(put)), "x".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).contains("AccessDenied").contains("x-cos-meta-owner");
        assertThat(cos.doesObjectExist(A, "meta.txt")).isFalse();
    }

    @Test
    void aWriteConditionSigV2CannotSignIsRefusedAndNothingIsStored_AUTH_9_AUTH_3d() throws Exception {
        String date = now();
        String put = "PUT\n\n\n" + date + "\n/" + A + "/cond.txt";
        RawHttp.Reply r = RawHttp.send(env.port(), "PUT", "/" + A + "/cond.txt", headers(host(), "Date", date,
                "If-None-Match", "*", "Authorization", auth(put)), "x".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.text()).isEqualTo(403);
        assertThat(r.text()).contains("AccessDenied").contains("if-none-match");
        assertThat(cos.doesObjectExist(A, "cond.txt")).isFalse();
    }

    @Test
    void withSigV2OffBothFormsAre400InvalidRequestAsBefore() throws Exception {
        try (E2e off = new E2e(Files.createTempDirectory("cosd-sigv2-off"), E2e.REGION, null, 0, Config.Lifecycle.DEFAULT,
                Config.Auth.DEFAULT.withSigV2(false))) {
            off.cos().createBucket(A);
            off.cos().putObject(A, "k", "a-data");
            String date = now();
            RawHttp.Reply h = RawHttp.send(off.port(), "GET", "/" + A + "/k", headers("127.0.0.1:" + off.port(), "Date", date,
                    "Authorization", auth("GET\n\n\n" + date + "\n/" + A + "/k")), null);
            assertThat(h.status()).isEqualTo(400);
            assertThat(h.text()).contains("<Code>InvalidRequest</Code>").doesNotContain("a-data");
            long expires = System.currentTimeMillis() / 1000 + 600;
            String sig = java.net.URLEncoder.encode(sign("GET\n\n\n" + expires + "\n/" + A + "/k"), StandardCharsets.UTF_8);
            RawHttp.Reply q = RawHttp.send(off.port(), "GET", "/" + A + "/k?AWSAccessKeyId=" + E2e.SECRET_ID + "&Expires=" + expires
                    + "&Signature=" + sig, headers("127.0.0.1:" + off.port()), null);
            assertThat(q.status()).isEqualTo(400);
            assertThat(q.text()).contains("<Code>InvalidRequest</Code>").contains("Signature Version 2").doesNotContain("a-data");
        }
    }
}
