package io.cosd.e2e;

import io.cosd.domain.signing.OutboundSigner;
import io.cosd.domain.signing.UriCodec;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Path-style requests q-signed with the e2e root key, for what no SDK sends: any key (control
 * characters), any query, any header, and a body sent in two halves with a pause between them.
 * Host, every query parameter and every extra header are signed.
 */
final class SignedRaw {
    private SignedRaw() {}

    static RawHttp.Reply send(int port, String method, String bucket, String key, Map<String, String> query,
                              Map<String, String> extra, byte[] body) throws IOException {
        return RawHttp.send(port, method, target(bucket, key, query), headers(port, method, bucket, key, query, extra), body);
    }

    /** Headers for a JSON body the signature covers through its signed Content-MD5 (docs/security.md ADM-6, ADM-12). */
    static Map<String, String> json(String body) {
        try {
            return Map.of("Content-Type", "application/json", "Content-MD5", java.util.Base64.getEncoder().encodeToString(
                    java.security.MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8))));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends the head (with {@code Content-Length: length}) and the first bytes of the body; {@link #finish} sends the rest. */
    static Socket start(int port, String method, String bucket, String key, Map<String, String> query,
                        Map<String, String> extra, long length, byte[] first) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(30_000);
        StringBuilder sb = new StringBuilder(method + " " + target(bucket, key, query) + " HTTP/1.1\r\n");
        headers(port, method, bucket, key, query, extra).forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        sb.append("Content-Length: ").append(length).append("\r\nConnection: close\r\n\r\n");
        OutputStream out = s.getOutputStream();
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.write(first);
        out.flush();
        return s;
    }

    static RawHttp.Reply finish(Socket s, byte[] rest) throws IOException {
        try (s) {
            s.getOutputStream().write(rest);
            s.getOutputStream().flush();
            return RawHttp.read(s.getInputStream(), false);
        }
    }

    private static Map<String, String> headers(int port, String method, String bucket, String key, Map<String, String> query,
                                               Map<String, String> extra) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + port);
        h.putAll(extra);
        Map<String, String> out = new LinkedHashMap<>(h);
        out.put("Authorization", OutboundSigner.cos(method, "/" + bucket + "/" + key, query, h, E2e.SECRET_ID, E2e.SECRET_KEY,
                Instant.now(), 600));
        return out;
    }

    private static String target(String bucket, String key, Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
        query.forEach((k, v) -> q.add(v == null || v.isEmpty() ? UriCodec.encode(k) : UriCodec.encode(k) + "=" + UriCodec.encode(v)));
        return "/" + bucket + "/" + UriCodec.encode(key, true) + q;
    }
}
