package io.cosd.app;

import io.cosd.api.http.Exchange;
import io.cosd.api.http.Response;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The request handler of a port bound before the rest of the server is built (docs/storage.md ST-B1: the port is checked
 * first so a busy port fails start-up before anything is created). A request arriving meanwhile
 * waits on its virtual thread until the server is ready. When the start fails instead, the waiting
 * requests are answered {@code 503} with {@code Connection: close} at once: they can never be
 * served, and the port's close must not wait its shutdown grace for them (docs/edge.md EDGE-S2).
 */
final class DeferredApi implements Consumer<Exchange> {
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile Consumer<Exchange> api;

    void ready(Consumer<Exchange> api) {
        this.api = api;
        ready.countDown();
    }

    /** The start failed: every request waiting, and any still to come, is refused with 503. */
    void failed() {
        ready.countDown(); // api stays null
    }

    @Override
    public void accept(Exchange exchange) {
        // An event-loop request must not wait for start-up: it runs again on a virtual thread (Exchange.OffLoop).
        if (exchange.onEventLoop() && ready.getCount() > 0) throw new Exchange.OffLoop("server starting");
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing
            return;
        }
        Consumer<Exchange> a = api;
        if (a == null) {
            // No XML error body: neither dialect nor request id exists before the server was built; SDKs retry any 503.
            exchange.respond(Response.status(503).header("Connection", "close").empty());
            return;
        }
        a.accept(exchange);
    }
}
