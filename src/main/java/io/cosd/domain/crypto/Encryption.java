package io.cosd.domain.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a version's (or a multipart upload's) bytes are encrypted at rest, as its metadata row stores it
 * (docs/encryption.md "Metadata", SSE-5..SSE-7). Never holds a plaintext key: the data key is stored
 * wrapped (under the SSE-S3 wrap key, the customer's key, or a KMS key), and for SSE-C only a salted
 * HMAC of the customer key ({@code keyCheck}) says whether a key the client sends is the right one.
 *
 * @param wrappedKey the data key, wrapped ({@link DataKeys#wrap}, or opaque KMS output)
 * @param keyCheck   SSE-C: salt (16 bytes) then HMAC-SHA256 (32 bytes); null otherwise
 * @param kmsKeyId   KMS: the key id responses report; null otherwise
 * @param kmsContext KMS: the encryption context bound into the wrap; empty otherwise
 */
public record Encryption(Mode mode, byte[] wrappedKey, byte[] keyCheck, String kmsKeyId, Map<String, String> kmsContext) {
    /** The three ways a data key is protected; the blob format is the same for all (SSE-1). */
    public enum Mode {
        /** SSE-S3 / SSE-COS: wrapped under a key derived from the master key (SSE-5). */
        SSE_S3,
        /** SSE-C: wrapped under a key derived from the customer's key, which is never stored (SSE-6). */
        SSE_C,
        /** SSE-KMS: wrapped by the key service (service/KeyService). */
        KMS
    }

    private static final String VERSION = "v2";

    public Encryption {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(wrappedKey, "wrappedKey");
        kmsContext = kmsContext == null ? Map.of() : Map.copyOf(kmsContext);
    }

    /** Is {@code e} SSE-C, the one mode whose key the server never holds (null: in the clear, no)? */
    public static boolean customerKeyed(Encryption e) {
        return e != null && e.mode() == Mode.SSE_C;
    }

    public static Encryption sseS3(byte[] wrapped) { return new Encryption(Mode.SSE_S3, wrapped, null, null, Map.of()); }

    public static Encryption sseC(byte[] wrapped, byte[] keyCheck) { return new Encryption(Mode.SSE_C, wrapped, keyCheck, null, Map.of()); }

    public static Encryption kms(byte[] wrapped, String keyId, Map<String, String> context) {
        return new Encryption(Mode.KMS, wrapped, null, keyId, context);
    }

    /**
     * {@code v2:<mode>:<b64 wrapped>:<b64 check>:<b64 kms key id>:<context>}, each part base64url without padding
     * (empty: none); the context is its pairs in name order, each {@code <b64 name>.<b64 value>}, joined by
     * {@code ,}: any name or value comes back as it was (SSE-7). {@code v1} records (the context's pairs
     * NUL-separated, then base64url) are still read.
     */
    public String encode() {
        StringBuilder ctx = new StringBuilder();
        for (var e : new java.util.TreeMap<>(kmsContext).entrySet()) {
            if (!ctx.isEmpty()) ctx.append(',');
            ctx.append(b64(utf8(e.getKey()))).append('.').append(b64(utf8(e.getValue())));
        }
        return String.join(":", VERSION, mode.name(), b64(wrappedKey), b64(keyCheck),
                b64(kmsKeyId == null ? null : utf8(kmsKeyId)), ctx.toString());
    }

    /** @throws IllegalArgumentException if {@code s} is not an {@link #encode} form */
    public static Encryption decode(String s) {
        String[] p = s.split(":", -1);
        if (p.length != 6 || !(p[0].equals(VERSION) || p[0].equals("v1"))) throw new IllegalArgumentException("not an encryption record: " + s);
        Mode mode = Mode.valueOf(p[1]);
        byte[] check = p[3].isEmpty() ? null : unb64(p[3]);
        String keyId = p[4].isEmpty() ? null : new String(unb64(p[4]), StandardCharsets.UTF_8);
        Map<String, String> ctx = new LinkedHashMap<>();
        if (p[0].equals("v1")) {
            String[] kv = new String(unb64(p[5]), StandardCharsets.UTF_8).split("\0", -1);
            for (int i = 0; i + 1 < kv.length; i += 2) ctx.put(kv[i], kv[i + 1]);
        } else if (!p[5].isEmpty()) {
            for (String pair : p[5].split(",", -1)) {
                int dot = pair.indexOf('.');
                if (dot < 0) throw new IllegalArgumentException("not an encryption record: " + s);
                ctx.put(new String(unb64(pair.substring(0, dot)), StandardCharsets.UTF_8),
                        new String(unb64(pair.substring(dot + 1)), StandardCharsets.UTF_8));
            }
        }
        return new Encryption(mode, unb64(p[2]), check, keyId, ctx);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String b64(byte[] b) {
        return b == null ? "" : Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] unb64(String s) {
        return Base64.getUrlDecoder().decode(s);
    }

    @Override public boolean equals(Object o) {
        return o instanceof Encryption e && mode == e.mode && Arrays.equals(wrappedKey, e.wrappedKey) && Arrays.equals(keyCheck, e.keyCheck)
                && Objects.equals(kmsKeyId, e.kmsKeyId) && kmsContext.equals(e.kmsContext);
    }

    @Override public int hashCode() { return Objects.hash(mode, Arrays.hashCode(wrappedKey), kmsKeyId); }

    @Override public String toString() { return "Encryption[" + mode + (kmsKeyId == null ? "" : " " + kmsKeyId) + "]"; }
}
