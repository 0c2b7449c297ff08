package io.cosd.e2e;

import io.cosd.domain.signing.OutboundSigner;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Path-style raw requests, q-signed with the e2e root key (null id: unsigned), for documents and headers no SDK sends. */
final class Raw {
    private Raw() {}

    static RawHttp.Reply put(int port, String bucket, String subresource, String body) throws Exception {
        return send(port, "PUT", bucket, "", Map.of(), body, subresource, E2e.SECRET_ID);
    }

    static RawHttp.Reply send(int port, String method, String bucket, String key, Map<String, String> extra, String body,
                              String subresource, String secretId) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + port);
        h.putAll(extra);
        Map<String, String> q = subresource == null ? Map.of() : Map.of(subresource, "");
        String path = "/" + bucket + "/" + key;
        Map<String, String> headers = new LinkedHashMap<>(h);
        if (secretId != null) {
            headers.put("Authorization", OutboundSigner.cos(method, path, q, h, secretId, E2e.SECRET_KEY, Instant.now(), 600));
        }
        byte[] b = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        return RawHttp.send(port, method, path + (subresource == null ? "" : "?" + subresource), headers, b);
    }
}
