package io.cosd.domain.crypto;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Data keys and what protects them (docs/encryption.md "Keys", SSE-5, SSE-6): a data key is wrapped with
 * AES-256-GCM under a wrap key, with the mode's label as associated data so a wrapped key moved between
 * modes does not open. The SSE-S3 wrap key is HKDF of the master key under its own label (never the
 * secret-sealing key itself); the SSE-C wrap key and key check are HKDF of the customer's key under two
 * other labels. Callers draw the random bytes (nonces, salts, keys) and pass them in.
 */
public final class DataKeys {
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int SALT_BYTES = 16;
    static final String S3_WRAP_LABEL = "cosd sse-s3 data-key wrap v1";
    static final String C_WRAP_LABEL = "cosd sse-c data-key wrap v1";
    static final String C_CHECK_LABEL = "cosd sse-c key check v1";
    static final String PART_LABEL = "cosd sse part key v1 ";

    private DataKeys() {}

    /** SSE-5: the key SSE-S3 data keys are wrapped under, derived from the master key. */
    public static byte[] sseS3WrapKey(byte[] masterKey) {
        return Hkdf.derive(masterKey, S3_WRAP_LABEL, KEY_BYTES);
    }

    /**
     * SSE-14: the key part {@code partNumber} (1..10000) of a multipart upload is sealed under:
     * HKDF-SHA256(data key, info = "cosd sse part key v1 " + the part number in decimal). Each part blob has its
     * own key, so a part blob moved to another part's place (or another part number) fails every tag (SSE-3).
     * Single-blob objects use the data key itself.
     */
    public static byte[] partKey(byte[] dataKey, int partNumber) {
        if (partNumber < 1) throw new IllegalArgumentException("part number " + partNumber);
        return Hkdf.derive(dataKey, PART_LABEL + partNumber, KEY_BYTES);
    }

    /** SSE-6: the key an SSE-C object's data key is wrapped under, derived from the customer's key. */
    public static byte[] customerWrapKey(byte[] customerKey) {
        return Hkdf.derive(customerKey, C_WRAP_LABEL, KEY_BYTES);
    }

    /** SSE-6: what is stored to recognise the customer's key: {@code salt | HMAC-SHA256(HKDF(key, check label), salt)}. */
    public static byte[] keyCheck(byte[] customerKey, byte[] salt) {
        byte[] mac = Hkdf.hmac(Hkdf.derive(customerKey, C_CHECK_LABEL, KEY_BYTES), salt);
        byte[] out = Arrays.copyOf(salt, salt.length + mac.length);
        System.arraycopy(mac, 0, out, salt.length, mac.length);
        return out;
    }

    /** Whether {@code customerKey} is the key {@code stored} was made from (constant-time compare). */
    public static boolean checks(byte[] customerKey, byte[] stored) {
        if (stored == null || stored.length != SALT_BYTES + 32) return false;
        return MessageDigest.isEqual(keyCheck(customerKey, Arrays.copyOf(stored, SALT_BYTES)), stored);
    }

    /** {@code nonce | AES-256-GCM(wrapKey, nonce, aad = mode label, dataKey) | tag}. */
    public static byte[] wrap(byte[] wrapKey, Encryption.Mode mode, byte[] dataKey, byte[] nonce) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(wrapKey, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(label(mode));
            byte[] ct = c.doFinal(dataKey);
            byte[] out = Arrays.copyOf(nonce, nonce.length + ct.length);
            System.arraycopy(ct, 0, out, nonce.length, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** @throws ChunkFormat.TamperedException if {@code wrapped} does not open under {@code wrapKey} */
    public static byte[] unwrap(byte[] wrapKey, Encryption.Mode mode, byte[] wrapped) {
        if (wrapped.length != NONCE_BYTES + KEY_BYTES + 16) throw new ChunkFormat.TamperedException("wrapped key has " + wrapped.length + " bytes");
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(wrapKey, "AES"), new GCMParameterSpec(128, wrapped, 0, NONCE_BYTES));
            c.updateAAD(label(mode));
            return c.doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new ChunkFormat.TamperedException("the data key does not unwrap");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static byte[] label(Encryption.Mode mode) {
        return ("cosd data key " + mode.name()).getBytes(StandardCharsets.US_ASCII);
    }
}
