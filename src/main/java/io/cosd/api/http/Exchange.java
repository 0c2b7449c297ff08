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
}
