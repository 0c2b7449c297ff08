package io.cosd.domain.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JDK-only hashing helpers shared by the COS and SigV4 code. Hex is always lower case.
 *
 * <p>Why prototypes: {@code Mac.getInstance}/{@code MessageDigest.getInstance} walk the provider
 * list and instantiate the SPI reflectively on every call, which showed up in CPU profiles of the
 * replication bench. Each algorithm is looked up once; every use clones the (never used, never
 * initialised) prototype. Cloning only reads the prototype, so concurrent clones are safe. SunJCE's
 * HMACs and SUN's digests are cloneable; a provider whose SPI is not falls back to a fresh lookup.
 * (Requests run on virtual threads, so a ThreadLocal cache would be rebuilt per request.)
 */
public final class Hashes {
    private static final HexFormat HEX = HexFormat.of();
    private static final Map<String, Mac> MAC_PROTOTYPES = new ConcurrentHashMap<>();
    private static final Map<String, MessageDigest> DIGEST_PROTOTYPES = new ConcurrentHashMap<>();

    private Hashes() {}

    /** A fresh, uninitialised {@link Mac} for {@code alg}. */
    static Mac mac(String alg) {
        Mac proto = MAC_PROTOTYPES.computeIfAbsent(alg, a -> {
            try {
                return Mac.getInstance(a);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(a + " unavailable", e);
            }
        });
        try {
            return (Mac) proto.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return Mac.getInstance(alg);
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(alg + " unavailable", impossible);
            }
        }
    }

    /** A {@link Mac} initialised with {@code key}. */
    static Mac keyedMac(String alg, byte[] key) {
        Mac mac = mac(alg);
        try {
            mac.init(new SecretKeySpec(key, alg));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg + " unavailable", e);
        }
        return mac;
    }

    public static byte[] hmac(String alg, byte[] key, String data) {
        return keyedMac(alg, key).doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmacSha1(byte[] key, String data) { return hmac("HmacSHA1", key, data); }

    public static byte[] hmacSha256(byte[] key, String data) { return hmac("HmacSHA256", key, data); }

    /** A fresh {@link MessageDigest}, cloned from a per-algorithm prototype. */
    public static MessageDigest digest(String alg) {
        MessageDigest proto = DIGEST_PROTOTYPES.computeIfAbsent(alg, a -> {
            try {
                return MessageDigest.getInstance(a);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(a + " unavailable", e);
            }
        });
        try {
            return (MessageDigest) proto.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance(alg);
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(alg + " unavailable", impossible);
            }
        }
    }

    public static String sha1Hex(String s) { return hex(digest("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8))); }

    public static String sha256Hex(String s) { return sha256Hex(s.getBytes(StandardCharsets.UTF_8)); }

    public static String sha256Hex(byte[] b) { return hex(digest("SHA-256").digest(b)); }

    public static final String EMPTY_SHA256 = sha256Hex(new byte[0]);

    public static String hex(byte[] b) { return HEX.formatHex(b); }

    /**
     * Constant-time comparison of a computed lower-case hex signature with the one a client sent.
     * Clients may send upper-case hex, so the provided value is lower-cased first; that step only
     * depends on attacker-supplied data, never on the secret.
     */
    public static boolean hexEquals(String computed, String provided) {
        if (computed == null || provided == null) return false;
        byte[] a = computed.getBytes(StandardCharsets.US_ASCII);
        byte[] b = provided.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(a, b);
    }
}
