package io.cosd.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request body of {@code total} bytes of one letter that stops after {@code half} of them until
 * {@link #release()}: the server has dispatched the request and holds half its body, so a test can change
 * the bucket meanwhile (races between a write in flight and a configuration).
 */
final class HalfwayBody extends InputStream {
    private final int total, half;
    private final byte fill;
    private final CountDownLatch started = new CountDownLatch(1), release = new CountDownLatch(1);
    private int sent;

    HalfwayBody(int total, int half, char fill) {
        this.total = total;
        this.half = half;
        this.fill = (byte) fill;
    }

    /** Waits until the first half has been read. */
    boolean awaitHalf() throws InterruptedException {
        return started.await(20, TimeUnit.SECONDS);
    }

    /** Lets the second half go. */
    void release() {
        release.countDown();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (sent >= total) return -1;
        if (sent >= half) {
            started.countDown();
            try {
                if (!release.await(20, TimeUnit.SECONDS)) throw new IOException("never released");
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
        int n = Math.min(len, (sent < half ? half : total) - sent);
        java.util.Arrays.fill(buf, off, off + n, fill);
        sent += n;
        return n;
    }
}
