package io.cosd.app;

import io.cosd.api.http.Exchange;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The request handler of a port bound before the rest of the server is built (docs/storage.md ST-B1: the port is checked
 * first so a busy port fails start-up before anything is created). A request arriving meanwhile
 * waits on its virtual thread until the server is ready; a server that failed to start closes the
 * port, which ends such connections.
 */
final class DeferredApi implements Consumer<Exchange> {
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile Consumer<Exchange> api;

    void ready(Consumer<Exchange> api) {
        this.api = api;
        ready.countDown();
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
        api.accept(exchange);
    }
}
