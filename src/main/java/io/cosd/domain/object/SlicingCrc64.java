package io.cosd.domain.object;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The table-driven machinery shared by the reflected 64-bit CRCs ({@link Crc64}, ECMA-182 for
 * {@code x-cos-hash-crc64ecma}; {@link Crc64Nvme} for {@code x-amz-checksum-crc64nvme}): slicing-by-16,
 * sixteen 256-entry tables in one array (entry i of table k at {@code k * 256 + i}: one indirection
 * less), two little-endian 8-byte words per step (slicing-by-8 for a last 8 to 15 bytes), because a
 * CRC runs on every byte of every PUT (bench/README.md "CRC64" and "PUT path CPU": 16 bytes a step
 * took 28% off the CPU per MiB of 8). Only the polynomial differs between them. Pure, stateless.
 *
 * <p>CRC64-ECMA, computed over every PUT's bytes, has its own loops ({@link #updateEcma}): two chains
 * over a constant table. One slicing-by-16 step depends on the one before (its table loads wait for
 * the register), so a long input is taken as pairs of {@link #BLOCK}-byte runs, the first from the
 * register, the second from zero, whose loads the CPU overlaps; they are joined by the linearity of
 * the unconditioned register, {@code reg(AB) = Z^|B|(reg(A)) ^ reg0(B)}, where {@code Z^|B|} (feeding
 * |B| zero bytes) is a fixed matrix for the fixed |B|, applied as eight more table lookups. The
 * table must be a {@code static final} constant for the JIT to drop the bounds checks of the
 * lookups: with the table as a parameter the two chains gained 0-12%, with the constant about 40%
 * (docs/performance.md "The 1 MiB PUT").
 */
final class SlicingCrc64 {
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Bytes of each run of a pair. */
    static final int BLOCK = 4096;
    /** Slicing tables of CRC64-ECMA ({@link Crc64}), then the eight tables of Z^BLOCK ({@link #shiftTables}). */
    private static final long[] ECMA = tables(Crc64.POLY_REFLECTED);
    private static final long[] ECMA_SHIFT = shiftTables(ECMA);

    private SlicingCrc64() {}

    /** As {@link #update(long[], long, byte[], int, int)} for CRC64-ECMA, two chains at a time. */
    static long updateEcma(long reg, byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        long r = reg;
        int i = off, end = off + len;
        for (; end - i >= 2 * BLOCK; i += 2 * BLOCK) {
            long a = r, z = 0;
            for (int j = i, k = i + BLOCK, stop = i + BLOCK; j < stop; j += 16, k += 16) {
                a = slice16(ECMA, a ^ (long) LE_LONG.get(b, j), (long) LE_LONG.get(b, j + 8));
                z = slice16(ECMA, z ^ (long) LE_LONG.get(b, k), (long) LE_LONG.get(b, k + 8));
            }
            r = shiftEcma(a) ^ z;
        }
        return update(ECMA, r, b, i, end - i);
    }

    /** As {@link #update(long[], long, ByteBuffer)} for CRC64-ECMA, two chains at a time. */
    static long updateEcma(long reg, ByteBuffer buf) {
        if (buf.hasArray()) {
            long r = updateEcma(reg, buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
            buf.position(buf.limit());
            return r;
        }
        ByteBuffer le = buf.order() == ByteOrder.LITTLE_ENDIAN ? buf : buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long r = reg;
        int i = buf.position(), end = buf.limit();
        for (; end - i >= 2 * BLOCK; i += 2 * BLOCK) {
            long a = r, z = 0;
            for (int j = i, k = i + BLOCK, stop = i + BLOCK; j < stop; j += 16, k += 16) {
                a = slice16(ECMA, a ^ le.getLong(j), le.getLong(j + 8));
                z = slice16(ECMA, z ^ le.getLong(k), le.getLong(k + 8));
            }
            r = shiftEcma(a) ^ z;
        }
        buf.position(i);
        return update(ECMA, r, buf);
    }

    /** The unconditioned CRC64-ECMA register {@code r} after {@link #BLOCK} zero bytes: byte k of r through table k. */
    private static long shiftEcma(long r) {
        long[] s = ECMA_SHIFT;
        return s[(int) r & 0xff] ^ s[256 + ((int) (r >>> 8) & 0xff)] ^ s[2 * 256 + ((int) (r >>> 16) & 0xff)]
                ^ s[3 * 256 + ((int) (r >>> 24) & 0xff)] ^ s[4 * 256 + ((int) (r >>> 32) & 0xff)]
                ^ s[5 * 256 + ((int) (r >>> 40) & 0xff)] ^ s[6 * 256 + ((int) (r >>> 48) & 0xff)] ^ s[7 * 256 + (int) (r >>> 56)];
    }

    /**
     * Z^BLOCK as eight tables: entry i of table k is the register holding only byte i at byte k, after
     * {@link #BLOCK} zero bytes (the map is linear over GF(2), so a register's image is the xor of its bytes').
     */
    static long[] shiftTables(long[] t) {
        long[] bit = new long[64]; // register bit n alone, after BLOCK zero bytes
        for (int n = 0; n < 64; n++) {
            long r = 1L << n;
            for (int z = 0; z < BLOCK; z++) r = t[(int) r & 0xff] ^ (r >>> 8);
            bit[n] = r;
        }
        long[] s = new long[8 * 256];
        for (int k = 0; k < 8; k++) {
            for (int i = 0; i < 256; i++) {
                long r = 0;
                for (int j = 0; j < 8; j++) if ((i >>> j & 1) != 0) r ^= bit[8 * k + j];
                s[k * 256 + i] = r;
            }
        }
        return s;
    }

    /** The register {@code reg} after {@code b[off, off+len)}. */
    static long update(long[] t, long reg, byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        long r = reg;
        int i = off, end = off + len;
        for (; end - i >= 16; i += 16) r = slice16(t, r ^ (long) LE_LONG.get(b, i), (long) LE_LONG.get(b, i + 8));
        for (; end - i >= 8; i += 8) r = slice8(t, r ^ (long) LE_LONG.get(b, i)); // 8 bytes, first byte lowest
        for (; i < end; i++) r = step(t, r, b[i]);
        return r;
    }

    /**
     * The register after the buffer's remaining bytes (its position moves to its limit). An
     * off-heap buffer (a received network buffer, docs/performance.md "The 1 MiB PUT") is read
     * 16 bytes a step with little-endian long loads, as an array is.
     */
    static long update(long[] t, long reg, ByteBuffer buf) {
        if (buf.hasArray()) {
            long r = update(t, reg, buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
            buf.position(buf.limit());
            return r;
        }
        ByteBuffer le = buf.order() == ByteOrder.LITTLE_ENDIAN ? buf : buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long r = reg;
        int i = buf.position(), end = buf.limit();
        for (; end - i >= 16; i += 16) r = slice16(t, r ^ le.getLong(i), le.getLong(i + 8));
        for (; end - i >= 8; i += 8) r = slice8(t, r ^ le.getLong(i));
        for (; i < end; i++) r = step(t, r, le.get(i));
        buf.position(end);
        return r;
    }

    /** One byte through the register. */
    static long step(long[] t, long r, byte b) {
        return t[(int) (r ^ b) & 0xff] ^ (r >>> 8);
    }

    /** Eight bytes, already xored into the register, lowest byte first. */
    static long slice8(long[] t, long r) {
        // The lowest byte entered first, so 7 more bytes follow it: table 7; the highest byte: table 0.
        return t[7 * 256 + ((int) r & 0xff)] ^ t[6 * 256 + ((int) (r >>> 8) & 0xff)] ^ t[5 * 256 + ((int) (r >>> 16) & 0xff)]
                ^ t[4 * 256 + ((int) (r >>> 24) & 0xff)] ^ t[3 * 256 + ((int) (r >>> 32) & 0xff)]
                ^ t[2 * 256 + ((int) (r >>> 40) & 0xff)] ^ t[256 + ((int) (r >>> 48) & 0xff)] ^ t[(int) (r >>> 56)];
    }

    /**
     * Sixteen bytes: {@code r}, the first eight already xored into the register, then {@code w}, the
     * next eight, each lowest byte first. Byte j of the sixteen is followed by 15 - j more: table 15 - j.
     */
    static long slice16(long[] t, long r, long w) {
        return t[15 * 256 + ((int) r & 0xff)] ^ t[14 * 256 + ((int) (r >>> 8) & 0xff)] ^ t[13 * 256 + ((int) (r >>> 16) & 0xff)]
                ^ t[12 * 256 + ((int) (r >>> 24) & 0xff)] ^ t[11 * 256 + ((int) (r >>> 32) & 0xff)]
                ^ t[10 * 256 + ((int) (r >>> 40) & 0xff)] ^ t[9 * 256 + ((int) (r >>> 48) & 0xff)] ^ t[8 * 256 + (int) (r >>> 56)]
                ^ t[7 * 256 + ((int) w & 0xff)] ^ t[6 * 256 + ((int) (w >>> 8) & 0xff)] ^ t[5 * 256 + ((int) (w >>> 16) & 0xff)]
                ^ t[4 * 256 + ((int) (w >>> 24) & 0xff)] ^ t[3 * 256 + ((int) (w >>> 32) & 0xff)]
                ^ t[2 * 256 + ((int) (w >>> 40) & 0xff)] ^ t[256 + ((int) (w >>> 48) & 0xff)] ^ t[(int) (w >>> 56)];
    }

    /** Table 0: one byte through the register; table k: the same byte followed by k zero bytes. */
    static long[] tables(long polyReflected) {
        long[] t = new long[16 * 256];
        for (int i = 0; i < 256; i++) {
            long r = i;
            for (int bit = 0; bit < 8; bit++) r = (r & 1) != 0 ? (r >>> 1) ^ polyReflected : r >>> 1;
            t[i] = r;
        }
        for (int k = 1; k < 16; k++) {
            for (int i = 0; i < 256; i++) {
                long prev = t[(k - 1) * 256 + i];
                t[k * 256 + i] = (prev >>> 8) ^ t[(int) prev & 0xff];
            }
        }
        return t;
    }
}
