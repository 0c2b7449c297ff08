package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.model.CORSRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request documents whose repeated elements have other elements between them (any order is accepted:
 * docs/spec/protocol.md §8.13) keep every occurrence, through a real server. Raw HTTP: the SDKs never
 * send such a document, an attacker or a hand-written client may.
 */
class InterleavedElementsE2eTest {
    static E2e env;
    static COSClient cos;

    @BeforeAll
    static void start() throws Exception {
        env = new E2e();
        cos = env.cos();
    }

    @AfterAll
    static void stop() throws Exception {
        cos.shutdown();
        env.close();
    }

    private static RawHttp.Reply send(String bucket, HttpMethodName method, String subresource, String xml) throws Exception {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        var url = cos.generatePresignedUrl(bucket, "/", new Date(System.currentTimeMillis() + 600_000), method, Map.of(), Map.of(subresource, ""));
        return RawHttp.send(env.port(), method.name(), url.getFile(), Map.of("Host", bucket + ".cos.ap-guangzhou.myqcloud.com",
                "Content-Type", "application/xml", "Content-MD5", md5), body);
    }

    @Test
    void aCorsRuleWithOriginsSplitByAMethodKeepsBothOrigins() throws Exception {
        String b = E2e.bucket("cors-interleaved");
        cos.createBucket(b);
        var r = send(b, HttpMethodName.PUT, "cors", "<CORSConfiguration><CORSRule><AllowedOrigin>http://a.example</AllowedOrigin>"
                + "<AllowedMethod>GET</AllowedMethod><AllowedOrigin>http://b.example</AllowedOrigin><AllowedMethod>PUT</AllowedMethod>"
                + "</CORSRule></CORSConfiguration>");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        CORSRule got = cos.getBucketCrossOriginConfiguration(b).getRules().get(0);
        assertThat(got.getAllowedOrigins()).containsExactly("http://a.example", "http://b.example");
        assertThat(got.getAllowedMethods()).containsExactly(CORSRule.AllowedMethods.GET, CORSRule.AllowedMethods.PUT);
    }

    @Test
    void deleteObjectsWithQuietBetweenTwoObjectsDeletesBoth() throws Exception {
        String b = E2e.bucket("delete-interleaved");
        cos.createBucket(b);
        cos.putObject(b, "a", "1");
        cos.putObject(b, "b", "2");
        var r = send(b, HttpMethodName.POST, "delete", "<Delete><Object><Key>a</Key></Object><Quiet>false</Quiet>"
                + "<Object><Key>b</Key></Object></Delete>");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.text()).contains("<Key>a</Key>").contains("<Key>b</Key>");
        assertThat(cos.doesObjectExist(b, "a")).isFalse();
        assertThat(cos.doesObjectExist(b, "b")).isFalse();
    }
}
