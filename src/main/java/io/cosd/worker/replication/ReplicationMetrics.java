package io.cosd.worker.replication;

import io.cosd.store.meta.ReplicationOutbox;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Replication metrics per destination ({@code <region>/<bucket>}), docs/replication.md#operations: queue depth, lag (age
 * of the oldest pending row), bytes, successes, failures and retries, plus the write→replica delay.
 */
public final class ReplicationMetrics {
    private final Gauge depth, lag;
    private final Counter bytes, successes, failures, retries, purgedOfDeletedBuckets;
    private final Histogram delay;
    private final Set<String> seen = new HashSet<>();

    public ReplicationMetrics(PrometheusRegistry registry) {
        depth = Gauge.builder().name("cosd_replication_queue_depth").help("Pending replication outbox rows")
                .labelNames("destination").register(registry);
        lag = Gauge.builder().name("cosd_replication_lag_seconds").help("Age of the oldest pending replication row")
                .labelNames("destination").register(registry);
        bytes = Counter.builder().name("cosd_replication_bytes_total").help("Object bytes replicated")
                .labelNames("destination").register(registry);
        successes = Counter.builder().name("cosd_replication_success_total").help("Versions and delete markers replicated")
                .labelNames("destination").register(registry);
        failures = Counter.builder().name("cosd_replication_failures_total").help("Permanent replication failures (FAILED)")
                .labelNames("destination").register(registry);
        retries = Counter.builder().name("cosd_replication_retries_total").help("Transient failures put off for a retry")
                .labelNames("destination").register(registry);
        purgedOfDeletedBuckets = Counter.builder().name("cosd_replication_deleted_bucket_rows_purged_total")
                .help("Outbox rows deleted because their bucket row was deleted (REP-S7)").register(registry);
        delay = Histogram.builder().name("cosd_replication_delay_seconds").help("From the source write to the replica's acknowledgement")
                .labelNames("destination").classicUpperBounds(0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60, 300)
                .register(registry);
    }

    void delivered(String destination, long size, Duration sinceWrite) {
        touch(destination);
        successes.labelValues(destination).inc();
        bytes.labelValues(destination).inc(size);
        delay.labelValues(destination).observe(sinceWrite.toNanos() / 1e9);
    }

    /** REP-S7: rows of deleted bucket rows the purge pass deleted (this node's passes). */
    void purgedOfDeletedBuckets(int rows) {
        if (rows > 0) purgedOfDeletedBuckets.inc(rows);
    }

    void failed(String destination) {
        touch(destination);
        failures.labelValues(destination).inc();
    }

    void retried(String destination) {
        touch(destination);
        retries.labelValues(destination).inc();
    }

    /** A destination's gauges exist (at 0) from its first outcome on, even if its queue is never seen non-empty. */
    private synchronized void touch(String destination) {
        if (seen.add(destination)) {
            depth.labelValues(destination);
            lag.labelValues(destination);
        }
    }

    synchronized void observeQueue(ReplicationOutbox outbox, Instant now) {
        Set<String> now_ = new HashSet<>();
        for (var d : outbox.depth()) {
            now_.add(d.destination());
            depth.labelValues(d.destination()).set(d.pending());
            lag.labelValues(d.destination()).set(Math.max(0, Duration.between(d.oldestPending(), now).toMillis() / 1000.0));
        }
        for (String gone : seen) {
            if (!now_.contains(gone)) {
                depth.labelValues(gone).set(0);
                lag.labelValues(gone).set(0);
            }
        }
        seen.addAll(now_);
    }
}
