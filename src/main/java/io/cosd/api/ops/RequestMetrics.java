package io.cosd.api.ops;

import io.cosd.api.route.Operation;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Per-operation request counters and latency (time to the response head; bodies stream after).
 * Labels come from the {@link Operation} name, so metrics, logs and policy actions name an
 * operation the same way (design.md §8 rule 1).
 */
public final class RequestMetrics {
    private final Counter requests;
    private final Histogram seconds;

    public RequestMetrics(PrometheusRegistry registry) {
        requests = Counter.builder().name("cosd_requests_total").help("API requests by operation and HTTP status")
                .labelNames("operation", "status").register(registry);
        seconds = Histogram.builder().name("cosd_request_seconds").help("Time to the response head, by operation")
                .labelNames("operation").classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10)
                .register(registry);
    }

    public void record(Operation op, int status, long nanos) {
        String name = op == null ? "unrouted" : op.name();
        requests.labelValues(name, Integer.toString(status)).inc();
        seconds.labelValues(name).observe(nanos / 1e9);
    }
}
