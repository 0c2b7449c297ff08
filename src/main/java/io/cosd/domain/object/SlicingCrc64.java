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
 */
final class SlicingCrc64 {
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private SlicingCrc64() {}

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
