package io.cosd.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** JDK-only hashing helpers shared by the COS and SigV4 code. Hex is always lower case. */
final class Hashes {
    private static final HexFormat HEX = HexFormat.of();

    private Hashes() {}

    static byte[] hmac(String alg, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(key, alg));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg + " unavailable", e);
        }
    }

    static byte[] hmacSha1(byte[] key, String data) { return hmac("HmacSHA1", key, data); }

    static byte[] hmacSha256(byte[] key, String data) { return hmac("HmacSHA256", key, data); }

    static MessageDigest digest(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(alg + " unavailable", e);
        }
    }

    static String sha1Hex(String s) { return hex(digest("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8))); }

    static String sha256Hex(String s) { return sha256Hex(s.getBytes(StandardCharsets.UTF_8)); }

    static String sha256Hex(byte[] b) { return hex(digest("SHA-256").digest(b)); }

    static final String EMPTY_SHA256 = sha256Hex(new byte[0]);

    static String hex(byte[] b) { return HEX.formatHex(b); }

    /**
     * Constant-time comparison of a computed lower-case hex signature with the one a client sent.
     * Clients may send upper-case hex, so the provided value is lower-cased first; that step only
     * depends on attacker-supplied data, never on the secret.
     */
    static boolean hexEquals(String computed, String provided) {
        if (computed == null || provided == null) return false;
        byte[] a = computed.getBytes(StandardCharsets.US_ASCII);
        byte[] b = provided.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(a, b);
    }
}
