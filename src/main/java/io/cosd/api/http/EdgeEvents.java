package io.cosd.api.http;

/**
 * What the edge counts (docs/edge.md): responses that could not be encoded, connections refused
 * over the limit, bodies cut off for arriving too slowly, and open connections. Implemented with
 * Prometheus metrics by {@code api.ops.RequestMetrics}; called on event-loop threads, so cheap.
 */
public interface EdgeEvents {
    /** A response head could not be encoded; a 500 was sent instead and the connection closed (EDGE-E1). */
    void encodeFailure();

    /** A connection over {@code --max-connections} was refused (EDGE-C1). */
    void connectionRefused();

    /** A request body arrived slower than {@code --min-body-rate} and was cut off (EDGE-C2). */
    void slowBody();

    /** +1 when a connection opens, -1 when it closes. */
    void connections(int delta);

    /** A GET/HEAD begun on the event loop was run again on a virtual thread ({@link Exchange.OffLoop}). */
    default void offLoop() {}

    /** A connection was paused because the server's buffered body bytes reached {@code --max-body-buffer} (EDGE-B2). */
    default void bodyBufferPause() {}

    /** Once, at the server's start: where to read the body bytes buffered now (EDGE-B1), for a gauge. */
    default void bodyBuffer(java.util.function.LongSupplier heldBytes) {}

    EdgeEvents NONE = new EdgeEvents() {
        public void encodeFailure() {}
        public void connectionRefused() {}
        public void slowBody() {}
        public void connections(int delta) {}
    };
}
