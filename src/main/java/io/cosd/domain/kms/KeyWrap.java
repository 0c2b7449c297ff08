package io.cosd.domain.kms;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wrapped data key of the built-in key service (docs/encryption.md "Wrapped data keys", KMS-5,
 * KMS-6): pure math, the nonce is passed in. Self-describing, so a rotated key still opens what an
 * older version wrapped:
 * <pre>
 *   0x01 | len(id) (1 byte) | id (UTF-8) | version (4 bytes, big-endian) | nonce (12) | AES-256-GCM(data key) | tag (16)
 * </pre>
 * The key-encryption key is the material of that key version. The associated data binds the header
 * and the encryption context: {@code "cosd-kms-wrap-v1" 0x00 | header | canonical(context)}, where
 * the context's pairs are sorted by name and each name and value is written as a 4-byte length and
 * its UTF-8 bytes, so no two contexts share an encoding and the order a client sends them in does not
 * matter. Another context, key, version, or any changed byte fails the tag.
 * <p>
 * "UTF-8 bytes" is exact: each code point as UTF-8, and an unpaired surrogate (a Java string may hold
 * one; it has no UTF-8 form) as its own 3-byte sequence (WTF-8), never {@code String.getBytes}' lossy
 * {@code '?'}. The result is the plain UTF-8 of every well-formed string, so wraps made before stay
 * valid, and distinct strings never share an encoding (KMS-6). The header parser refuses such strings
 * before they get here (KMS-8); this keeps the encoding injective whoever calls it.
 */
public final class KeyWrap {
    public static final int DATA_KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    private static final int FORMAT = 1;
    private static final int TAG_BITS = 128;
    private static final byte[] LABEL = "cosd-kms-wrap-v1\0".getBytes(StandardCharsets.US_ASCII);

    private KeyWrap() {}

    /** Which key version a wrap was made under, read from its header. */
    public record Header(String keyId, int version) {}

    /** The wrap is not one this format can read, or does not open under the given key and context. */
    public static final class Invalid extends Exception {
        Invalid(String message) { super(message, null, false, false); }
    }

    public static byte[] wrap(byte[] kek, String keyId, int version, byte[] dataKey, Map<String, String> context, byte[] nonce) {
        if (nonce.length != NONCE_BYTES) throw new IllegalArgumentException("nonce must be " + NONCE_BYTES + " bytes");
        byte[] header = header(keyId, version);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(header, context));
            byte[] ct = c.doFinal(dataKey);
            return ByteBuffer.allocate(header.length + NONCE_BYTES + ct.length).put(header).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    public static Header header(byte[] wrapped) throws Invalid {
        if (wrapped == null || wrapped.length < 2 || wrapped[0] != FORMAT) throw new Invalid("not a cosd key-service wrap");
        int idLen = wrapped[1] & 0xff;
        if (idLen == 0 || wrapped.length < 2 + idLen + 4 + NONCE_BYTES + TAG_BITS / 8) throw new Invalid("truncated wrap");
        String id;
        try {
            // Strict: a lenient decode would turn bad bytes into U+FFFD and name another id (KMS-5).
            id = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(wrapped, 2, idLen)).toString();
        } catch (CharacterCodingException e) {
            throw new Invalid("the key id in the wrap is not UTF-8");
        }
        int version = ByteBuffer.wrap(wrapped, 2 + idLen, 4).getInt();
        if (version < 1) throw new Invalid("bad key version in wrap");
        return new Header(id, version);
    }

    /** The data key, if {@code wrapped} opens under {@code kek} with exactly this context. */
    public static byte[] unwrap(byte[] kek, byte[] wrapped, Map<String, String> context) throws Invalid {
        Header h = header(wrapped);
        // The associated data binds the header bytes exactly as they are in the wrap, not re-encoded.
        int at = 2 + (wrapped[1] & 0xff) + 4;
        byte[] header = Arrays.copyOfRange(wrapped, 0, at);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(TAG_BITS, wrapped, at, NONCE_BYTES));
            c.updateAAD(aad(header, context));
            return c.doFinal(wrapped, at + NONCE_BYTES, wrapped.length - at - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new Invalid("the wrapped key does not open under key " + h.keyId() + " version " + h.version() + " with this encryption context");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static byte[] header(String keyId, int version) {
        byte[] id = exactUtf8(keyId);
        if (!Arrays.equals(id, keyId.getBytes(StandardCharsets.UTF_8))) throw new IllegalArgumentException("key id must be well-formed Unicode");
        if (id.length == 0 || id.length > 255) throw new IllegalArgumentException("key id must be 1-255 bytes");
        return ByteBuffer.allocate(2 + id.length + 4).put((byte) FORMAT).put((byte) id.length).put(id).putInt(version).array();
    }

    /** The associated data: label, header, then the context in its one canonical encoding. */
    static byte[] aad(byte[] header, Map<String, String> context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(LABEL);
        out.writeBytes(header);
        for (var e : new TreeMap<>(context == null ? Map.<String, String>of() : context).entrySet()) {
            lengthPrefixed(out, e.getKey());
            lengthPrefixed(out, e.getValue());
        }
        return out.toByteArray();
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, String s) {
        byte[] b = exactUtf8(s == null ? "" : s);
        out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
        out.writeBytes(b);
    }

    /**
     * Each code point as UTF-8; an unpaired surrogate (which {@code codePoints} yields as itself) as the
     * 3-byte form of its value (WTF-8). Code points of a string are unique (a pair always joins), and
     * this encoding of them is prefix-free, so distinct strings get distinct bytes (KMS-6).
     */
    static byte[] exactUtf8(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        s.codePoints().forEach(cp -> {
            if (cp < 0x80) {
                out.write(cp);
            } else if (cp < 0x800) {
                out.write(0xC0 | cp >> 6);
                out.write(0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                out.write(0xE0 | cp >> 12);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            } else {
                out.write(0xF0 | cp >> 18);
                out.write(0x80 | cp >> 12 & 0x3F);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            }
        });
        return out.toByteArray();
    }
}
