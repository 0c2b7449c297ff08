package io.cosd.api.http;

import io.cosd.service.BodyPieces;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Socket reads of a large body (docs/performance.md "The 1 MiB PUT"): once the body's bytes wait in
 * the socket, the edge reads them in pieces larger than Netty's default 64 KiB read, up to
 * {@link HttpServer#RECV_MAX}, so a 1 MiB body costs fewer reads, fewer file writes and fewer
 * hand-offs to its handler. Through a real server on a loopback socket.
 */
class LargeReadTest {
    @Test
    void aLargeBodyWaitingInTheSocketArrivesInPiecesLargerThan64KiBAndAtMost256KiB() throws Exception {
        int size = 1 << 20;
        AtomicInteger largest = new AtomicInteger();
        AtomicLong total = new AtomicLong();
        var writer = new CompletableFuture<Thread>();
        try (HttpServer server = new HttpServer("127.0.0.1", 0, HttpServer.Limits.defaults(), ex -> {
            try {
                // Nothing is read before the handler reads: it first waits until the body has queued in
                // the socket, that is until the client can write no more (its virtual thread parked in
                // the socket write: the buffers are full) or has written it all.
                Thread w = writer.get(30, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // a bound on a hang
                while (w.getState() != Thread.State.WAITING && w.getState() != Thread.State.TERMINATED && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                for (BodyPieces.Piece p; (p = ex.body().nextPiece()) != null; ) {
                    int n = p.bytes().remaining();
                    largest.accumulateAndGet(n, Math::max);
                    total.addAndGet(n);
                    p.release();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            ex.respond(Response.status(200).bytes("ok".getBytes(StandardCharsets.US_ASCII), "text/plain"));
        }); Socket s = RawSocket.connect(server.port(), 30_000)) {
            // A virtual thread: blocked in a socket write, it parks (WAITING), which the handler can see.
            Thread w = Thread.ofVirtual().unstarted(() -> {
                try {
                    RawSocket.send(s, "PUT /b/k HTTP/1.1\r\nHost: h\r\nContent-Length: " + size + "\r\n\r\n", new byte[size]);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.complete(w);
            w.start();
            assertThat(RawSocket.read(s.getInputStream()).head()).startsWith("HTTP/1.1 200 ");
            w.join();
        }
        assertThat(total).hasValue(size);
        assertThat(largest.get()).isGreaterThan(64 * 1024).isLessThanOrEqualTo(HttpServer.RECV_MAX);
    }
}
