package io.cosd.domain.object;

import java.util.Base64;

/**
 * An S3 additional checksum stored with a version or a part (docs/checksums.md): its algorithm, its
 * type and its value. A FULL_OBJECT value is the algorithm over every byte; a COMPOSITE value (multipart
 * only) is the algorithm over the parts' raw values concatenated, shown with {@code -N}, N the number of
 * parts (OBJ-K5). Pure.
 *
 * @param base64 the value's bytes in base64, without the {@code -N}
 * @param parts  N for a COMPOSITE value, 0 for FULL_OBJECT
 */
public record ObjectChecksum(ChecksumAlgorithm algorithm, Type type, String base64, int parts) {
    public enum Type { COMPOSITE, FULL_OBJECT }

    public ObjectChecksum {
        if (algorithm == null || type == null || base64 == null) throw new IllegalArgumentException("incomplete checksum");
        if ((type == Type.COMPOSITE) != (parts > 0)) throw new IllegalArgumentException("a COMPOSITE checksum has parts, only it");
    }

    /** The FULL_OBJECT checksum with these raw bytes. */
    public static ObjectChecksum full(ChecksumAlgorithm algorithm, byte[] value) {
        return new ObjectChecksum(algorithm, Type.FULL_OBJECT, Base64.getEncoder().encodeToString(value), 0);
    }

    /** The raw value (of a COMPOSITE one: the checksum of checksums). */
    public byte[] bytes() {
        return Base64.getDecoder().decode(base64);
    }

    /** As S3 sends it in {@code x-amz-checksum-<alg>} and {@code <Checksum…>}: base64, and {@code -N} when COMPOSITE. */
    public String wire() {
        return type == Type.COMPOSITE ? base64 + "-" + parts : base64;
    }

    /** The stored form (one text column): {@code "<ALG> <TYPE> <wire>"}. */
    public String encode() {
        return algorithm.name() + " " + type.name() + " " + wire();
    }

    /** The inverse of {@link #encode}; null for null. */
    public static ObjectChecksum decode(String s) {
        if (s == null) return null;
        String[] f = s.split(" ", 3);
        if (f.length != 3) throw new IllegalArgumentException("not a stored checksum: " + s);
        Type type = Type.valueOf(f[1]);
        ChecksumAlgorithm alg = ChecksumAlgorithm.valueOf(f[0]);
        if (type == Type.FULL_OBJECT) return new ObjectChecksum(alg, type, f[2], 0);
        int dash = f[2].lastIndexOf('-');
        return new ObjectChecksum(alg, type, f[2].substring(0, dash), Integer.parseInt(f[2].substring(dash + 1)));
    }
}
