package io.cosd.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How a model version is encrypted (docs/encryption.md): not at all, SSE-S3 (the server's key) or
 * SSE-C with a customer key the client sends on every read. The model never sees ciphertext; it only
 * predicts which requests need which key and which headers answer (SSE-8, SSE-10).
 */
record ModelSse(Mode mode, String key) {
    enum Mode { NONE, SSE_S3, SSE_C }

    static final ModelSse NONE = new ModelSse(Mode.NONE, null);
    static final ModelSse S3 = new ModelSse(Mode.SSE_S3, null);

    /** Two customer keys: a read with the other one is the "wrong key" case (403, SSE-8). */
    static final String KEY_1 = key(1);
    static final String KEY_2 = key(2);

    static ModelSse customer(String key) {
        return new ModelSse(Mode.SSE_C, key);
    }

    boolean customerKeyed() {
        return mode == Mode.SSE_C;
    }

    static String other(String key) {
        return KEY_1.equals(key) ? KEY_2 : KEY_1;
    }

    /** Base64 of the key's MD5, as the SDK sends it and the server echoes it. */
    static String md5(String base64Key) {
        try {
            return Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("MD5").digest(Base64.getDecoder().decode(base64Key)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String key(int n) {
        byte[] k = ("model-sse-c-key-" + n + "-0123456789abcdef").substring(0, 32).getBytes(StandardCharsets.US_ASCII);
        return Base64.getEncoder().encodeToString(k);
    }

    @Override
    public String toString() {
        return mode == Mode.SSE_C ? "SSE-C(" + (KEY_1.equals(key) ? "k1" : "k2") + ")" : mode.name();
    }
}
