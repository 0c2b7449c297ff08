package io.cosd.api.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * EDGE-C1 (docs/edge.md): at most {@code max} connections are open at once. One over the limit is
 * refused as it is accepted, before any of its bytes is read: it gets a fixed {@code 503 SlowDown}
 * (no request was parsed, so there is no request id or dialect to answer in) and is closed.
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

    /** Counts {@code ch} for its lifetime; false (and the refusal is on its way) when over the limit. */
    boolean admit(Channel ch) {
        int n = open.incrementAndGet();
        events.connections(1);
        ch.closeFuture().addListener(f -> {
            open.decrementAndGet();
            events.connections(-1);
        });
        if (max <= 0 || n <= max) return true;
        events.connectionRefused();
        ch.writeAndFlush(Unpooled.wrappedBuffer(REFUSAL)).addListener(ChannelFutureListener.CLOSE);
        return false;
    }
}
