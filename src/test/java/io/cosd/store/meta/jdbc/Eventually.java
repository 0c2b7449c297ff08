package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.ChangeFeed;

import java.util.function.BooleanSupplier;

/**
 * Polling for the cross-store change feed tests (docs/scale-out.md SC-C2, SC-C3): {@link #withinASecond}
 * checks a cache's one-second requirement itself, {@link #delivered} the feed's own bound on a
 * subscriber; {@link #await} only waits for a state to come about (a listener reconnected, a feed no
 * longer current), bounded against a hang, not timed.
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

    /**
     * For what a cache answers (SC-C5..C7): polls from the moment the change's write returned until
     * {@code condition} holds, and fails when a check begun more than one second after that still saw
     * the old state. A cache answers from memory only while its feed vouches for every change
     * committed 750 ms before (SC-C3) and reads through otherwise, so that holds however loaded the
     * machine; what load may do is stretch a check begun before the second is up past it, which is not
     * held against the store. Returns the milliseconds until the check that held returned.
     */
    public static long withinASecond(String what, BooleanSupplier condition) {
        long t0 = System.nanoTime();
        while (true) {
            long began = System.nanoTime();
            if (condition.getAsBoolean()) return (System.nanoTime() - t0) / 1_000_000;
            if (began - t0 > 1_000_000_000L) throw new AssertionError("not within one second: " + what);
            sleep(2);
        }
    }

    /**
     * For what a subscriber hears (SC-C2, SC-C3): polls from the moment the change's write returned
     * until {@code condition} holds, and fails as soon as {@code feed} vouches, at a moment more than
     * {@link ChangeFeed#STALE_BOUND_MILLIS} after that, for a round trip that began after the commit
     * while the change has not reached its subscribers. That is the feed's guarantee, and what keeps a
     * cache from answering stale: on a quiet machine the change arrives within a few milliseconds; on a
     * loaded one the listener thread may not run for a second, and then the feed stops vouching (its
     * caches read through) instead of being late. 60 s bounds a listener that neither delivers nor
     * vouches.
     */
    public static long delivered(String what, ChangeFeed feed, BooleanSupplier condition) {
        long t0 = System.nanoTime();
        while (true) {
            long began = System.nanoTime();
            // current() first: a feed current at `began` has delivered every change committed before
            // `began` minus the bound, before it said so (PgListener delivers, then records the round trip).
            boolean vouching = feed.current();
            if (condition.getAsBoolean()) return (System.nanoTime() - t0) / 1_000_000;
            if (vouching && began - t0 > ChangeFeed.STALE_BOUND_MILLIS * 1_000_000L) {
                throw new AssertionError("the feed vouched for a moment after the commit, but its subscribers had not heard: " + what);
            }
            if (began - t0 > 60_000_000_000L) throw new AssertionError("neither delivered nor vouching within 60 s: " + what);
            sleep(2);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
