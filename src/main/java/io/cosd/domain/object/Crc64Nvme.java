package io.cosd.domain.object;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * CRC-64/NVME, the S3 checksum {@code x-amz-checksum-crc64nvme} (AWS CLI v2's default for uploads):
 * reflected polynomial 0xAD93D23594C93659, initial value and final xor all ones; check value of
 * {@code "123456789"} is 0xAE8B14860A799888. Same slicing-by-8 shape as {@link Crc64} with another
 * polynomial. Pure; a mutable accumulator for one stream, not thread-safe.
 */
public final class Crc64Nvme {
    static final long POLY_REFLECTED = Long.reverse(0xAD93D23594C93659L);
    private static final long[] T = tables();
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long reg = ~0L;

    public long value() { return ~reg; }

    public Crc64Nvme update(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        long r = reg;
        int i = off, end = off + len;
        for (; end - i >= 8; i += 8) {
            long x = r ^ (long) LE_LONG.get(b, i);
            r = T[7 * 256 + ((int) x & 0xff)] ^ T[6 * 256 + ((int) (x >>> 8) & 0xff)] ^ T[5 * 256 + ((int) (x >>> 16) & 0xff)]
                    ^ T[4 * 256 + ((int) (x >>> 24) & 0xff)] ^ T[3 * 256 + ((int) (x >>> 32) & 0xff)]
                    ^ T[2 * 256 + ((int) (x >>> 40) & 0xff)] ^ T[256 + ((int) (x >>> 48) & 0xff)] ^ T[(int) (x >>> 56)];
        }
        for (; i < end; i++) r = T[(int) (r ^ b[i]) & 0xff] ^ (r >>> 8);
        reg = r;
        return this;
    }

    /** The 8 bytes S3 sends base64-encoded: the value big-endian. */
    public byte[] bytes() {
        return java.nio.ByteBuffer.allocate(8).putLong(value()).array();
    }

    private static long[] tables() {
        long[] t = new long[8 * 256];
        for (int i = 0; i < 256; i++) {
            long r = i;
            for (int bit = 0; bit < 8; bit++) r = (r & 1) != 0 ? (r >>> 1) ^ POLY_REFLECTED : r >>> 1;
            t[i] = r;
        }
        for (int k = 1; k < 8; k++) {
            for (int i = 0; i < 256; i++) {
                long prev = t[(k - 1) * 256 + i];
                t[k * 256 + i] = (prev >>> 8) ^ t[(int) prev & 0xff];
            }
        }
        return t;
    }
}
