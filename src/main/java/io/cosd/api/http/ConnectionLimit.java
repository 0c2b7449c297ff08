package io.cosd.api.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * EDGE-C1 (docs/edge.md): at most {@code max} connections are open at once. One over the limit is
 * refused as it is accepted, before any of its bytes is read: it gets a fixed {@code 503 SlowDown}
 * (no request was parsed, so there is no request id or dialect to answer in) and is closed. The
 * count is kept by {@link CountingServerChannel}: a slot is taken on accept and freed just before
 * the socket's close, whoever closes it.
 */
final class ConnectionLimit {
    private static final String BODY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<Error><Code>SlowDown</Code><Message>Too many connections; retry later.</Message></Error>";
    private static final byte[] REFUSAL = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/xml\r\n"
            + "Retry-After: 1\r\nConnection: close\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY)
            .getBytes(StandardCharsets.US_ASCII);

    private final int max;
    private final EdgeEvents events;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionLimit(int max, EdgeEvents events) {
        this.max = max;
        this.events = events;
    }

    /** Takes a slot for a connection just accepted; false when it is one over the limit (it must then be refused). */
    boolean take() {
        int n = open.incrementAndGet();
        events.connections(1);
        return max <= 0 || n <= max;
    }

    /** Gives back the slot of a connection whose socket is about to be closed; once per {@link #take()}. */
    void free() {
        open.decrementAndGet();
        events.connections(-1);
    }

    /** True when {@code ch} is within the limit; otherwise false, and the refusal is on its way. */
    boolean admit(CountingServerChannel.Counted ch) {
        if (ch.withinLimit()) return true;
        events.connectionRefused();
        ch.writeAndFlush(Unpooled.wrappedBuffer(REFUSAL)).addListener(ChannelFutureListener.CLOSE);
        return false;
    }
}
