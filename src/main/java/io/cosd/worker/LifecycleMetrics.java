package io.cosd.worker;

import io.cosd.service.LifecycleEvents;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.time.Duration;

/**
 * Lifecycle metrics (docs/lifecycle.md#admin-and-metrics): actions by kind (expire, transition, restore, abort), pass
 * duration, and the running pass's cursor (versions scanned so far; the bucket is in the
 * checkpoint, shown by {@code cosd admin lifecycle status}, not a label: bucket names would make
 * one time series each).
 */
public final class LifecycleMetrics implements LifecycleEvents {
    private final Counter actions;
    private final Histogram passSeconds;
    private final Gauge lastPassSeconds;
    private final Gauge cursorVersions;
    private final Counter passes;

    public LifecycleMetrics(PrometheusRegistry registry) {
        actions = Counter.builder().name("cosd_lifecycle_actions_total")
                .help("Lifecycle actions applied: expire, transition, restore, abort").labelNames("action").register(registry);
        for (String a : new String[]{"expire", "transition", "restore", "abort"}) actions.labelValues(a);
        passSeconds = Histogram.builder().name("cosd_lifecycle_pass_seconds").help("Duration of complete lifecycle passes")
                .classicUpperBounds(0.1, 1, 10, 60, 300, 1800, 3600, 21600).register(registry);
        lastPassSeconds = Gauge.builder().name("cosd_lifecycle_last_pass_seconds").help("Duration of the last complete lifecycle pass").register(registry);
        cursorVersions = Gauge.builder().name("cosd_lifecycle_cursor_versions")
                .help("Versions scanned so far by the running lifecycle pass (0 between passes)").register(registry);
        passes = Counter.builder().name("cosd_lifecycle_passes_total").help("Complete lifecycle passes").register(registry);
    }

    @Override
    public void applied(String kind) {
        actions.labelValues(kind).inc();
    }

    @Override
    public void passFinished(Duration took, long versionsScanned) {
        passSeconds.observe(took.toNanos() / 1e9);
        lastPassSeconds.set(took.toNanos() / 1e9);
        cursorVersions.set(0);
        passes.inc();
    }

    @Override
    public void cursor(long versionsScanned, String bucket) {
        cursorVersions.set(versionsScanned);
    }
}
