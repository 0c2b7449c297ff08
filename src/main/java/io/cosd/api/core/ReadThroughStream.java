package io.cosd.api.core;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A body wrapper that must see every byte it passes on (a digest or checksum being computed, or an end
 * that must trigger a check): a one-byte read and a skip both go through {@link #read(byte[], int, int)},
 * which the subclass overrides, so no byte escapes it (AUTH-12, docs/checksums.md).
 */
public abstract class ReadThroughStream extends FilterInputStream {
    protected ReadThroughStream(InputStream in) {
        super(in);
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        while ((n = read(one, 0, 1)) == 0) { /* a 1-byte read returns a byte or the end */ }
        return n < 0 ? -1 : one[0] & 0xff;
    }

    /** Skipped bytes would escape what the subclass computes: they are read instead. */
    @Override
    public final long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) break;
            left -= r;
        }
        return n - left;
    }
}
