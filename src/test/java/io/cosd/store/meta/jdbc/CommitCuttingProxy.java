package io.cosd.store.meta.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP relay in front of the test PostgreSQL that, once armed, loses the answer to one COMMIT: on a
 * connection whose client sent {@code trigger} (e.g. {@code INSERT INTO objects}), it forwards that
 * connection's next COMMIT to the server, lets the server carry it out, and then closes the
 * connection without relaying the answer, as a network partition at that moment would. The driver
 * sees an I/O error (SQLSTATE 08006) for a transaction that did commit. Clients must send the
 * statement text with every execution ({@code prepareThreshold=0}), so the relay can see it.
 * {@link #stall} instead makes every connection a half-open one: bytes are read and never passed on,
 * in either direction, and no connection is closed, as a silent partition or a frozen server would.
 */
public final class CommitCuttingProxy implements AutoCloseable {
    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);
    private final ServerSocket listening;
    private final int target;
    private final AtomicBoolean armed = new AtomicBoolean();
    private final CountDownLatch cut = new CountDownLatch(1);
    private volatile byte[] trigger;
    private volatile boolean stalled;

    public CommitCuttingProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    public int port() { return listening.getLocalPort(); }

    /** Loses the answer to the next COMMIT of a connection that sent {@code sqlTrigger} after this call. */
    public void arm(String sqlTrigger) {
        trigger = sqlTrigger.getBytes(StandardCharsets.UTF_8);
        armed.set(true);
    }

    /** From now on nothing is relayed and nothing closed: every connection hangs (ST-P7). */
    public void stall() { stalled = true; }

    /**
     * The next connection whose client sends {@code sqlTrigger} after this call passes that on to the
     * server and then goes silent for good, while the server's transaction is open: nothing more is
     * relayed either way and the server's side is never closed, even when the client gives up, as a
     * node partitioned away in the middle of a transaction leaves it (ST-P9).
     */
    public void freezeAfter(String sqlTrigger) {
        freezeTrigger = sqlTrigger.getBytes(StandardCharsets.UTF_8);
    }

    private volatile byte[] freezeTrigger;

    /** Relays again (a connection that gave up meanwhile is gone for good). */
    public void resume() { stalled = false; }

    private void waitWhileStalled() throws InterruptedException {
        while (stalled) Thread.sleep(20);
    }

    /** Whether one COMMIT's answer was lost within the time given. */
    public boolean awaitCut(long seconds) throws InterruptedException {
        return cut.await(seconds, TimeUnit.SECONDS);
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                AtomicBoolean mute = new AtomicBoolean();
                Thread.ofVirtual().start(() -> toServer(client, server, mute));
                Thread.ofVirtual().start(() -> toClient(server, client, mute));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void toServer(Socket client, Socket server, AtomicBoolean mute) {
        boolean dirty = false;
        byte[] buf = new byte[64 * 1024];
        try (client; server; InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                byte[] t = trigger;
                if (armed.get() && t != null && contains(buf, n, t)) dirty = true;
                boolean lose = dirty && contains(buf, n, COMMIT) && armed.compareAndSet(true, false);
                if (lose) mute.set(true); // before the server can answer it: the answer is never relayed
                byte[] f = freezeTrigger;
                if (f != null && contains(buf, n, f)) {
                    freezeTrigger = null;
                    mute.set(true);
                    out.write(buf, 0, n);
                    out.flush();
                    while (!listening.isClosed()) Thread.sleep(50); // holds both sockets open, reads nothing more
                    return;
                }
                waitWhileStalled();
                out.write(buf, 0, n);
                out.flush();
                if (lose) {
                    Thread.sleep(300); // the server commits and answers; the answer is dropped with the connection
                    cut.countDown();
                    return;
                }
            }
        } catch (IOException | InterruptedException ignored) {
            // either side closed
        }
    }

    private void toClient(Socket from, Socket to, AtomicBoolean mute) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                if (mute.get()) continue;
                waitWhileStalled();
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException ignored) {
            // either side closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private static boolean contains(byte[] buf, int n, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= n; i++) {
            for (int j = 0; j < what.length; j++) if (buf[i + j] != what[j]) continue outer;
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }
}
