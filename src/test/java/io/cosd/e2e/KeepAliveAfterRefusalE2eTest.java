package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import io.cosd.domain.signing.OutboundSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/edge.md EDGE-K1: after a PUT refused by its handler (before or without reading its body), the
 * next request on the same keep-alive connection is parsed from its own first byte and gets its own
 * answer; a refusal whose announced body was never sent closes the connection.
 */
@CosdServer
class KeepAliveAfterRefusalE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static final String B = E2e.bucket("ka");

    @BeforeAll
    static void fixtures() {
        cos.createBucket(B);
    }

    /** A q-signed (or anonymous) request head; {@code unsigned} headers (framing, Expect) follow the signature. */
    private static String head(String method, String key, boolean signed, Map<String, String> signedExtra, Map<String, String> unsigned) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + env.port());
        h.putAll(signedExtra);
        StringBuilder sb = new StringBuilder(method + " /" + B + "/" + key + " HTTP/1.1\r\n");
        h.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        if (signed) {
            sb.append("Authorization: ")
                    .append(OutboundSigner.cos(method, "/" + B + "/" + key, Map.of(), h, E2e.SECRET_ID, E2e.SECRET_KEY, Instant.now(), 600))
                    .append("\r\n");
        }
        unsigned.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        return sb.append("\r\n").toString();
    }

    private static void send(Socket s, String head, byte[] body) throws IOException {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] all = java.util.Arrays.copyOf(h, h.length + (body == null ? 0 : body.length));
        if (body != null) System.arraycopy(body, 0, all, h.length, body.length);
        OutputStream out = s.getOutputStream();
        out.write(all); // one write: a body that arrives with its head is complete when the handler answers
        out.flush();
    }

    /** The next request on the connection: a GET of a missing key, answered 404 with its own resource and request id. */
    private static void assertOwnAnswer(Socket s, String label) throws IOException {
        String key = "missing-" + label.replaceAll("[^a-z0-9]", "");
        send(s, head("GET", key, true, Map.of(), Map.of()), null);
        RawHttp.Reply r = RawHttp.read(s.getInputStream(), false);
        assertThat(r.status()).as(label).isEqualTo(404);
        assertThat(r.text()).as(label).contains("<Code>NoSuchKey</Code>").contains("/" + B + "/" + key)
                .contains("<RequestId>" + r.header("x-cos-request-id") + "</RequestId>");
        assertThat(r.header("x-cos-request-id")).as(label).isNotBlank();
    }

    /** One response head, up to and including its blank line. */
    private static byte[] readHead(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1; ) {
            b.write(c);
            byte[] a = b.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') break;
        }
        return b.toByteArray();
    }

    private static void assertRefused(RawHttp.Reply r, String label) {
        assertThat(r.status()).as(label).isIn(400, 403, 411);
        assertThat(r.text()).as(label).contains("<Code>").contains("<RequestId>" + r.header("x-cos-request-id") + "</RequestId>");
    }

    private static Socket open() throws IOException {
        Socket s = new Socket("127.0.0.1", env.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static final Map<String, String> BAD_CLASS = Map.of("x-cos-storage-class", "BOGUS");

    @Test
    void aRefusedPutWhoseBodyWasSentLeavesTheConnectionToTheNextRequest() throws Exception {
        record Case(String label, boolean signed, Map<String, String> framing, byte[] body) {}
        Case[] cases = {
                new Case("signed bad class, 5-byte body", true, Map.of("Content-Length", "5"), "hello".getBytes(StandardCharsets.UTF_8)),
                new Case("signed bad class, empty body", true, Map.of("Content-Length", "0"), null),
                new Case("signed bad class, no framing", true, Map.of(), null),
                new Case("anonymous, 5-byte body", false, Map.of("Content-Length", "5"), "hello".getBytes(StandardCharsets.UTF_8)),
                new Case("anonymous, empty body", false, Map.of("Content-Length", "0"), null),
        };
        for (Case c : cases) {
            try (Socket s = open()) {
                send(s, head("PUT", "k", c.signed(), c.signed() ? BAD_CLASS : Map.of(), c.framing()), c.body());
                RawHttp.Reply r = RawHttp.read(s.getInputStream(), false);
                assertRefused(r, c.label());
                assertThat(r.header("Connection")).as(c.label()).isEqualToIgnoringCase("keep-alive");
                assertOwnAnswer(s, c.label());
            }
        }
    }

    /**
     * A 100-continue request refused before its body was read (no 100 sent), with an announced body
     * never sent or an empty one: the answer says {@code Connection: close} and the connection closes.
     * The client cannot tell whether the server would read a body it may still send (RFC 9110
     * §10.1.1); and botocore, kept on the connection, parses the response that follows its next
     * {@code 100 Continue} with the status of this answer (s3-tests
     * test_block_public_object_canned_acls: a bare 403 for a valid PUT).
     */
    @Test
    void aRefusedExpectPutIsAnsweredWithConnectionClose() throws Exception {
        for (String length : new String[] {"5", "0"}) {
            for (boolean signed : new boolean[] {true, false}) {
                String label = "expect, length " + length + ", signed=" + signed;
                try (Socket s = open()) {
                    send(s, head("PUT", "k", signed, signed ? BAD_CLASS : Map.of(), Map.of("Content-Length", length, "Expect", "100-continue")), null);
                    InputStream in = s.getInputStream();
                    RawHttp.Reply r = RawHttp.read(in, false);
                    assertRefused(r, label);
                    assertThat(r.header("Connection")).as(label).isEqualToIgnoringCase("close");
                    assertThat(in.read()).as(label).isEqualTo(-1);
                }
                try (Socket s = open()) {
                    assertOwnAnswer(s, "new connection " + label);
                }
            }
        }
    }

    /** The 100-continue requests that are read go on as before: 100, then the answer, on a kept connection. */
    @Test
    void expectPutsThatAreReadGet100ThenTheirAnswerOnOneConnection() throws Exception {
        try (Socket s = open()) {
            InputStream in = s.getInputStream();
            for (String body : new String[] {"", "hello", ""}) {
                send(s, head("PUT", "k" + body.length(), true, Map.of(),
                        Map.of("Content-Length", String.valueOf(body.length()), "Expect", "100-continue")), null);
                RawHttp.Reply cont = RawHttp.read(new ByteArrayInputStream(readHead(in)), true);
                assertThat(cont.status()).isEqualTo(100);
                send(s, "", body.getBytes(StandardCharsets.UTF_8));
                RawHttp.Reply put = RawHttp.read(in, false);
                assertThat(put.status()).isEqualTo(200);
                assertThat(put.header("x-cos-request-id")).isNotBlank();
                assertThat(put.header("Connection")).isEqualToIgnoringCase("keep-alive");
                assertOwnAnswer(s, "after expect put of " + body.length());
            }
        }
    }

    /**
     * EDGE-K2: a body that disagrees with its own headers (here 3 bytes sent under Content-Length 2, the
     * Content-MD5 of all 3) is answered BadDigest with {@code Connection: close}, and the connection
     * closes: the byte past the declared length is never read as the start of a next request (s3-tests
     * test_object_create_bad_contentlength_mismatch_below_aws2, where botocore's retry on the kept
     * connection got {@code 405} for "rPUT").
     */
    @Test
    void aBodyThatDisagreesWithItsDigestClosesTheConnectionSoItsExtraBytesAreNeverAnotherRequest_EDGE_K2() throws Exception {
        byte[] body = "bar".getBytes(StandardCharsets.UTF_8);
        String md5 = java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(body));
        try (Socket s = open()) {
            send(s, head("PUT", "short", true, Map.of("content-md5", md5), Map.of("Content-Length", "2")), body);
            InputStream in = s.getInputStream();
            RawHttp.Reply r = RawHttp.read(in, false);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).contains("<Code>BadDigest</Code>");
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(cos.doesObjectExist(B, "short")).isFalse();
        try (Socket s = open()) {
            assertOwnAnswer(s, "after a bad digest");
        }
    }
}
