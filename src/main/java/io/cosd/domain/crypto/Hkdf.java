package io.cosd.domain.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/** HKDF-SHA256 (RFC 5869): keys derived from one secret for distinct purposes by label (SSE-5). */
public final class Hkdf {
    private Hkdf() {}

    /** {@code length} bytes of HKDF-Expand(HKDF-Extract(salt = 32 zero bytes, ikm), info = label). */
    public static byte[] derive(byte[] ikm, String label, int length) {
        byte[] prk = hmac(new byte[32], ikm);
        byte[] info = label.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] t = new byte[0];
        for (int i = 1; out.size() < length; i++) {
            byte[] in = new byte[t.length + info.length + 1];
            System.arraycopy(t, 0, in, 0, t.length);
            System.arraycopy(info, 0, in, t.length, info.length);
            in[in.length - 1] = (byte) i;
            t = hmac(prk, in);
            out.writeBytes(t);
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
