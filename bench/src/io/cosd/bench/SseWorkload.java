package io.cosd.bench;

import java.util.Map;

/**
 * The objects workload with every PUT asking for SSE-COS ({@code x-cos-server-side-encryption: AES256},
 * docs/encryption.md): encrypted PUT and decrypted GET of the same sizes and concurrencies, to set
 * beside the plain rows ({@code bench/run --only objects,sse}).
 */
final class SseWorkload extends ObjectsWorkload {
    @Override public String name() { return "sse"; }

    @Override public String description() {
        return "PUT-SSE and GET-SSE: the objects cells with SSE-COS (AES256) at rest";
    }

    @Override Map<String, String> putHeaders() { return Map.of("x-cos-server-side-encryption", "AES256"); }

    @Override String op(String base) { return base + "-SSE"; }
}
