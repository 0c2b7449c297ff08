package io.cosd.worker.replication;

import io.cosd.worker.Backoff;

import java.io.IOException;
import java.time.Duration;

/**
 * What the replication worker retries, and after how long (docs/replication.md REP-S4), as pure
 * functions: the caller passes the row's attempt count and the jitter. A transient failure leaves
 * the row PENDING for another attempt, for as long as the destination stays down; a permanent one
 * marks it FAILED. Below this, {@link HttpTransport} repeats an idempotent request once at once
 * after a dropped keep-alive connection; everything else comes back here.
 */
final class RetryPolicy {
    /** 500 ms doubling per attempt to 10 s: a destination back up is noticed within seconds. */
    static final Backoff BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));

    enum Verdict { DELIVERED, RETRY, FAIL }

    private RetryPolicy() {}

    /** 2xx delivered; 5xx, 408 Request Timeout and 429 Too Many Requests are transient; any other status is permanent. */
    static Verdict classify(int status) {
        if (status / 100 == 2) return Verdict.DELIVERED;
        return status >= 500 || status == 408 || status == 429 ? Verdict.RETRY : Verdict.FAIL;
    }

    /**
     * Every I/O error is transient: refused, reset, timed out, unknown host or a failed handshake may
     * all be a destination that is down or being reconfigured, and a row is cheap to keep.
     */
    static Verdict classify(IOException e) {
        return Verdict.RETRY;
    }

    /** When a row whose attempts so far are {@code attempts} is tried again: {@link #BACKOFF}, jittered. */
    static Duration delay(int attempts, double jitter) {
        return BACKOFF.jittered(attempts, jitter);
    }
}
