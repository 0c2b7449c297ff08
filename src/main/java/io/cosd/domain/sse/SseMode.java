package io.cosd.domain.sse;

/** How an object's data is encrypted at rest (docs/encryption.md). */
public enum SseMode {
    /** Stored as sent. */
    NONE,
    /** SSE-S3 / SSE-COS: a per-object data key wrapped by a key derived from the master key. */
    SSE_S3,
    /** SSE-KMS: a per-object data key from the key service, under a named key. */
    SSE_KMS,
    /** SSE-C: the client's own key, never stored. */
    SSE_C
}
