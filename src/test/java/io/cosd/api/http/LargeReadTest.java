package io.cosd.api.http;

import io.cosd.service.BodyPieces;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
        try (HttpServer server = new HttpServer("127.0.0.1", 0, HttpServer.Limits.defaults(), ex -> {
            try {
                Thread.sleep(300); // the body queues in the socket: nothing is read before the handler reads
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
        }); Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    out.write(("PUT /b/k HTTP/1.1\r\nHost: h\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(new byte[size]);
                    out.flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != -1 && !head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n"); ) head.write(b);
            writer.join();
            assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200 ");
        }
        assertThat(total).hasValue(size);
        assertThat(largest.get()).isGreaterThan(64 * 1024).isLessThanOrEqualTo(HttpServer.RECV_MAX);
    }
}
