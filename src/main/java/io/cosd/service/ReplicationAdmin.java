package io.cosd.service;

import io.cosd.domain.replication.ReplicationConfiguration;
import io.cosd.domain.replication.ReplicationRule;
import io.cosd.store.meta.ReplicationOutbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Replication status and resync of a bucket (docs/replication.md#operations): one implementation for
 * {@code cosd admin replication status|resync} and {@code /-/admin/replication/status|resync}
 * (docs/security.md ADM-7). Who may ask is the caller's business.
 */
public final class ReplicationAdmin {
    /** The window throughput is measured over. */
    public static final Duration WINDOW = Duration.ofSeconds(60);

    private final ReplicationOutbox outbox;
    private final Function<String, Optional<ReplicationConfiguration>> configs;
    private final String localRegion;
    private final Runnable wake;

    /**
     * @param configs     a bucket's replication configuration
     * @param localRegion this deployment's region (a destination in it is {@code <region>/<bucket>})
     * @param wake        tells this process's worker new rows are due (nothing for the CLI: the server polls)
     */
    public ReplicationAdmin(ReplicationOutbox outbox, Function<String, Optional<ReplicationConfiguration>> configs,
                            String localRegion, Runnable wake) {
        this.outbox = outbox;
        this.configs = configs;
        this.localRegion = localRegion;
        this.wake = wake;
    }

    /**
     * @param lagSeconds        age of the oldest pending version (0 with none pending)
     * @param throughput        versions completed per second over the last {@link #WINDOW}
     * @param problems          the latest FAILED and retrying versions with their last errors
     */
    public record Status(String bucket, long pending, long failed, Instant oldestPending, double lagSeconds,
                         long completedLastMinute, double throughput, List<ReplicationOutbox.Entry> problems) {}

    public record Resync(int requeuedFailed, int queuedExisting, boolean configured) {}

    public Status status(String bucket, Instant now, int problems) {
        ReplicationOutbox.Stats s = outbox.stats(bucket, now.minus(WINDOW));
        double lag = s.oldestPending() == null ? 0 : Math.max(0, Duration.between(s.oldestPending(), now).toMillis() / 1000.0);
        return new Status(bucket, s.pending(), s.failed(), s.oldestPending(), lag, s.completedSince(),
                s.completedSince() / (double) WINDOW.toSeconds(), outbox.problems(bucket, Math.max(0, problems)));
    }

    /**
     * Requeues FAILED versions; with {@code existing}, also queues every existing version under an
     * enabled rule that was never replicated (the REP-R1 exception an admin asks for).
     * {@code configured} is false, and nothing was requeued, when {@code existing} was asked of a bucket without a configuration.
     */
    public Resync resync(String bucket, boolean existing, Instant now) {
        Optional<ReplicationConfiguration> c = existing ? configs.apply(bucket) : Optional.empty();
        // Refused before anything is requeued: a refusal changes nothing.
        if (existing && c.isEmpty()) return new Resync(0, 0, false);
        int requeued = outbox.requeueFailed(bucket, now);
        int queued = 0;
        for (ReplicationRule r : c.map(ReplicationConfiguration::rules).orElse(List.of())) {
            if (r.enabled()) queued += outbox.enqueueExisting(bucket, r.prefix(), r.destination().key(localRegion), now);
        }
        if (requeued + queued > 0) wake.run();
        return new Resync(requeued, queued, true);
    }
}
