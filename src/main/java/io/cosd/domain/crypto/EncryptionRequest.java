package io.cosd.domain.crypto;

import java.util.Map;

/**
 * What a write asked for (docs/encryption.md "Requests"): the mode, and for SSE-C the customer's 256-bit
 * key (held in memory for the request only, never stored: SSE-6), for SSE-KMS the key id and context.
 */
public record EncryptionRequest(Encryption.Mode mode, byte[] customerKey, String kmsKeyId, Map<String, String> kmsContext) {
    public EncryptionRequest {
        kmsContext = kmsContext == null ? Map.of() : Map.copyOf(kmsContext);
    }

    public static final EncryptionRequest SSE_S3 = new EncryptionRequest(Encryption.Mode.SSE_S3, null, null, Map.of());

    public static EncryptionRequest sseC(byte[] customerKey) {
        return new EncryptionRequest(Encryption.Mode.SSE_C, customerKey, null, Map.of());
    }

    public static EncryptionRequest kms(String keyId, Map<String, String> context) {
        return new EncryptionRequest(Encryption.Mode.KMS, null, keyId, context);
    }

    @Override public String toString() { return "EncryptionRequest[" + mode + "]"; } // never the key
}
