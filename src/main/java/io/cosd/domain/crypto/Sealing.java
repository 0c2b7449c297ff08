package io.cosd.domain.crypto;

/**
 * A data key in use: its metadata (what is stored) and the plaintext key (what encrypts or decrypts the
 * blob, kept in memory for one request or one background copy, never stored). {@code customerKeyMd5}:
 * SSE-C only, the base64 MD5 of the customer's key that responses echo (SSE-10); never stored either.
 */
public record Sealing(Encryption meta, byte[] dataKey, String customerKeyMd5) {
    @Override public String toString() { return "Sealing[" + meta + "]"; } // never the key
}
