package io.cosd.api.ops;

import io.cosd.api.http.Response;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

/**
 * Operator endpoints under {@code /-/} (a path no bucket can have: "-" is not a valid bucket name):
 * {@code GET /-/metrics} (Prometheus text format) and {@code GET /-/health}. They need no
 * credentials, like a metrics port would: they expose counters and gauges, never object data,
 * keys or bucket configurations. Bind cosd to a private address if that is still too much.
 * Routed by {@link io.cosd.api.route.Router} (Operation.HEALTH, METRICS; GET or HEAD).
 */
public final class OpsEndpoints {
    private final PrometheusRegistry registry;
    private final BooleanSupplier healthy;

    public OpsEndpoints(PrometheusRegistry registry, BooleanSupplier healthy) {
        this.registry = registry;
        this.healthy = healthy;
    }

    public Response health() {
        boolean ok = healthy.getAsBoolean();
        return Response.status(ok ? 200 : 503).bytes((ok ? "ok\n" : "unhealthy\n").getBytes(), "text/plain; charset=utf-8");
    }

    public Response metrics() {
        var out = new ByteArrayOutputStream(16 * 1024);
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.status(200).bytes(out.toByteArray(), PrometheusTextFormatWriter.CONTENT_TYPE);
    }
}
