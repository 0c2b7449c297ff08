package io.cosd.service;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.replication.ReplicationConfiguration;
import io.cosd.domain.replication.ReplicationRule;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.NoSuchBucketException;
import io.cosd.store.meta.ReplicationOutbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Replication status and resync of a bucket (docs/replication.md#operations): one implementation for
 * {@code cosd admin replication status|resync} and {@code /-/admin/replication/status|resync}
 * (docs/security.md ADM-7). Who may ask is the caller's business; what it asked about is the bucket
 * ROW it authorized (ADM-13, AUTH-15): every read and write names that row's incarnation, so a bucket
 * deleted and created again by another account meanwhile is {@link NoSuchBucketException}, and the
 * namesake's rows are neither shown nor requeued nor queued.
 */
public final class ReplicationAdmin {
    /** The window throughput is measured over. */
    public static final Duration WINDOW = Duration.ofSeconds(60);

    private final ReplicationOutbox outbox;
    private final BucketRepository buckets;
    private final Function<Bucket, Optional<ReplicationConfiguration>> configs;
    private final String localRegion;
    private final Runnable wake;

    /**
     * @param configs     the replication configuration of a bucket row, NoSuchBucketException when that row is gone (AUTH-15)
     * @param localRegion this deployment's region (a destination in it is {@code <region>/<bucket>})
     * @param wake        tells this process's worker new rows are due (nothing for the CLI: the server polls)
     */
    public ReplicationAdmin(ReplicationOutbox outbox, BucketRepository buckets, Function<Bucket, Optional<ReplicationConfiguration>> configs,
                            String localRegion, Runnable wake) {
        this.outbox = outbox;
        this.buckets = buckets;
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

    /**
     * ADM-13: the rows of the bucket row {@code bucket} only, and that row still there after they were
     * read (else NoSuchBucket): an answer is never about a bucket deleted while it was being read.
     */
    public Status status(Bucket bucket, Instant now, int problems) {
        String name = bucket.name();
        CommitPause.beforeAdmin(name); // a test hook, off unless set
        ReplicationOutbox.Stats s = outbox.stats(name, bucket.incarnation(), now.minus(WINDOW));
        List<ReplicationOutbox.Entry> latest = outbox.problems(name, bucket.incarnation(), Math.max(0, problems));
        requireRow(bucket);
        double lag = s.oldestPending() == null ? 0 : Math.max(0, Duration.between(s.oldestPending(), now).toMillis() / 1000.0);
        return new Status(name, s.pending(), s.failed(), s.oldestPending(), lag, s.completedSince(),
                s.completedSince() / (double) WINDOW.toSeconds(), latest);
    }

    /**
     * Requeues FAILED versions; with {@code existing}, also queues every existing version under an
     * enabled rule that was never replicated (the REP-R1 exception an admin asks for).
     * {@code configured} is false, and nothing was requeued, when {@code existing} was asked of a bucket without a configuration.
     */
    public Resync resync(Bucket bucket, boolean existing, Instant now) {
        String name = bucket.name();
        long row = bucket.incarnation();
        CommitPause.beforeAdmin(name); // a test hook, off unless set
        // The rules of the row asked about (a namesake's rules are NoSuchBucket, AUTH-15), and the row still there.
        Optional<ReplicationConfiguration> c = existing ? configs.apply(bucket) : Optional.empty();
        requireRow(bucket);
        // Refused before anything is requeued: a refusal changes nothing.
        if (existing && c.isEmpty()) return new Resync(0, 0, false);
        // Each statement names the row (ADM-13): once a namesake holds the name, nothing more of it changes.
        int requeued = outbox.requeueFailed(name, row, now);
        int queued = 0;
        for (ReplicationRule r : c.map(ReplicationConfiguration::rules).orElse(List.of())) {
            if (r.enabled()) queued += outbox.enqueueExisting(name, row, r.prefix(), r.destination().key(localRegion), now);
        }
        if (requeued + queued > 0) wake.run();
        requireRow(bucket);
        return new Resync(requeued, queued, true);
    }

    /**
     * The bucket row is still the one asked about (AUTH-15): NoSuchBucket once it was deleted, namesake or not.
     * Read from the database, not through {@code find}: on PostgreSQL that answers from the node's bucket
     * rows (SC-C7), which keep a deleted row until the change feed tells the node (ADM-13).
     */
    private void requireRow(Bucket bucket) {
        if (bucket.incarnation() == Bucket.ANY_INCARNATION) throw new IllegalArgumentException("a bucket row read from the store");
        if (buckets.configOfRow(bucket.name(), ConfigKind.REPLICATION).filter(r -> r.incarnation() == bucket.incarnation()).isEmpty()) {
            throw new NoSuchBucketException(bucket.name());
        }
    }
}
