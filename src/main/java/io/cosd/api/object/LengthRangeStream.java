package io.cosd.api.object;

import io.cosd.api.error.ErrorCode;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The file part of a POST Object as it streams into the blob store, held to the policy's
 * content-length-range (AUTH-P1): one byte past the maximum is EntityTooLarge, the end of the file
 * below the minimum is EntityTooSmall. Both are thrown from {@code read}, inside the write, so the
 * blob is aborted and nothing is stored.
 */
final class LengthRangeStream extends FilterInputStream {
    private final long min;
    private final long max;
    private final boolean byPolicy;
    private long count;

    /** @param byPolicy whether {@code max} is the policy's (its message) rather than the server's size limit */
    LengthRangeStream(InputStream in, long min, long max, boolean byPolicy) {
        super(in);
        this.min = min;
        this.max = max;
        this.byPolicy = byPolicy;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            if (count < min) throw ErrorCode.ENTITY_TOO_SMALL.exception("Your proposed upload is smaller than the minimum allowed size");
            return n;
        }
        count += n;
        if (count > max) {
            throw byPolicy ? ErrorCode.ENTITY_TOO_LARGE.exception("Your proposed upload exceeds the maximum allowed size")
                    : ErrorCode.ENTITY_TOO_LARGE.exception();
        }
        return n;
    }
}
