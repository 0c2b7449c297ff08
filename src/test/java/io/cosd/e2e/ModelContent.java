package io.cosd.e2e;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An object's bytes as the model keeps them: a recipe, not the bytes. Each segment is a run of a
 * seeded pseudo-random stream whose byte at any offset is computed on its own (SplitMix64 of the seed
 * and the offset's 8-byte block), so a multipart object or a ranged part copy is a list of slices of
 * other objects' streams, and a run of thousands of steps holds a few KiB of recipes instead of
 * hundreds of MiB of bytes (ObjectModelE2eTest). Immutable.
 */
final class ModelContent {
    record Seg(long seed, long start, long length) {}

    static final ModelContent EMPTY = new ModelContent(List.of());

    private final List<Seg> segs;
    final long length;
    private String md5;
    private String sha256;

    private ModelContent(List<Seg> segs) {
        this.segs = List.copyOf(segs);
        long n = 0;
        for (Seg s : segs) n += s.length();
        this.length = n;
    }

    static ModelContent random(long seed, long length) {
        return length == 0 ? EMPTY : new ModelContent(List.of(new Seg(seed, 0, length)));
    }

    /** Bytes {@code [from, to)} of this content. */
    ModelContent slice(long from, long to) {
        if (from < 0 || to > length || from > to) throw new IllegalArgumentException(from + ".." + to + " of " + length);
        List<Seg> out = new ArrayList<>();
        long at = 0;
        for (Seg s : segs) {
            long a = Math.max(from, at), b = Math.min(to, at + s.length());
            if (a < b) out.add(new Seg(s.seed(), s.start() + (a - at), b - a));
            at += s.length();
        }
        return new ModelContent(out);
    }

    ModelContent concat(ModelContent next) {
        List<Seg> out = new ArrayList<>(segs);
        out.addAll(next.segs);
        return new ModelContent(out);
    }

    /** The bytes themselves (objects in the model are at most a few MiB). */
    byte[] bytes() {
        byte[] b = new byte[Math.toIntExact(length)];
        int at = 0;
        for (Seg s : segs) {
            for (long i = 0; i < s.length(); i++) b[at++] = at(s.seed(), s.start() + i);
        }
        return b;
    }

    /** Lower-case hex MD5 of the bytes. */
    String md5Hex() {
        if (md5 == null) md5 = hex("MD5", bytes());
        return md5;
    }

    /** The ETag a plain (or SSE-S3) single PUT of these bytes gets: the quoted MD5. */
    String plainEtag() {
        return "\"" + md5Hex() + "\"";
    }

    String sha256Hex() {
        if (sha256 == null) sha256 = hex("SHA-256", bytes());
        return sha256;
    }

    static String hex(String algorithm, byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Byte {@code pos} of stream {@code seed}: random access, so no prefix is ever generated. */
    static byte at(long seed, long pos) {
        long z = seed * 0x9E3779B97F4A7C15L + (pos >>> 3) + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (byte) (z >>> ((pos & 7) * 8));
    }

    @Override
    public String toString() {
        return length + " bytes";
    }
}
