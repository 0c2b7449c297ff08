package io.cosd.store.meta.jdbc;

import java.util.function.BooleanSupplier;

/**
 * Polling for the cross-store change feed tests (docs/scale-out.md SC-C2): {@link #withinASecond} checks
 * the feed's one-second requirement itself; {@link #await} only waits for a state to come about (a
 * listener reconnected, a feed no longer current), bounded against a hang, not timed.
 */
public final class Eventually {
    private Eventually() {}

    /** Waits until {@code condition} holds; 60 s at most, a bound on a hang (10 s was short on a loaded machine). */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 60 s: " + what);
            sleep(5);
        }
    }

    /** Waits at most one second (the requirement), then asserts; returns the milliseconds it took. */
    public static long withinASecond(String what, BooleanSupplier condition) {
        long t0 = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - t0 > 1_000_000_000L) throw new AssertionError("not within one second: " + what);
            sleep(2);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
