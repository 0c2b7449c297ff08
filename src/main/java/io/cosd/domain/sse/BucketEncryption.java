package io.cosd.domain.sse;

import java.util.Objects;

/**
 * A bucket's default encryption (docs/encryption.md "Bucket default encryption", SSE-D1..SSE-D8):
 * what a new object gets when its request asks for no encryption of its own.
 *
 * @param mode       {@link SseMode#SSE_S3} or {@link SseMode#SSE_KMS}
 * @param kmsKeyId   SSE_KMS only: the key as the configuration named it (kept as sent, so GET gives
 *                   back what was put; SSE-D3), or null for the deployment's default key (KMS-9);
 *                   null for SSE_S3
 * @param bucketKey  S3's {@code BucketKeyEnabled} (SSE-D4): stored and echoed
 */
public record BucketEncryption(SseMode mode, String kmsKeyId, boolean bucketKey) {
    public BucketEncryption {
        Objects.requireNonNull(mode);
        if (mode != SseMode.SSE_S3 && mode != SseMode.SSE_KMS) throw new IllegalArgumentException("a bucket default is SSE-S3 or SSE-KMS, not " + mode);
        if (mode == SseMode.SSE_S3 && kmsKeyId != null) throw new IllegalArgumentException("SSE-S3 names no KMS key");
        if (kmsKeyId != null && kmsKeyId.isEmpty()) throw new IllegalArgumentException("an empty KMS key id; null names the default key");
    }

    /** The stored form (one bucket_configs row): {@code mode} LF {@code bucketKey} LF {@code key id or empty}. */
    public String encode() {
        return mode.name() + "\n" + bucketKey + "\n" + (kmsKeyId == null ? "" : kmsKeyId);
    }

    public static BucketEncryption decode(String stored) {
        String[] p = stored.split("\n", 3);
        if (p.length != 3) throw new IllegalArgumentException("not a stored bucket encryption: " + stored);
        return new BucketEncryption(SseMode.valueOf(p[0]), p[2].isEmpty() ? null : p[2], Boolean.parseBoolean(p[1]));
    }
}
