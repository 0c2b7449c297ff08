package io.cosd.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy to a local port that can cut one connection abruptly once it has carried a given
 * number of request bytes: a network failure in the middle of an upload, for tests of retries.
 * Bytes pass through unchanged (so signatures stay valid); after the cut it forwards normally.
 */
final class FlakyProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    /** Request bytes still allowed before the cut; negative: disarmed. */
    private final AtomicLong budget = new AtomicLong(-1);
    private volatile boolean open = true;

    FlakyProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() { return server.getLocalPort(); }

    private final AtomicInteger cutsLeft = new AtomicInteger();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile long rearm;

    /**
     * Cuts the connection carrying the request byte that exceeds {@code bytes} from now, then
     * {@code times - 1} more times, each after {@code thenBytes} further request bytes.
     */
    void cutAfter(long bytes, int times, long thenBytes) {
        rearm = thenBytes;
        cutsLeft.set(times);
        budget.set(bytes);
    }

    int cuts() { return cuts.get(); }

    /** Request bytes still to pass before one byte is flipped (data corrupted in transit); negative: off. */
    private final AtomicLong corruptIn = new AtomicLong(-1);
    private final AtomicBoolean corrupted = new AtomicBoolean();

    /** Flips one request byte, {@code bytes} request bytes from now. */
    void corruptAfter(long bytes) {
        corrupted.set(false);
        corruptIn.set(bytes);
    }

    boolean corrupted() { return corrupted.get(); }

    private void accept() {
        while (open) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                Thread.ofVirtual().start(() -> pump(client, upstream, true));
                Thread.ofVirtual().start(() -> pump(upstream, client, false));
            } catch (IOException e) {
                if (!open) return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean request) {
        byte[] buf = new byte[16 << 10];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                if (request) {
                    long left = budget.get();
                    if (left >= 0 && left < n) {
                        cuts.incrementAndGet();
                        budget.set(cutsLeft.decrementAndGet() > 0 ? rearm : -1);
                        from.setSoLinger(true, 0); // RST: the client sees a broken connection
                        to.setSoLinger(true, 0);
                        from.close();
                        to.close();
                        return;
                    }
                    if (left >= 0) budget.addAndGet(-n);
                    long c = corruptIn.get();
                    if (c >= 0) {
                        if (c < n) {
                            buf[(int) c] ^= 0x5A;
                            corruptIn.set(-1);
                            corrupted.set(true);
                        } else {
                            corruptIn.addAndGet(-n);
                        }
                    }
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // the other direction closed: both sockets go
        } finally {
            try { from.close(); } catch (IOException ignored) { }
            try { to.close(); } catch (IOException ignored) { }
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        server.close();
    }
}
