package io.cosd.api.http;

import io.netty.buffer.ByteBuf;

import java.io.IOException;

/**
 * The edge's request body for tests in other packages: a real {@link BodyStream} fed as the event loop
 * feeds it (received Netty buffers, the end, a broken connection), without a socket.
 */
public final class EdgeBodies {
    private EdgeBodies() {}

    /** A started-on-first-read body whose demand does nothing (the test feeds it) and which waits 30 s for data. */
    public static BodyStream open() {
        return new BodyStream(() -> {}, 30_000, false);
    }

    /** A body that, like the edge's, expects a {@code 100 Continue} and runs {@code demand} when its reader begins or first reads (EDGE-K3). */
    public static BodyStream open(Runnable demand) {
        return new BodyStream(demand, 30_000, true);
    }

    /** The event loop received {@code buf}; the body owns it from here. */
    public static void offer(BodyStream body, ByteBuf buf) {
        body.offer(buf);
    }

    /** The request's last content arrived. */
    public static void end(BodyStream body) {
        body.end();
    }

    /** The connection broke (client gone) midway. */
    public static void fail(BodyStream body, IOException e) {
        body.fail(e);
    }
}
