package io.cosd.api.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests the edge answers on the event loop (docs/performance.md "The GET path"): a GET or
 * HEAD without a body, once its end has arrived; everything else on a worker; and a request the
 * handler gives back ({@link Exchange.OffLoop}) runs again, whole, on a worker.
 */
class EventLoopEdgeTest {
    private final Queue<Runnable> workers = new ArrayDeque<>();
    private final AtomicInteger reruns = new AtomicInteger();
    private final EdgeEvents events = new NoEdgeEvents() {
        @Override
        public void offLoop() { reruns.incrementAndGet(); }
    };
    /** Per handler call: whether it ran on the loop. */
    private final List<Boolean> calls = new ArrayList<>();

    private EmbeddedChannel channel(Consumer<Exchange> api) {
        return new EmbeddedChannel(new HttpServerCodec(), new EdgeHandler(ex -> {
            calls.add(ex.onEventLoop());
            api.accept(ex);
        }, workers::add, 30_000, 60_000, 0, 0, events, new Drain()));
    }

    private String exchange(EmbeddedChannel ch, String request) {
        ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        ch.runPendingTasks();
        for (Runnable r; (r = workers.poll()) != null; ) {
            r.run();
            ch.runPendingTasks();
        }
        return Outbound.drain(ch);
    }

    private static void ok(Exchange ex) {
        ex.respond(Response.status(200).bytes("ok".getBytes(StandardCharsets.US_ASCII), "text/plain"));
    }

    @Test
    void aGetOrHeadWithoutABodyIsAnsweredOnTheEventLoop() {
        EmbeddedChannel ch = channel(EventLoopEdgeTest::ok);
        assertThat(exchange(ch, "GET /b/k HTTP/1.1\r\nHost: h\r\n\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(exchange(ch, "HEAD /b/k HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(calls).containsExactly(true, true);
        assertThat(reruns).hasValue(0);
    }

    @Test
    void aRequestWithABodyOrExpectingContinueRunsOnAWorker() {
        EmbeddedChannel ch = channel(ex -> {
            try {
                ex.body().readAllBytes();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            ok(ex);
        });
        assertThat(exchange(ch, "PUT /b/k HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc")).startsWith("HTTP/1.1 200 ");
        assertThat(exchange(ch, "GET /b/k HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc")).startsWith("HTTP/1.1 200 ");
        assertThat(exchange(ch, "GET /b/k HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");
        assertThat(calls).containsExactly(false, false, false);
    }

    @Test
    void aGetTheHandlerGivesBackRunsAgainWholeOnAWorkerWithAnEmptyBodyAndIsCounted() {
        EmbeddedChannel ch = channel(ex -> {
            if (ex.onEventLoop()) throw new Exchange.OffLoop("a listing");
            try {
                assertThat(ex.body().read()).isEqualTo(-1);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            ok(ex);
        });
        String out = exchange(ch, "GET /b?list-type=2 HTTP/1.1\r\nHost: h\r\n\r\n");
        assertThat(out).startsWith("HTTP/1.1 200 ").contains("Connection: keep-alive").endsWith("ok");
        assertThat(calls).containsExactly(true, false);
        assertThat(reruns).hasValue(1);
        // the connection goes on: the next request is read and answered
        assertThat(exchange(ch, "GET /b?list-type=2 HTTP/1.1\r\nHost: h\r\n\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(reruns).hasValue(2);
    }
}
