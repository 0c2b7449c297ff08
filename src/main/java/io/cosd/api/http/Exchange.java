package io.cosd.api.http;

import io.cosd.api.auth.HeaderView;

import java.net.InetSocketAddress;

/**
 * One request as the API layer sees it: request line, headers (UTF-8 decoded), the peer address,
 * the body stream, and a way to answer exactly once.
 */
public interface Exchange {
    String method();

    /** Request target exactly as on the request line (origin-form or absolute-form). */
    String uri();

    HeaderView headers();

    InetSocketAddress remote();

    BodyStream body();

    /** Content-Length, or -1 when absent; {@link #chunked()} tells whether the body is chunked. */
    long contentLength();

    boolean chunked();

    /** Writes the response; may be called from any thread, exactly once. */
    void respond(Response response);

    /**
     * EDGE-B5 (docs/edge.md): the handler's reader has copied {@code total} bytes of the body into a heap array it keeps
     * until it answers. The request counts against the server's body budget the largest such copy (until the answer):
     * a body read early and read again from its held bytes is one document, counted once. True when counted, false
     * when the copy grows past the floor while the budget is full (the reader then refuses the request, 503
     * SlowDown). An exchange without a budget (tests) counts nothing.
     */
    default boolean holdHeap(int total) { return true; }

    /**
     * True when this request runs on the connection's event loop (a GET or HEAD without a body,
     * docs/performance.md "The GET path"): it must not wait for another request. A handler that
     * would throws {@link OffLoop} before it answers, and the edge runs the request again on a
     * virtual thread.
     */
    default boolean onEventLoop() { return false; }

    /** Thrown by the handler of an {@link #onEventLoop} request, unanswered, to be run again where it may wait. */
    final class OffLoop extends RuntimeException {
        public OffLoop(String why) {
            super(why, null, false, false);
        }
    }
}
