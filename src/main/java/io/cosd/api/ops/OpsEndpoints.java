package io.cosd.api.ops;

import io.cosd.api.http.Response;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Operator endpoints under {@code /-/} (a path no bucket can have: "-" is not a valid bucket name):
 * {@code GET /-/metrics} (Prometheus text format) and {@code GET /-/health}. They need no
 * credentials, like a metrics port would: they expose counters and gauges, never object data,
 * keys or bucket configurations. Bind cosd to a private address if that is still too much.
 * Routed by {@link io.cosd.api.route.Router} (Operation.HEALTH, METRICS; GET or HEAD).
 * <p>
 * Health's first line stays {@code ok} (200) or {@code unhealthy} (503), which is all a load balancer
 * reads; {@code key=value} lines follow (docs/scale-out.md "Operations"). Every metric series carries
 * this node's id as a {@code node} label ({@link NodeLabel}).
 */
public final class OpsEndpoints {
    private final PrometheusRegistry registry;
    private final HealthCheck health;
    private final NodeLabel node;

    public OpsEndpoints(PrometheusRegistry registry, HealthCheck health) {
        this.registry = registry;
        this.health = health;
        this.node = new NodeLabel(health.node());
    }

    public Response health() {
        HealthCheck.Report r = health.report();
        return Response.status(r.ok() ? 200 : 503).bytes(render(r).getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    /** The answer's text: the status line, then one {@code key=value} per line, in a fixed order. */
    static String render(HealthCheck.Report r) {
        StringBuilder b = new StringBuilder(r.ok() ? "ok\n" : "unhealthy\n");
        b.append("node=").append(r.node()).append('\n');
        b.append("metadata.engine=").append(r.engine()).append('\n');
        outcome(b, "metadata", "reachable", r.metadata());
        b.append("blobs.kind=").append(r.blobKind()).append('\n');
        outcome(b, "blobs", "writable", r.blobs());
        b.append("blobs.free_bytes=").append(r.freeBytes()).append('\n');
        return b.toString();
    }

    private static void outcome(StringBuilder b, String part, String good, HealthCheck.Outcome o) {
        b.append(part).append('.').append(good).append('=').append(o.ok()).append('\n');
        if (o.ok()) b.append(part).append(".latency_ms=").append(String.format(Locale.ROOT, "%.3f", o.nanos() / 1e6)).append('\n');
        else b.append(part).append(".error=").append(o.error()).append('\n');
    }

    public Response metrics() {
        var out = new ByteArrayOutputStream(16 * 1024);
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.status(200).bytes(node.addTo(out.toByteArray()), PrometheusTextFormatWriter.CONTENT_TYPE);
    }
}
