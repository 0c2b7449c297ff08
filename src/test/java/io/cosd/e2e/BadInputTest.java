package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.http.HttpMethodName;
import io.cosd.app.Config;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input and limits: exact errors, nothing stored, no crash, no leaked file handles, timeouts. */
@CosdServer(factory = "server")
class BadInputTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static final String B = E2e.bucket("bad");

    /** This class's server ({@link CosdServer#factory}): a 1.5 s idle timeout, so the slow-client tests end quickly. */
    static E2e server() throws Exception {
        return new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 1500));
    }

    @BeforeAll
    static void fixtures() {
        cos.createBucket(B);
    }

    private String presigned(String key, HttpMethodName m) {
        var url = cos.generatePresignedUrl(B, key, new Date(System.currentTimeMillis() + 600_000), m);
        return url.getFile();
    }

    private RawHttp.Reply send(String method, String target, Map<String, String> h, byte[] body) throws Exception {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Host", B + ".cos.ap-guangzhou.myqcloud.com");
        headers.putAll(h);
        return RawHttp.send(env.port(), method, target, headers, body);
    }

    @Test
    void aSinglePutOver5GiBIsEntityTooLargeWithoutReadingTheBody() throws Exception {
        try (Socket s = new Socket("127.0.0.1", env.port())) {
            s.setSoTimeout(10_000);
            String req = "PUT " + presigned("huge", HttpMethodName.PUT) + " HTTP/1.1\r\nHost: " + B + ".cos.ap-guangzhou.myqcloud.com\r\n"
                    + "Content-Length: " + (6L << 30) + "\r\nExpect: 100-continue\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            var r = RawHttp.read(s.getInputStream(), false);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).contains("<Code>EntityTooLarge</Code>");
        }
        assertThat(cos.doesObjectExist(B, "huge")).isFalse();
    }

    @Test
    void aPutWithoutContentLengthIsMissingContentLength() throws Exception {
        var r = send("PUT", presigned("nolength", HttpMethodName.PUT), Map.of(), null);
        assertThat(r.status()).isEqualTo(411);
        assertThat(r.text()).contains("<Code>MissingContentLength</Code>");
    }

    @Test
    void aKeyLongerThan850BytesIsKeyTooLong() {
        String key = "k".repeat(851);
        CosSdkBucketsAndErrorsTest.assertCode(() -> cos.putObject(B, key, "v"), 400, "KeyTooLong");
    }

    @Test
    void malformedMultiDeleteXmlIsMalformedXmlAndDeletesNothing() throws Exception {
        cos.putObject(B, "keep", "v");
        String auth = new com.qcloud.cos.auth.COSSigner().buildAuthorizationStr(HttpMethodName.POST, "/", Map.of("Host", B + ".cos.ap-guangzhou.myqcloud.com"),
                Map.of("delete", ""), new com.qcloud.cos.auth.BasicCOSCredentials(E2e.SECRET_ID, E2e.SECRET_KEY),
                new Date(System.currentTimeMillis() + 600_000));
        var r = send("POST", "/?delete", Map.of("Authorization", auth), "<Delete><Object><Key>keep</Key></Object".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("<Code>MalformedXML</Code>");
        assertThat(cos.doesObjectExist(B, "keep")).isTrue();
    }

    @Test
    void garbageRequestsNeitherCrashTheServerNorLeakFileHandles() throws Exception {
        long before = OpenFiles.count();
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket("127.0.0.1", env.port())) {
                OutputStream out = s.getOutputStream();
                String garbage = switch (i % 4) {
                    case 0 -> "GARBAGE\r\n\r\n";
                    case 1 -> "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n";
                    case 2 -> "PUT /k HTTP/1.1\r\nHost: " + B + ".cos.ap-guangzhou.myqcloud.com\r\nContent-Length: 10\r\n\r\nabc";
                    default -> "GET / HTTP/1.1\r\nHost: " + B + ".cos.ap-guangzhou.myqcloud.com\r\nAuthorization: q-sign-algorithm=sha1&q-ak=\r\n\r\n";
                };
                out.write(garbage.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                s.shutdownOutput();
                s.setSoTimeout(5000);
                InputStream in = s.getInputStream();
                in.readAllBytes();
            } catch (SocketException ignored) {
                // the server may reset a connection it refused
            }
        }
        cos.putObject(B, "still-alive", "yes");
        assertThat(OpenFiles.awaitAtMost(before + 10)).isLessThanOrEqualTo(before + 10);
    }

    @Test
    void aConnectionThatNeverFinishesItsHeadersIsClosed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", env.port())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(10_000);
            long t0 = System.nanoTime();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(8_000);
        }
    }

    @Test
    void aBodyThatStallsTimesOutAndStoresNothing() throws Exception {
        try (Socket s = new Socket("127.0.0.1", env.port())) {
            String req = "PUT " + presigned("stalled", HttpMethodName.PUT) + " HTTP/1.1\r\nHost: " + B + ".cos.ap-guangzhou.myqcloud.com\r\n"
                    + "Content-Length: 100\r\n\r\nonly-a-little";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout(10_000);
            s.getInputStream().readAllBytes(); // answered or closed within the timeout
        }
        assertThat(cos.doesObjectExist(B, "stalled")).isFalse();
    }
}
