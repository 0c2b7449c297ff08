package io.cosd.worker;

import java.time.Duration;

/**
 * Exponential backoff as a pure function: {@code min} doubled once per failure so far, capped at
 * {@code max}. The caller counts the failures and draws the jitter, so the schedule is a table
 * ({@code BackoffTest}) and no clock or random source hides in here. Used by {@link WorkerRunner}
 * for failing steps and by the replication worker's retries (docs/replication.md REP-S4).
 *
 * @param min the delay after the first failure
 * @param max the longest delay, however many failures
 */
public record Backoff(Duration min, Duration max) {
    /** Doublings stop here; min << 20 is past any cap in use, and the shift cannot overflow. */
    private static final int MAX_DOUBLINGS = 20;

    public Backoff {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max: " + min + ", " + max);
        }
    }

    /** @param failures failures before this one (0 for the first): {@code min * 2^failures}, at most {@code max} */
    public Duration delay(int failures) {
        long ms = min.toMillis() << Math.min(Math.max(failures, 0), MAX_DOUBLINGS);
        return Duration.ofMillis(Math.min(max.toMillis(), ms));
    }

    /**
     * {@link #delay} spread over its upper half, so that rows failing together do not all come back
     * at the same instant: {@code d/2 + floor(jitter * (d/2 + 1))} ms, between {@code d/2} and {@code d}.
     *
     * @param jitter uniform in [0, 1), drawn by the caller
     */
    public Duration jittered(int failures, double jitter) {
        if (!(jitter >= 0 && jitter < 1)) throw new IllegalArgumentException("jitter must be in [0, 1): " + jitter);
        long d = delay(failures).toMillis();
        return Duration.ofMillis(d / 2 + (long) (jitter * (d / 2 + 1)));
    }
}
