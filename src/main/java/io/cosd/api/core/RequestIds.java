package io.cosd.api.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Request and trace ids: unique per process start, base64 like COS's ({@code NjQ1YzQ1ZjNf...}). */
final class RequestIds {
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final String NODE = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);

    private RequestIds() {}

    static String next() {
        String raw = Long.toHexString(System.currentTimeMillis() / 1000) + "_" + NODE + "_" + Long.toHexString(COUNTER.incrementAndGet());
        return Base64.getEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    static String trace() {
        byte[] b = new byte[24];
        ThreadLocalRandom.current().nextBytes(b);
        return Base64.getEncoder().withoutPadding().encodeToString(b).replace('+', '-').replace('/', '_');
    }
}
