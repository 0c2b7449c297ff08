package io.cosd.api.http;

import io.cosd.api.core.Request;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EDGE-B5 (docs/edge.md "One budget for buffered bodies"): a small document read whole into the heap by
 * {@link Request#readSmallBody} (configurations, tag sets, ACLs, DeleteObjects, a completion's parts list, every body
 * EarlyBody reads before a decision) counts against the server's one body budget from its read until its answer,
 * as the bytes queued in its stream do. Before, the stream gave its bytes back as the handler copied them out, and the
 * arrays were counted nowhere: any number of concurrent small-body requests held heap outside the budget. Against a
 * real {@link HttpServer} with a 128 KiB budget, raw sockets, and handlers that read with readSmallBody and hold the
 * array until told to answer.
 */
class SmallBodyBudgetServerTest {
    private static final long BUDGET = 128 * 1024;
    private static final int KIB = 1024;
    private final CountDownLatch answer = new CountDownLatch(1);
    private final CountDownLatch holding = new CountDownLatch(1);
    private HttpServer server;

    private void start() throws InterruptedException {
        var limits = new HttpServer.Limits(60_000, 30_000, 60_000, 0, 0, 0, 5_000, BUDGET);
        server = new HttpServer("127.0.0.1", 0, limits, ex -> {
            Request rc = Request.arriving(ex, Instant.now()).build().withBody(ex.body());
            byte[] doc;
            try {
                doc = rc.readSmallBody(2 << 20, ErrorCode.MALFORMED_XML);
                // as EarlyBody/HeldBody hand the bytes read early to the handler, which reads them again with readSmallBody
                if (ex.uri().contains("twice")) doc = rc.withBody(new java.io.ByteArrayInputStream(doc)).readSmallBody(2 << 20, ErrorCode.MALFORMED_XML);
            } catch (ApiException e) {
                ex.respond(Response.status(e.code().status()).bytes(e.code().code().getBytes(StandardCharsets.US_ASCII), "text/plain"));
                return;
            }
            if (ex.uri().startsWith("/hold")) { // a handler still busy with its document: the array is held until it answers
                holding.countDown();
                try {
                    answer.await();
                } catch (InterruptedException e) {
                    return;
                }
            }
            ex.respond(Response.status(200).bytes(Integer.toString(doc.length).getBytes(StandardCharsets.US_ASCII), "text/plain"));
        }, new NoEdgeEvents());
    }

    @AfterEach
    void stop() {
        answer.countDown();
        if (server != null) server.close();
    }

    @Test
    void aSmallBodyReadIntoTheHeapCountsAgainstTheBudgetUntilItsAnswer_EDGE_B5() throws Exception {
        start();
        try (Socket s = RawSocket.connect(server.port(), 30_000)) {
            send(s, "/hold", 100 * KIB);
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            // the stream's queue was read to its end: what is counted now is the handler's array
            assertThat(server.bodyBufferBytes()).isEqualTo(100 * KIB);
            answer.countDown();
            assertThat(reply(s)).startsWith("HTTP/1.1 200").endsWith(Integer.toString(100 * KIB));
        }
        awaitCount(0);
    }

    @Test
    void pastItsFloorABodyIsRefusedWhileTheBudgetIsFullAndBelowItAlwaysReadSoNoRequestWaitsForAnother_EDGE_B5() throws Exception {
        start();
        try (Socket held = RawSocket.connect(server.port(), 30_000)) {
            send(held, "/hold", 120 * KIB); // holds 120 KiB of the 128 KiB budget until it answers
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            // a 100 KiB document grows past its 16 KiB floor while the count is under the budget, then finds it full
            try (Socket big = RawSocket.connect(server.port(), 30_000)) {
                send(big, "/now", 100 * KIB);
                assertThat(reply(big)).startsWith("HTTP/1.1 503").endsWith("SlowDown");
            }
            // a document under its floor is read whatever the others hold
            try (Socket small = RawSocket.connect(server.port(), 30_000)) {
                send(small, "/now", 4 * KIB);
                assertThat(reply(small)).startsWith("HTTP/1.1 200").endsWith(Integer.toString(4 * KIB));
            }
            answer.countDown();
            assertThat(reply(held)).startsWith("HTTP/1.1 200");
        }
        awaitCount(0);
        // once the held array is given back, the same 100 KiB document is read
        try (Socket again = RawSocket.connect(server.port(), 30_000)) {
            send(again, "/now", 100 * KIB);
            assertThat(reply(again)).startsWith("HTTP/1.1 200").endsWith(Integer.toString(100 * KIB));
        }
        awaitCount(0);
    }

    /**
     * EDGE-B5, second reading: a body read early (EarlyBody: PutObjectTagging, PutObjectRetention, a GET's) is handed
     * to its handler as a byte array, which reads it again with readSmallBody: its one array must count once, or a
     * valid 12 KiB tag set is refused 503 below its 16 KiB floor while the budget is full.
     */
    @Test
    void aBodyReadEarlyAndAgainByItsHandlerCountsOnce_EDGE_B5() throws Exception {
        start();
        try (Socket held = RawSocket.connect(server.port(), 30_000)) {
            send(held, "/hold-twice", 10 * KIB);
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.bodyBufferBytes()).isEqualTo(10 * KIB);
            answer.countDown();
            assertThat(reply(held)).startsWith("HTTP/1.1 200");
        }
        awaitCount(0);
    }

    private static void send(Socket s, String path, int size) throws IOException {
        RawSocket.send(s, "PUT " + path + " HTTP/1.1\r\nHost: h\r\nContent-Length: " + size + "\r\n\r\n", new byte[size]);
    }

    private static String reply(Socket s) throws IOException {
        return RawSocket.read(s.getInputStream()).text();
    }

    /** The count after the answers: given back once the edge wrote them (on its event loop, just after the bytes went out). */
    private void awaitCount(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.bodyBufferBytes() != expected && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(server.bodyBufferBytes()).isEqualTo(expected);
    }
}
