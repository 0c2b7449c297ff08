package io.cosd.domain.object;

/**
 * The CRC of two adjacent byte runs from their CRCs and the second run's length, for any reflected CRC
 * of width 32 or 64 with initial value and final xor all ones (CRC32, CRC32C, CRC64NVME): a multipart
 * upload's FULL_OBJECT checksum from its parts' values without re-reading a byte (OBJ-K6). The same
 * GF(2) matrix method as {@link Crc64#combine}, with the polynomial and width as parameters. Pure.
 *
 * <p>The operator "append {@code len} zero bytes" ({@link #shift}) costs log2(len) matrix squarings;
 * the parts of an upload but the last share one size, so a completion builds it once per size
 * ({@link ChecksumAlgorithm#combine}) rather than once per part.
 */
final class CrcCombine {
    private CrcCombine() {}

    static long combine(long polyReflected, int width, long crcA, long crcB, long lenB) {
        return apply(shift(polyReflected, width, lenB), crcA) ^ crcB;
    }

    /** The matrix that feeds {@code len} zero bytes into the register (identity for 0). */
    static long[] shift(long polyReflected, int width, long len) {
        if (len < 0) throw new IllegalArgumentException("negative length " + len);
        long[] result = new long[width];
        for (int n = 0; n < width; n++) result[n] = 1L << n; // identity
        if (len == 0) return result;
        long[] oneBit = new long[width];
        oneBit[0] = polyReflected;
        for (int n = 1; n < width; n++) oneBit[n] = 1L << (n - 1);
        long[] op = square(square(square(oneBit))); // one zero byte
        for (long n = len; ; ) {
            if ((n & 1) != 0) result = multiply(op, result);
            n >>>= 1;
            if (n == 0) break;
            op = square(op);
        }
        return result;
    }

    /** The shift applied to a register value. */
    static long apply(long[] m, long v) {
        long r = 0;
        for (int i = 0; v != 0 && i < m.length; i++, v >>>= 1) if ((v & 1) != 0) r ^= m[i];
        return r;
    }

    private static long[] square(long[] m) {
        return multiply(m, m);
    }

    /** a·b: column n of the product is a applied to column n of b. */
    private static long[] multiply(long[] a, long[] b) {
        long[] p = new long[b.length];
        for (int n = 0; n < b.length; n++) p[n] = apply(a, b[n]);
        return p;
    }
}
