package io.cosd.domain.object;

import java.nio.ByteBuffer;

/**
 * CRC-64/ECMA-182 as COS computes it for {@code x-cos-hash-crc64ecma} (the CRC-64/XZ parameters:
 * reflected polynomial 0x42F0E1EBA9EA3693, initial value and final xor all ones). COS shows the
 * value as an unsigned decimal ({@link #toString(long)}); {@code "hello world"} →
 * 5981764153023615706. Pure; a mutable accumulator for one stream, not thread-safe.
 *
 * <p>Updates use slicing-by-16 in two chains ({@link SlicingCrc64#updateEcma}) because the CRC runs on every byte of every
 * PUT, next to MD5 (bench/README.md "CRC64"). {@link #combine} joins the CRCs of two adjacent byte runs
 * without their bytes (multipart completion), by the GF(2) matrix method.
 */
public final class Crc64 {
    /** The ECMA-182 polynomial, bit-reversed for the LSB-first (reflected) register. */
    static final long POLY_REFLECTED = Long.reverse(0x42F0E1EBA9EA3693L); // 0xC96C5795D7870F42

    /** The register, pre-conditioned (initial value all ones, final xor not yet applied). */
    private long reg = ~0L;

    /** The CRC of the bytes so far (of none: 0). */
    public long value() {
        return ~reg;
    }

    public Crc64 update(byte[] b, int off, int len) {
        reg = SlicingCrc64.updateEcma(reg, b, off, len);
        return this;
    }

    public Crc64 update(byte[] b) {
        return update(b, 0, b.length);
    }

    /** Consumes the buffer's remaining bytes (position moves to the limit); on-heap or not, 16 bytes a step. */
    public Crc64 update(ByteBuffer buf) {
        reg = SlicingCrc64.updateEcma(reg, buf);
        return this;
    }

    public static long of(byte[] b) {
        return new Crc64().update(b).value();
    }

    /** The header form: unsigned decimal (values above 2^63 - 1 are common). */
    public static String toString(long crc) {
        return Long.toUnsignedString(crc);
    }

    /**
     * The CRC of A followed by B, from {@code crcA}, {@code crcB} and B's length alone.
     *
     * <p>Why it works: without its pre/post conditioning a CRC register is linear over GF(2), and
     * feeding a byte is "multiply the 64-bit register by a fixed 64×64 matrix, then xor in a term
     * that depends only on the byte". With init = final xor = all ones the conditioning cancels
     * out, so {@code crc(AB) = Z^lenB · crc(A) ⊕ crc(B)}, where Z is the matrix that feeds one zero
     * byte. Z^lenB is built by repeated squaring (log2(lenB) squarings of 64×64 bit matrices), so
     * the cost does not depend on the data size. Empty B: {@code crcB = 0}, the result is crc(A).
     */
    public static long combine(long crcA, long crcB, long lenB) {
        if (lenB < 0) throw new IllegalArgumentException("negative length " + lenB);
        if (lenB == 0) return crcA ^ crcB;
        // One zero *bit* into the reflected register: shift right, and xor the polynomial when the
        // bit shifted out was 1. Column n of the matrix is the image of register bit n.
        long[] oneBit = new long[64];
        oneBit[0] = POLY_REFLECTED;
        for (int n = 1; n < 64; n++) oneBit[n] = 1L << (n - 1);
        long[] op = square(square(square(oneBit))); // 2, 4, then 8 zero bits: one zero byte
        long a = crcA;
        // Binary expansion of lenB: apply Z^(2^k) for each set bit k, squaring Z as k grows.
        for (long n = lenB; ; ) {
            if ((n & 1) != 0) a = times(op, a);
            n >>>= 1;
            if (n == 0) break;
            op = square(op);
        }
        return a ^ crcB;
    }

    /** Matrix × vector over GF(2): xor of the columns whose bit is set in {@code v}. */
    private static long times(long[] m, long v) {
        long r = 0;
        for (int i = 0; v != 0; i++, v >>>= 1) if ((v & 1) != 0) r ^= m[i];
        return r;
    }

    private static long[] square(long[] m) {
        long[] sq = new long[64];
        for (int n = 0; n < 64; n++) sq[n] = times(m, m[n]);
        return sq;
    }
}
