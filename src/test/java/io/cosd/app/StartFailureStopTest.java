package io.cosd.app;

import io.cosd.api.http.HttpServer;
import io.cosd.api.http.RawSocket;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EDGE-S2 with ST-B1 (docs/edge.md "Stopping"): the port is bound before the rest of the server is
 * built, so a request (a load balancer's probe) can arrive while it is being built; it waits in
 * {@link DeferredApi}. When the start then fails, that request can never be served: the stop must
 * not wait the shutdown grace for it, and its client is told 503 at once instead of a cut connection.
 */
class StartFailureStopTest {
    @Test
    void aRequestWaitingForAStartThatFailsIsAnswered503AndTheStopDoesNotWaitTheGraceForIt_EDGE_S2() throws Exception {
        DeferredApi deferred = new DeferredApi();
        HttpServer http = new HttpServer("127.0.0.1", 0, new HttpServer.Limits(60_000, 30_000, 60_000, 0, 0, 0, 20_000), deferred);
        try (Socket s = RawSocket.connect(http.port(), 30_000)) {
            RawSocket.send(s, "PUT /b/k HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (http.inFlight() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(http.inFlight()).isEqualTo(1); // waiting for a start that is still under way

            long start = System.nanoTime();
            deferred.failed(); // what Server.start does when building the server fails after the bind
            http.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000); // not the 20 s grace
            assertThat(RawSocket.read(s.getInputStream()).head()).startsWith("HTTP/1.1 503").containsIgnoringCase("connection: close");
        } finally {
            http.close();
        }
    }
}
