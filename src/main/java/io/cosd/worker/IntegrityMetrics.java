package io.cosd.worker;

import io.cosd.service.IntegrityEvents;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.function.LongSupplier;

/**
 * Storage health metrics (docs/storage.md "Full disk", "Read integrity and scrubbing"): free bytes
 * on the blob store's file system (read at scrape time), reads refused because the stored bytes do
 * not match the metadata, and the scrubber's progress and findings. Kinds are a fixed small set,
 * never a bucket or key (one time series each).
 */
public final class IntegrityMetrics implements IntegrityEvents {
    private final Counter readFailures;
    private final Counter scrubbedVersions;
    private final Counter scrubbedBytes;
    private final Counter damaged;

    public IntegrityMetrics(PrometheusRegistry registry, LongSupplier freeBytes) {
        GaugeWithCallback.builder().name("cosd_disk_free_bytes")
                .help("Bytes usable by cosd on the file system of its data directory (-1: unknown)")
                .callback(cb -> cb.call(freeBytes.getAsLong())).register(registry);
        readFailures = Counter.builder().name("cosd_read_integrity_failures_total")
                .help("GET/HEAD/copy refused because a version's blob is missing, has the wrong size, or is marked damaged")
                .labelNames("kind").register(registry);
        for (String k : new String[]{"missing", "size", "marked"}) readFailures.labelValues(k);
        scrubbedVersions = Counter.builder().name("cosd_scrub_versions_total").help("Versions the scrubber re-read and verified").register(registry);
        scrubbedBytes = Counter.builder().name("cosd_scrub_bytes_total").help("Bytes the scrubber re-read").register(registry);
        damaged = Counter.builder().name("cosd_scrub_damaged_total")
                .help("Damaged versions found by the scrubber (counted on every pass that finds them)").labelNames("kind").register(registry);
        for (String k : new String[]{"missing", "size", "crc64", "md5"}) damaged.labelValues(k);
    }

    @Override
    public void readFailure(String kind) {
        readFailures.labelValues(kind).inc();
    }

    @Override
    public void scrubbed(long bytes) {
        scrubbedVersions.inc();
        scrubbedBytes.inc(bytes);
    }

    @Override
    public void damageFound(String kind) {
        damaged.labelValues(kind).inc();
    }
}
