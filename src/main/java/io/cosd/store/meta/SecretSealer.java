package io.cosd.store.meta;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Seals SecretKeys for storage under a master key that lives outside the database
 * (docs/storage.md "Security at rest"): AES-256-GCM, a fresh random 96-bit nonce per seal, and the
 * SecretId as associated data, so a sealed value copied onto another key's row does not open.
 * <p>
 * Sealed form: {@code v1:<key id>:<base64(nonce | ciphertext | tag)>}. The key id is a fingerprint
 * of the master key (16 hex digits of a domain-separated SHA-256), so a database can say which key
 * it needs and a later version can hold several keys to rotate; the version and key id are bound
 * into the associated data as well.
 */
public final class SecretSealer {
    public static final int KEY_BYTES = 32;
    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String keyId;

    private SecretSealer(byte[] key) {
        if (key.length != KEY_BYTES) throw new IllegalArgumentException("a master key is " + KEY_BYTES + " bytes, not " + key.length);
        this.key = new SecretKeySpec(key, "AES");
        this.keyId = keyId(key);
    }

    public static SecretSealer of(byte[] key) {
        return new SecretSealer(key.clone());
    }

    /** 32 bytes from SecureRandom. */
    public static byte[] newKey() {
        byte[] k = new byte[KEY_BYTES];
        RANDOM.nextBytes(k);
        return k;
    }

    /** Which master key this is; stored beside each sealed value. Reveals nothing useful about the key. */
    public String keyId() { return keyId; }

    /**
     * The key SSE-S3 data keys are wrapped under (docs/encryption.md "Keys", SSE-5): HKDF of this master key
     * under its own label, so it is never the key that seals SecretKeys, and one master key serves both.
     */
    public byte[] sseWrapKey() {
        return io.cosd.domain.crypto.DataKeys.sseS3WrapKey(key.getEncoded());
    }

    public String seal(String secretId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(keyId, secretId));
            byte[] ct = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + ct.length).put(nonce).put(ct).array();
            return VERSION + ":" + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** @throws IllegalArgumentException if {@code sealed} is not a value this key sealed for {@code secretId} */
    public String open(String secretId, String sealed) {
        String[] p = sealed.split(":", 3);
        if (p.length != 3 || !p[0].equals(VERSION)) throw new IllegalArgumentException("not a sealed secret of version " + VERSION);
        if (!p[1].equals(keyId)) throw new IllegalArgumentException("sealed under master key " + p[1] + ", not " + keyId);
        byte[] in = Base64.getDecoder().decode(p[2]);
        if (in.length < NONCE_BYTES + TAG_BITS / 8) throw new IllegalArgumentException("sealed secret too short");
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            c.updateAAD(aad(keyId, secretId));
            return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("sealed secret does not open under master key " + keyId + " for " + secretId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static byte[] aad(String keyId, String secretId) {
        return (VERSION + ":" + keyId + ":" + secretId).getBytes(StandardCharsets.UTF_8);
    }

    private static String keyId(byte[] key) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update("cosd master key id\0".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(Arrays.copyOf(d.digest(key), 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
