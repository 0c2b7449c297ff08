package io.cosd.domain.object;

/**
 * The CRC of two adjacent byte runs from their CRCs and the second run's length, for any reflected CRC
 * of width 32 or 64 with initial value and final xor all ones (CRC32, CRC32C, CRC64NVME): a multipart
 * upload's FULL_OBJECT checksum from its parts' values without re-reading a byte (OBJ-K6). The same
 * GF(2) matrix method as {@link Crc64#combine}, with the polynomial and width as parameters. Pure.
 */
final class CrcCombine {
    private CrcCombine() {}

    static long combine(long polyReflected, int width, long crcA, long crcB, long lenB) {
        if (lenB < 0) throw new IllegalArgumentException("negative length " + lenB);
        if (lenB == 0) return crcA ^ crcB;
        long[] oneBit = new long[width];
        oneBit[0] = polyReflected;
        for (int n = 1; n < width; n++) oneBit[n] = 1L << (n - 1);
        long[] op = square(square(square(oneBit))); // one zero byte
        long a = crcA;
        for (long n = lenB; ; ) {
            if ((n & 1) != 0) a = times(op, a);
            n >>>= 1;
            if (n == 0) break;
            op = square(op);
        }
        return a ^ crcB;
    }

    private static long times(long[] m, long v) {
        long r = 0;
        for (int i = 0; v != 0 && i < m.length; i++, v >>>= 1) if ((v & 1) != 0) r ^= m[i];
        return r;
    }

    private static long[] square(long[] m) {
        long[] sq = new long[m.length];
        for (int n = 0; n < m.length; n++) sq[n] = times(m, m[n]);
        return sq;
    }
}
