package io.cosd.api.http;

/**
 * The minimum body rate (docs/edge.md EDGE-C2): over a sliding window of ticks, the bytes a client
 * sent must average at least {@code minBytesPerSecond}. Ticks in which the server itself was not
 * reading (its buffer full because the disk or the handler is slower) are excused and do not count,
 * so backpressure never cuts a client off. Pure arithmetic; the edge drives it from its event loop.
 */
final class BodyRate {
    static final long TICK_MILLIS = 250;

    private final long minBytesPerSecond;
    private final long[] bytes;
    private final boolean[] excused;
    private long pending;
    private boolean pendingExcused;
    private long ticks;

    /** @param windowMillis the averaging window (at least one tick) */
    BodyRate(long minBytesPerSecond, long windowMillis) {
        this.minBytesPerSecond = minBytesPerSecond;
        int n = (int) Math.max(1, windowMillis / TICK_MILLIS);
        bytes = new long[n];
        excused = new boolean[n];
    }

    void received(long n) { pending += n; }

    /** The server was not reading during the current tick. */
    void excuse() { pendingExcused = true; }

    /** Ends a tick; true when the client has been too slow over the last full window. */
    boolean tick() {
        int slot = (int) (ticks++ % bytes.length);
        bytes[slot] = pending;
        excused[slot] = pendingExcused;
        pending = 0;
        pendingExcused = false;
        if (ticks < bytes.length) return false;
        long sum = 0;
        int counted = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (!excused[i]) {
                sum += bytes[i];
                counted++;
            }
        }
        // Judge only a window the client mostly had to itself.
        if (counted * 2 < bytes.length) return false;
        return sum * 1000 < minBytesPerSecond * counted * TICK_MILLIS;
    }
}
