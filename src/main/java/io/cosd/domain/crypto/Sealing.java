package io.cosd.domain.crypto;

/**
 * A data key in use: its metadata (what is stored) and the plaintext key (what encrypts or decrypts the
 * blob, kept in memory for one request or one background copy, never stored). {@code customerKeyMd5}:
 * SSE-C only, the base64 MD5 of the customer's key that responses echo (SSE-10); never stored either.
 */
public record Sealing(Encryption meta, byte[] dataKey, String customerKeyMd5) {
    /**
     * The key the blob of part {@code part} is sealed under (SSE-14, {@link DataKeys#partKey}); part 0 names a
     * single-blob object, sealed under the data key itself. The metadata and key MD5 stay the upload's.
     */
    public Sealing forPart(int part) {
        return part == 0 ? this : new Sealing(meta, DataKeys.partKey(dataKey, part), customerKeyMd5);
    }

    @Override public String toString() { return "Sealing[" + meta + "]"; } // never the key
}
