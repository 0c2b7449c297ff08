package io.cosd.domain.object;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The S3 additional checksum algorithms (docs/checksums.md, OBJ-K1): what {@code x-amz-checksum-<alg>}
 * names, how many bytes its value has, and a fresh accumulator for it. The three CRCs can be combined
 * without their bytes ({@link CrcCombine}), so only they allow the FULL_OBJECT type on a multipart upload
 * (OBJ-K6). Pure: no I/O.
 */
public enum ChecksumAlgorithm {
    CRC32(4, 0xEDB88320L),
    CRC32C(4, 0x82F63B78L),
    CRC64NVME(8, Long.reverse(0xAD93D23594C93659L)),
    SHA1(20, 0),
    SHA256(32, 0);

    private final int size;
    /** The reflected polynomial of a CRC, 0 for a digest. */
    private final long polyReflected;

    ChecksumAlgorithm(int size, long polyReflected) {
        this.size = size;
        this.polyReflected = polyReflected;
    }

    /** The value's size in bytes (before base64). */
    public int size() { return size; }

    public boolean isCrc() { return polyReflected != 0; }

    /** {@code crc32}, as in the header name {@code x-amz-checksum-crc32}. */
    public String lower() { return name().toLowerCase(Locale.ROOT); }

    /** {@code x-amz-checksum-crc32}. */
    public String header() { return "x-amz-checksum-" + lower(); }

    /** The XML element S3 names the value with: {@code ChecksumCRC32}. */
    public String element() { return "Checksum" + name(); }

    /** The algorithm a header or field value names, any case ({@code crc32}, {@code CRC32}); empty for any other. */
    public static Optional<ChecksumAlgorithm> parse(String s) {
        if (s == null) return Optional.empty();
        for (ChecksumAlgorithm a : values()) if (a.name().equalsIgnoreCase(s.trim())) return Optional.of(a);
        return Optional.empty();
    }

    /** A new accumulator. */
    public Digest newDigest() {
        return switch (this) {
            case CRC32 -> crc32(new CRC32());
            case CRC32C -> crc32(new CRC32C());
            case CRC64NVME -> {
                var c = new Crc64Nvme();
                yield new Digest() {
                    public void update(byte[] b, int off, int len) { c.update(b, off, len); }

                    public byte[] bytes() { return c.bytes(); }
                };
            }
            case SHA1 -> md("SHA-1");
            case SHA256 -> md("SHA-256");
        };
    }

    /** The value of {@code data} (tests, composite checksums). */
    public byte[] of(byte[] data) {
        Digest d = newDigest();
        d.update(data, 0, data.length);
        return d.bytes();
    }

    /** The CRC of A followed by B from both values and B's length ({@link CrcCombine}); only for a CRC. */
    public byte[] combine(byte[] crcA, byte[] crcB, long lenB) {
        return combiner().combine(crcA, crcB, lenB);
    }

    /** A combiner that keeps the shift operator of the last length it saw (an upload's parts share one size). */
    public Combiner combiner() {
        if (!isCrc()) throw new IllegalStateException(this + " is not a CRC");
        return new Combiner();
    }

    /** {@link #combine} for many runs in a row; not thread-safe. */
    public final class Combiner {
        private long lastLength = -1;
        private long[] lastShift;

        private Combiner() {}

        public byte[] combine(byte[] crcA, byte[] crcB, long lenB) {
            if (lenB != lastLength) {
                lastShift = CrcCombine.shift(polyReflected, size * 8, lenB);
                lastLength = lenB;
            }
            long r = CrcCombine.apply(lastShift, unsigned(crcA)) ^ unsigned(crcB);
            return size == 8 ? ByteBuffer.allocate(8).putLong(r).array() : ByteBuffer.allocate(4).putInt((int) r).array();
        }
    }

    private static long unsigned(byte[] v) {
        long r = 0;
        for (byte b : v) r = (r << 8) | (b & 0xff);
        return r;
    }

    /** One stream's accumulator: bytes in, the value (big-endian for a CRC, as S3 sends it) out. */
    public interface Digest {
        void update(byte[] b, int off, int len);

        byte[] bytes();

        /**
         * The buffer's remaining bytes, without moving its position: from an off-heap buffer directly where
         * the digest reads buffers (the JDK's CRC32, CRC32C, SHA-1 and SHA-256), else copied through
         * {@code scratch} (not null when {@link #needsScratch()}).
         */
        default void update(ByteBuffer bb, byte[] scratch) {
            for (ByteBuffer in = bb.duplicate(); in.hasRemaining(); ) {
                int n = Math.min(scratch.length, in.remaining());
                in.get(scratch, 0, n);
                update(scratch, 0, n);
            }
        }

        /** True when {@link #update(ByteBuffer, byte[])} copies through its scratch array. */
        default boolean needsScratch() {
            return true;
        }
    }

    private static Digest crc32(java.util.zip.Checksum c) {
        return new Digest() {
            public void update(byte[] b, int off, int len) { c.update(b, off, len); }

            public void update(ByteBuffer bb, byte[] scratch) { c.update(bb.duplicate()); }

            public boolean needsScratch() { return false; }

            public byte[] bytes() { return ByteBuffer.allocate(4).putInt((int) c.getValue()).array(); }
        };
    }

    private static Digest md(String name) {
        MessageDigest md = io.cosd.domain.signing.Hashes.digest(name); // a cloned prototype: no provider lookup per body
        return new Digest() {
            public void update(byte[] b, int off, int len) { md.update(b, off, len); }

            public void update(ByteBuffer bb, byte[] scratch) { md.update(bb.duplicate()); }

            public boolean needsScratch() { return false; }

            public byte[] bytes() { return md.digest(); }
        };
    }
}
