package io.cosd.api.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.bucket.Bucket;
import io.cosd.service.LifecycleExecutor;
import io.cosd.service.LifecyclePreview;
import io.cosd.store.meta.MetadataStore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /-/admin/lifecycle/preview?bucket=<b>[&at=<time>][&max-items=N]}: the lifecycle dry
 * run as JSON (docs/lifecycle.md); nothing changes. {@code POST /-/admin/lifecycle/run?bucket=<b>}:
 * one pass over that bucket now, synchronously (docs/spec/semantics.md §3.9 DECISION (4)), answering what it
 * applied. Signed in the Authorization header (q-sign or SigV4, never a presigned URL, every parameter
 * covered: {@link AdminGate}, docs/security.md ADM-2, ADM-9) with the root credentials of the bucket's
 * owner; everyone else gets AccessDenied. Routed by
 * {@link io.cosd.api.route.Router} (Operation.ADMIN_LIFECYCLE_PREVIEW, ADMIN_LIFECYCLE_RUN), which
 * also refuses another method.
 */
public final class LifecycleAdminEndpoint {
    static final int DEFAULT_ITEMS = 1000, MAX_ITEMS = 100_000;
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance)) // ISO-8601
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final MetadataStore meta;
    private final LifecycleExecutor executor;

    public LifecycleAdminEndpoint(MetadataStore meta, LifecycleExecutor executor) {
        this.meta = meta;
        this.executor = executor;
    }

    /** {@code rc.principal()} is already authenticated (ApiHandler, like the policy explain endpoint). */
    public Response preview(Request rc) {
        return handle(rc, false);
    }

    public Response run(Request rc) {
        return handle(rc, true);
    }

    private Response handle(Request rc, boolean run) {
        // ADM-12: preview and run read only their signed parameters; a body would be input that nothing
        // checks against the signature, so one is refused, never ignored
        rc.readSmallBody(0, ErrorCode.INVALID_ARGUMENT);
        String name = rc.query().nonEmpty("bucket");
        if (name == null) throw ErrorCode.INVALID_ARGUMENT.exception("bucket is required");
        Bucket bucket = meta.buckets().find(name).orElseThrow(ErrorCode.NO_SUCH_BUCKET::exception);
        AdminGate.bucketRoot(rc, bucket); // the bucket owner's root only, decided where every admin endpoint's is
        if (run) return json(runNow(name, rc.now()));
        Instant at;
        int maxItems;
        try {
            at = LifecyclePreview.parseAt(rc.query().get("at"), executor.days().zone(), rc.now(), executor.days());
            String m = rc.query().nonEmpty("max-items");
            maxItems = m == null ? DEFAULT_ITEMS : Math.min(MAX_ITEMS, Math.max(0, Integer.parseInt(m)));
        } catch (IllegalArgumentException e) {
            throw ErrorCode.INVALID_ARGUMENT.exception(e.getMessage());
        }
        return json(LifecyclePreview.of(executor, name, at, maxItems));
    }

    /** What a run applied, per rule and action. */
    public record RunReport(String bucket, Instant at, long scanned, Map<String, Map<String, Long>> applied) {}

    private RunReport runNow(String bucket, Instant now) {
        Map<String, Map<String, Long>> applied = new TreeMap<>();
        long scanned = executor.runBucket(bucket, now, (b, p, ok) -> {
            if (ok) applied.computeIfAbsent(p.action().ruleId(), r -> new TreeMap<>()).merge(p.action().verb(), 1L, Long::sum);
        });
        return new RunReport(bucket, now, scanned, applied);
    }

    private static Response json(Object body) {
        try {
            return Response.status(200).bytes(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
