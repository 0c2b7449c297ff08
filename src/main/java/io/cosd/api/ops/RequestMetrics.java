package io.cosd.api.ops;

import io.cosd.api.route.Operation;
import io.cosd.api.http.EdgeEvents;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-operation request counters and latency (time to the response head; bodies stream after).
 * Labels come from the {@link Operation} name, so metrics, logs and policy actions name an
 * operation the same way (docs/spec/design.md §8 rule 1).
 */
public final class RequestMetrics {
    private final Counter requests;
    private final Histogram seconds;
    private final EdgeEvents edge;
    /**
     * The data points per (operation, status) and per operation, looked up once: the label lookup
     * hashes the label strings on every call. Bounded by operations × statuses sent.
     */
    private final ConcurrentHashMap<Long, CounterDataPoint> counts = new ConcurrentHashMap<>();
    private static final int UNROUTED = Operation.values().length;
    private final DistributionDataPoint[] times = new DistributionDataPoint[UNROUTED + 1]; // a racing double lookup is harmless

    public RequestMetrics(PrometheusRegistry registry) {
        requests = Counter.builder().name("cosd_requests_total").help("API requests by operation and HTTP status")
                .labelNames("operation", "status").register(registry);
        seconds = Histogram.builder().name("cosd_request_seconds").help("Time to the response head, by operation")
                .labelNames("operation").classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10)
                .register(registry);
        edge = edgeMetrics(registry);
    }

    /** The edge's counters (docs/edge.md): names stay stable, dashboards and alerts use them. */
    public EdgeEvents edge() { return edge; }

    private static EdgeEvents edgeMetrics(PrometheusRegistry registry) {
        Counter encode = Counter.builder().name("cosd_response_encode_failures_total")
                .help("Responses that could not be encoded and were replaced by 500 InternalError (EDGE-E1)").register(registry);
        Counter refused = Counter.builder().name("cosd_connections_refused_total")
                .help("Connections refused over --max-connections (EDGE-C1)").register(registry);
        Counter slow = Counter.builder().name("cosd_slow_bodies_total")
                .help("Request bodies cut off below --min-body-rate (EDGE-C2)").register(registry);
        Gauge open = Gauge.builder().name("cosd_connections_open").help("Open client connections").register(registry);
        Counter reruns = Counter.builder().name("cosd_event_loop_reruns_total")
                .help("GET/HEAD requests begun on the event loop and run again on a virtual thread (docs/performance.md)").register(registry);
        Counter pauses = Counter.builder().name("cosd_body_buffer_pauses_total")
                .help("Connections paused because buffered request bodies reached --max-body-buffer (EDGE-B2)").register(registry);
        // Read when scraped: the count changes with every buffer, too often for a gauge's own updates.
        var held = new java.util.concurrent.atomic.AtomicReference<java.util.function.LongSupplier>(() -> 0);
        io.prometheus.metrics.core.metrics.GaugeWithCallback.builder().name("cosd_body_buffer_bytes")
                .help("Request-body bytes buffered in all connections now (EDGE-B1)")
                .callback(cb -> cb.call(held.get().getAsLong())).register(registry);
        return new EdgeEvents() {
            public void encodeFailure() { encode.inc(); }
            public void connectionRefused() { refused.inc(); }
            public void slowBody() { slow.inc(); }
            public void connections(int delta) { open.inc(delta); }
            public void offLoop() { reruns.inc(); }
            public void bodyBufferPause() { pauses.inc(); }
            public void bodyBuffer(java.util.function.LongSupplier heldBytes) { held.set(heldBytes); }
        };
    }

    /** @param op the routed operation, cosd's own endpoints included; null when refused before routing ("unrouted") */
    public void record(Operation op, int status, long nanos) {
        int i = op == null ? UNROUTED : op.ordinal();
        long k = ((long) i << 16) | (status & 0xffff);
        CounterDataPoint c = counts.get(k);
        if (c == null) c = counts.computeIfAbsent(k, x -> requests.labelValues(label(i), Integer.toString(status)));
        c.inc();
        DistributionDataPoint h = times[i];
        if (h == null) times[i] = h = seconds.labelValues(label(i));
        h.observe(nanos / 1e9);
    }

    private static String label(int i) {
        return i == UNROUTED ? "unrouted" : Operation.values()[i].name();
    }
}
