package io.cosd.api.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * EDGE-S1..S3 (docs/edge.md "Stopping") against a real {@link HttpServer} on a random port: a
 * stopping server closes its port and its idle connections at once, lets the requests in flight
 * finish within the grace (answering them with {@code Connection: close}), and cuts what is left
 * after the grace; {@link HttpServer#close()} returns only when no handler runs any more.
 */
class StoppingTest {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean handlerRunning;
    private HttpServer server;

    /** A server whose requests to /slow wait for {@link #release} (reading their body first); others answer at once. */
    private HttpServer start(long graceMillis) throws InterruptedException {
        server = new HttpServer("127.0.0.1", 0, new HttpServer.Limits(60_000, 30_000, 60_000, 0, 0, 0, graceMillis), ex -> {
            if (ex.uri().startsWith("/slow")) {
                handlerRunning = true;
                try {
                    entered.countDown();
                    release.await();
                    ex.body().readAllBytes();
                    ex.respond(Response.status(200).bytes(OK, "text/plain"));
                } catch (InterruptedException | IOException e) {
                    // cut off by the end of the grace (EDGE-S3): nothing to answer
                } finally {
                    handlerRunning = false;
                }
            } else if (ex.uri().startsWith("/block") && ex.onEventLoop()) {
                // an event loop stuck in a read that ignores interrupts (a page-cache miss on a dying disk)
                entered.countDown();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
                while (release.getCount() > 0 && System.nanoTime() < end) {
                    try {
                        release.await(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException ignored) {
                        // stuck means stuck
                    }
                }
                ex.respond(Response.status(200).bytes(OK, "text/plain"));
            } else if (ex.uri().startsWith("/echo")) {
                try {
                    byte[] got = ex.body().readAllBytes();
                    ex.respond(Response.status(200).bytes(("got " + got.length).getBytes(StandardCharsets.US_ASCII), "text/plain"));
                } catch (IOException e) {
                    // the connection went away: nothing to answer
                }
            } else {
                ex.respond(Response.status(200).bytes(ex.uri().getBytes(StandardCharsets.US_ASCII), "text/plain"));
            }
        });
        return server;
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) server.close();
    }

    @Test
    void aRequestInFlightWhenTheServerStopsIsAnsweredWithConnectionCloseAndCloseReturnsOnlyAfterIt_EDGE_S1_EDGE_S2() throws Exception {
        start(30_000);
        int port = server.port();
        try (Socket idle = connect(port); Socket busy = connect(port)) {
            // an idle kept-alive connection: one answered request, then nothing
            RawSocket.send(idle, "GET /k HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(readResponse(idle.getInputStream())).startsWith("HTTP/1.1 200").contains("keep-alive");
            // a PUT whose body is half sent when the server starts stopping
            RawSocket.send(busy, "PUT /slow HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n01234");
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close, Thread::startVirtualThread);
            // EDGE-S1: the idle connection is closed, the port takes no new connection
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            awaitRefused(port);
            // EDGE-S2: close() waits for the request in flight
            assertThat(closing).isNotDone();
            assertThat(server.inFlight()).isEqualTo(1);

            RawSocket.send(busy, "56789");
            release.countDown();
            String answer = readResponse(busy.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("connection: close").endsWith("ok");
            assertThat(busy.getInputStream().read()).isEqualTo(-1);
            closing.get(10, TimeUnit.SECONDS);
            assertThat(server.inFlight()).isZero();
        }
    }

    @Test
    void aRequestStillRunningWhenTheGraceEndsIsCutOffAndCloseReturnsWithNoHandlerLeft_EDGE_S3() throws Exception {
        start(300);
        try (Socket busy = connect(server.port())) {
            RawSocket.send(busy, "PUT /slow HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n01234");
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            server.close(); // the handler never gets its release nor the rest of its body
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(300);
            assertThat(handlerRunning).isFalse();
            assertThat(RawSocket.untilClosed(busy)).isEmpty(); // no answer: the connection was cut
        }
    }

    @Test
    void aServerWithNothingInFlightStopsWithoutWaitingForTheGrace_EDGE_S2() throws Exception {
        start(60_000);
        try (Socket idle = connect(server.port())) {
            RawSocket.send(idle, "GET /k HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(readResponse(idle.getInputStream())).startsWith("HTTP/1.1 200");
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close, Thread::startVirtualThread);
            closing.get(10, TimeUnit.SECONDS); // far below the 60 s grace
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aRequestWhoseClientWentAwayIsNotWaitedFor_EDGE_S2() throws Exception {
        start(60_000);
        // a request whose body never ends and whose client goes away: its answer cannot be written
        try (Socket c = connect(server.port())) {
            RawSocket.send(c, "GET /k HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
        }
        CompletableFuture.runAsync(server::close, Thread::startVirtualThread).get(10, TimeUnit.SECONDS);
    }

    @Test
    void pipelinedRequestsAreEachCountedOnceSoAStopAfterThemDoesNotWait_EDGE_S2() throws Exception {
        start(60_000);
        try (Socket c = connect(server.port())) {
            RawSocket.send(c, "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(readResponse(c.getInputStream())).startsWith("HTTP/1.1 200");
            assertThat(readResponse(c.getInputStream())).startsWith("HTTP/1.1 200");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.inFlight() > 0 && System.nanoTime() < deadline) Thread.sleep(5); // the last write's listener
            assertThat(server.inFlight()).isZero();
            CompletableFuture.runAsync(server::close, Thread::startVirtualThread).get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPutPipelinedBehindAGetGetsTheRestOfItsBodyAndItsAnswerSoAStopAfterItDoesNotWait_EDGE_S2() throws Exception {
        start(20_000);
        try (Socket c = connect(server.port())) {
            // one write: the GET, then the PUT's head and half its body
            RawSocket.send(c, "GET /a HTTP/1.1\r\nHost: h\r\n\r\nPUT /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n01234");
            assertThat(readResponse(c.getInputStream())).startsWith("HTTP/1.1 200").endsWith("/a");
            RawSocket.send(c, "56789"); // arrives after the GET was answered
            // Dropped, the rest left the PUT's handler waiting for the body time-out (60 s), in flight
            // all along, so a stop waited the whole grace.
            assertThat(readResponse(c.getInputStream())).startsWith("HTTP/1.1 200").endsWith("got 10");
            long start = System.nanoTime();
            server.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        }
    }

    @Test
    void aSecondCloseWhileTheFirstWaitsForTheGraceReturnsOnlyWhenTheFirstDoes_EDGE_S3() throws Exception {
        start(20_000);
        try (Socket busy = connect(server.port())) {
            RawSocket.send(busy, "PUT /slow HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n01234");
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> first = CompletableFuture.runAsync(server::close, Thread::startVirtualThread);
            while (!server.stopping()) Thread.sleep(5);
            // e.g. the shutdown hook's close beside another: returning at once, its caller would go on
            // to close the stores under the handler the first close is still waiting for
            CompletableFuture<Void> second = CompletableFuture.runAsync(server::close, Thread::startVirtualThread);
            Thread.sleep(300);
            assertThat(second).isNotDone();
            RawSocket.send(busy, "56789");
            release.countDown();
            assertThat(readResponse(busy.getInputStream())).startsWith("HTTP/1.1 200").endsWith("ok");
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            assertThat(handlerRunning).isFalse();
        }
    }

    @Test
    void theCutAfterTheGraceTakesAtMostFiveSecondsAltogetherEvenWithAnEventLoopStuck_EDGE_S3() throws Exception {
        start(300);
        try (Socket stuck = connect(server.port())) {
            RawSocket.send(stuck, "GET /block HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            server.close();
            // 25 s of grace plus the cut must stay within the 30 s a container runtime waits before SIGKILL;
            // each wait of the cut with its own time-out (2 s per connection, 5 s for the loops, 5 s for
            // the handlers) added up past it.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(300 + 5_000 + 1_000);
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInTheOrderTheyCame() throws Exception {
        start(20_000);
        try (Socket c = connect(server.port())) {
            // RFC 9112 §9.3.2: answers to pipelined requests go out in the order of the requests
            RawSocket.send(c, "PUT /slow HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nabGET /a HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200); // time for the GET to be answered first, were it run beside the PUT
            release.countDown();
            assertThat(readResponse(c.getInputStream())).startsWith("HTTP/1.1 200").endsWith("ok");
            assertThat(readResponse(c.getInputStream())).startsWith("HTTP/1.1 200").endsWith("/a");
        }
    }

    private static Socket connect(int port) throws IOException {
        return RawSocket.connect(port, 10_000);
    }

    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                Thread.sleep(20); // the listening socket's close is still on its way
            } catch (IOException e) {
                return;
            }
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    /** One response with a Content-Length body, head and body, as text. */
    private static String readResponse(InputStream in) throws IOException {
        return RawSocket.read(in).text();
    }
}
