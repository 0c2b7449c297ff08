package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import io.cosd.domain.signing.OutboundSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/edge.md EDGE-K4: a chunked body whose framing breaks (a chunk size that is no hex number) is
 * a body that did not arrive whole. Netty's decoder ends such a body with an empty last part marked
 * failed; taken for a clean end, the PUT stored the chunks before the break and answered 200.
 */
@CosdServer
class MalformedChunkedBodyE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static final String B = E2e.bucket("mchunk");

    @BeforeAll
    static void fixtures() {
        cos.createBucket(B);
    }

    @Test
    void aChunkedPutWhoseFramingBreaksIsRefusedAndStoresNothing_EDGE_K4() throws Exception {
        String key = "broken";
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + env.port());
        StringBuilder sb = new StringBuilder("PUT /" + B + "/" + key + " HTTP/1.1\r\n");
        h.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("Authorization: ")
                .append(OutboundSigner.cos("PUT", "/" + B + "/" + key, Map.of(), h, E2e.SECRET_ID, E2e.SECRET_KEY, Instant.now(), 600))
                .append("\r\n");
        sb.append("Transfer-Encoding: chunked\r\n\r\n");
        sb.append("5\r\nhello\r\nZZ\r\nworld\r\n0\r\n\r\n"); // "ZZ" is no chunk size
        try (Socket s = new Socket("127.0.0.1", env.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String head = head(s.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 400").containsIgnoringCase("connection: close");
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
            }
            assertThat(new String(s.getInputStream().readNBytes(length), StandardCharsets.UTF_8)).contains("<Code>IncompleteBody</Code>");
        }
        assertThat(cos.doesObjectExist(B, key)).isFalse();
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) break;
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
