package io.cosd.domain.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The encrypted blob format (docs/encryption.md "Blob format", SSE-1..SSE-4): a 16-byte header, then the
 * plaintext in {@value #CHUNK}-byte chunks, each sealed with AES-256-GCM under the object's data key and
 * followed by its 16-byte tag. Pure arithmetic and javax.crypto, no I/O.
 * <pre>
 * header  = "CSE1" | version 0x01 | log2(chunk) 0x10 | 0x00 0x00 | nonce prefix (8 random bytes)
 * nonce_i = nonce prefix | i (4 bytes, big-endian)
 * aad_i   = header (16 bytes) | i (8 bytes, big-endian) | last (1 byte: 1 for the final chunk, else 0)
 * chunk_i = AES-256-GCM(data key, nonce_i, aad_i, plaintext[i*CHUNK, min((i+1)*CHUNK, n))) | tag (16 bytes)
 * </pre>
 * Every blob has at least one chunk (an empty object is one empty chunk carrying the last flag), so a blob
 * cut at a chunk boundary, a chunk moved, dropped or taken from another blob all fail a tag (SSE-3).
 */
public final class ChunkFormat {
    public static final int CHUNK = 64 * 1024;
    public static final int TAG = 16;
    public static final int HEADER = 16;
    public static final int PREFIX = 8;
    static final byte[] MAGIC = {'C', 'S', 'E', '1'};
    static final byte VERSION = 1;
    static final byte LOG2_CHUNK = 16;

    private ChunkFormat() {}

    /** SSE-2: chunks a plaintext of {@code n} bytes takes: at least one. */
    public static long chunks(long n) {
        return n == 0 ? 1 : (n + CHUNK - 1) / CHUNK;
    }

    /** SSE-2: the blob size of an {@code n}-byte plaintext. */
    public static long cipherSize(long n) {
        return HEADER + n + TAG * chunks(n);
    }

    /** The plaintext size of a well-formed blob of {@code blobSize} bytes, or -1 if no plaintext size gives it. */
    public static long plainSize(long blobSize) {
        long body = blobSize - HEADER;
        if (body < TAG) return -1;
        long k = (body + CHUNK + TAG - 1) / (CHUNK + TAG);
        long n = body - TAG * k;
        return n >= 0 && cipherSize(n) == blobSize ? n : -1;
    }

    /** Blob offset where chunk {@code i} starts. */
    public static long chunkOffset(long i) {
        return HEADER + i * (long) (CHUNK + TAG);
    }

    /** The chunks a plaintext range {@code [start, start + length)} touches: first and last index (SSE-2). */
    public static long[] chunkSpan(long start, long length) {
        long first = start / CHUNK;
        long last = length == 0 ? first : (start + length - 1) / CHUNK;
        return new long[] {first, last};
    }

    /** A fresh header with {@code prefix} (8 random bytes the caller draws). */
    public static byte[] header(byte[] prefix) {
        if (prefix.length != PREFIX) throw new IllegalArgumentException("nonce prefix is " + PREFIX + " bytes");
        byte[] h = new byte[HEADER];
        System.arraycopy(MAGIC, 0, h, 0, 4);
        h[4] = VERSION;
        h[5] = LOG2_CHUNK;
        System.arraycopy(prefix, 0, h, 8, PREFIX);
        return h;
    }

    /** Whether {@code h} is a header this version writes (magic, version and chunk size). */
    public static boolean validHeader(byte[] h) {
        return h.length == HEADER && Arrays.equals(Arrays.copyOf(h, 4), MAGIC) && h[4] == VERSION && h[5] == LOG2_CHUNK
                && h[6] == 0 && h[7] == 0;
    }

    static byte[] nonce(byte[] header, long index) {
        if (index < 0 || index > 0xFFFF_FFFFL) throw new IllegalArgumentException("chunk index out of range: " + index);
        return ByteBuffer.allocate(12).put(header, 8, PREFIX).putInt((int) index).array();
    }

    static byte[] aad(byte[] header, long index, boolean last) {
        return ByteBuffer.allocate(HEADER + 9).put(header).putLong(index).put((byte) (last ? 1 : 0)).array();
    }

    /** AES-256-GCM for chunk {@code index} of the blob with {@code header}: its nonce and its associated data (SSE-1). */
    private static Cipher cipher(int mode, byte[] dataKey, byte[] header, long index, boolean last) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(TAG * 8, nonce(header, index)));
        c.updateAAD(aad(header, index, last));
        return c;
    }

    /** SSE-1: chunk {@code index} of the blob with {@code header}, sealed: ciphertext then tag. */
    public static byte[] seal(byte[] dataKey, byte[] header, long index, boolean last, byte[] plain, int off, int len) {
        if (len > CHUNK || (!last && len != CHUNK)) throw new IllegalArgumentException("chunk of " + len + " bytes");
        try {
            return cipher(Cipher.ENCRYPT_MODE, dataKey, header, index, last).doFinal(plain, off, len);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /**
     * SSE-3: the plaintext of sealed chunk {@code index}.
     *
     * @throws TamperedException when the tag does not verify: wrong key, bytes changed, chunk moved, dropped or cut
     */
    public static byte[] open(byte[] dataKey, byte[] header, long index, boolean last, byte[] sealed, int off, int len) {
        if (len < TAG || len > CHUNK + TAG || (!last && len != CHUNK + TAG)) {
            throw new TamperedException("chunk " + index + " has " + len + " bytes");
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, dataKey, header, index, last).doFinal(sealed, off, len);
        } catch (AEADBadTagException e) {
            throw new TamperedException("chunk " + index + " does not authenticate");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** A chunk or header that does not authenticate: never served as bytes (SSE-3), counted as damage (SSE-4). */
    public static final class TamperedException extends RuntimeException {
        public TamperedException(String message) { super(message); }
    }
}
