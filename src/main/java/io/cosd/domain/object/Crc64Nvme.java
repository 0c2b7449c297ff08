package io.cosd.domain.object;

import java.nio.ByteBuffer;

/**
 * CRC-64/NVME, the S3 checksum {@code x-amz-checksum-crc64nvme} (AWS CLI v2's default for uploads):
 * reflected polynomial 0xAD93D23594C93659, initial value and final xor all ones; check value of
 * {@code "123456789"} is 0xAE8B14860A799888. The same slicing-by-8 code as {@link Crc64} ({@link SlicingCrc64})
 * with another polynomial. Pure; a mutable accumulator for one stream, not thread-safe.
 */
public final class Crc64Nvme {
    static final long POLY_REFLECTED = Long.reverse(0xAD93D23594C93659L);
    private static final long[] T = SlicingCrc64.tables(POLY_REFLECTED);

    private long reg = ~0L;

    public long value() { return ~reg; }

    public Crc64Nvme update(byte[] b, int off, int len) {
        reg = SlicingCrc64.update(T, reg, b, off, len);
        return this;
    }

    /** The 8 bytes S3 sends base64-encoded: the value big-endian. */
    public byte[] bytes() {
        return ByteBuffer.allocate(8).putLong(value()).array();
    }
}
