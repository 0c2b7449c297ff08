package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.CannedAccessControlList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/security.md AUTH-11: what an anonymous request declares about its body holds or is refused.
 * An anonymous PUT into a bucket whose ACL lets everyone write: a declared SHA-256 is verified, and an
 * aws-chunked body (which only a signed request can frame) is refused instead of being stored with its
 * chunk framing as the object's bytes.
 */
@CosdServer
class AnonymousBodyE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static final String B = E2e.bucket("anon-body");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void fixtures() {
        cos.createBucket(B);
        cos.setBucketAcl(B, CannedAccessControlList.PublicReadWrite);
    }

    static HttpResponse<String> put(String key, String body, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.port() + "/" + B + "/" + key))
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes()));
    }

    @Test
    void anAnonymousAwsChunkedBodyIsRefusedAndNothingIsStored_AUTH_11() throws Exception {
        String framed = "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n";
        var r = put("chunked.txt", framed, "x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
                "x-amz-decoded-content-length", "5", "x-amz-trailer", "x-amz-checksum-crc32");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("<Code>InvalidRequest</Code>");
        var r2 = put("encoded.txt", framed, "Content-Encoding", "aws-chunked", "x-amz-decoded-content-length", "5");
        assertThat(r2.statusCode()).as("Content-Encoding: aws-chunked without a streaming digest").isEqualTo(400);
        assertThat(cos.doesObjectExist(B, "encoded.txt")).isFalse();
        assertThat(cos.doesObjectExist(B, "chunked.txt")).isFalse();
    }

    @Test
    void anAnonymousDeclaredDigestIsVerified_AUTH_11() throws Exception {
        var wrong = put("digest-wrong.txt", "hello", "x-amz-content-sha256", sha256("other"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("XAmzContentSHA256Mismatch");
        assertThat(cos.doesObjectExist(B, "digest-wrong.txt")).isFalse();
        var right = put("digest-right.txt", "hello", "x-amz-content-sha256", sha256("hello"));
        assertThat(right.statusCode()).isEqualTo(200);
        var bad = put("digest-bad.txt", "hello", "x-amz-content-sha256", "not-a-digest");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(cos.doesObjectExist(B, "digest-bad.txt")).isFalse();
    }
}
