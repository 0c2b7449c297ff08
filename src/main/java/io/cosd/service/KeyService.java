package io.cosd.service;

import java.util.Map;

/**
 * The key-service boundary of SSE-KMS (docs/encryption.md): the server asks it for a data key under a
 * named key and later for that data key back. cosd's built-in key service implements it over the
 * metadata store, sealed under the master key; an external KMS (e.g. Vault transit) can implement it
 * later without touching the data path. Implementations raise {@link io.cosd.domain.Refusal} reasons
 * for a key that does not exist or is disabled, never an HTTP error.
 */
public interface KeyService {
    /**
     * A fresh 256-bit data key, and the same key wrapped under the current version of {@code keyId}.
     *
     * @param keyId   the key's id or alias as the client sent it (or the bucket default named it)
     * @param context the encryption context, bound into the wrap: {@link #decrypt} with another context fails
     */
    DataKey generateDataKey(String keyId, Map<String, String> context);

    /**
     * The data key inside {@code wrapped} (which names the key version it was wrapped under, so a
     * rotated key still opens older objects).
     */
    byte[] decrypt(String keyId, byte[] wrapped, Map<String, String> context);

    /**
     * @param keyId     the key's canonical id as responses report it ({@code x-amz-server-side-encryption-aws-kms-key-id})
     * @param plaintext the data key; the caller wipes it after use and never stores it
     * @param wrapped   opaque, what the object's metadata stores
     */
    record DataKey(String keyId, byte[] plaintext, byte[] wrapped) {}
}
