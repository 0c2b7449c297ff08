package io.cosd.api;

import io.cosd.api.auth.AuthRequest;
import io.cosd.api.auth.AuthResult;
import io.cosd.api.auth.Authenticator;
import io.cosd.api.auth.AwsChunkedInputStream;
import io.cosd.api.cors.CorsHandler;
import io.cosd.api.dialect.Addressing;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.error.ErrorRenderer;
import io.cosd.api.http.Exchange;
import io.cosd.api.http.Response;
import io.cosd.api.ops.RequestMetrics;
import io.cosd.api.route.Operation;
import io.cosd.api.route.QueryParams;
import io.cosd.api.route.Router;
import io.cosd.domain.identity.Principal;
import io.cosd.store.meta.MetadataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * A request's way through the server (design.md §2): target and dialect, route, authenticate,
 * resolve the bucket, authorize once, dispatch, and answer with the dialect's request id. Every
 * failure becomes an {@link ErrorCode} response here and nowhere else.
 */
public final class ApiHandler implements Consumer<Exchange> {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    private final Addressing addressing;
    private final Authenticator authenticator;
    private final MetadataStore meta;
    private final Dispatcher dispatcher;
    private final CorsHandler cors;
    private final Clock clock;
    private final RequestMetrics metrics;
    private final Access access;

    public ApiHandler(Addressing addressing, Authenticator authenticator, MetadataStore meta, Dispatcher dispatcher,
                      CorsHandler cors, Clock clock, RequestMetrics metrics, Access access) {
        this.access = access;
        this.metrics = metrics;
        this.addressing = addressing;
        this.authenticator = authenticator;
        this.meta = meta;
        this.dispatcher = dispatcher;
        this.cors = cors;
        this.clock = clock;
    }

    @Override
    public void accept(Exchange ex) {
        long t0 = System.nanoTime();
        RequestContext rc = new RequestContext(ex, clock.instant());
        MDC.put("request_id", rc.requestId);
        Response r;
        try {
            r = handle(rc);
        } catch (ApiException e) {
            // A body that timed out or was cut off below the minimum rate is RequestTimeout, as S3 answers it (docs/edge.md EDGE-C2).
            if (ex.body().timedOut()) e = ErrorCode.REQUEST_TIMEOUT.exception();
            r = ErrorRenderer.render(e, rc.dialect, rc.requestId, rc.traceId, rc.resource(), "HEAD".equals(ex.method()));
        } catch (io.cosd.domain.Refusal e) {
            // A domain reason, translated once (api/error/DomainErrors).
            r = ErrorRenderer.render(io.cosd.api.error.DomainErrors.toApi(e), rc.dialect, rc.requestId, rc.traceId, rc.resource(), "HEAD".equals(ex.method()));
        } catch (io.cosd.store.meta.NoSuchBucketException e) {
            // Deleted after this request looked the bucket up; the write changed nothing (docs/storage.md).
            r = ErrorRenderer.render(ErrorCode.NO_SUCH_BUCKET.exception(), rc.dialect, rc.requestId, rc.traceId, rc.resource(), "HEAD".equals(ex.method()));
        } catch (io.cosd.service.StorageFault e) {
            // Disk full (503) or damaged stored data (500): docs/storage.md; the detail goes to the log.
            log.warn("{} on {} {}: {}", e.reason(), ex.method(), ex.uri(), e.getMessage());
            r = ErrorRenderer.render(io.cosd.api.error.StorageFaults.toApi(e), rc.dialect, rc.requestId, rc.traceId, rc.resource(), "HEAD".equals(ex.method()));
        } catch (RuntimeException | Error e) {
            log.error("internal error on {} {}", ex.method(), ex.uri(), e);
            ApiException full = io.cosd.api.error.StorageFaults.diskFull(e); // e.g. SQLITE_FULL: 503, not 500 (docs/storage.md ST-F4)
            r = ErrorRenderer.render(full != null ? full : ErrorCode.INTERNAL_ERROR.exception(), rc.dialect, rc.requestId, rc.traceId, rc.resource(), "HEAD".equals(ex.method()));
        } finally {
            MDC.remove("request_id");
        }
        // CORS headers on actual cross-origin responses, success and error alike (CORS-R1..R4).
        r = cors.decorate(rc, r);
        // The headers every response carries, success or error, added here and nowhere else.
        var common = new java.util.ArrayList<java.util.Map.Entry<String, String>>(4);
        common.add(java.util.Map.entry(rc.dialect.requestIdHeader(), rc.requestId));
        if (rc.dialect == Dialect.S3) common.add(java.util.Map.entry("x-amz-id-2", rc.traceId));
        common.add(java.util.Map.entry("Date", Formats.HTTP_DATE.format(rc.now)));
        common.add(java.util.Map.entry("Server", rc.dialect == Dialect.COS ? "tencent-cos" : "cosd"));
        metrics.record(rc.operation, r.status(), System.nanoTime() - t0);
        ex.respond(r.withHeaders(common));
    }

    private Response handle(RequestContext rc) {
        Exchange ex = rc.exchange;
        // AUTH-1: one Host; the Target derived from it (and any absolute-form authority) is what routing
        // and the verifiers both read.
        if (ex.headers().count("Host") > 1) throw ErrorCode.INVALID_REQUEST.exception("The request carries more than one Host header.");
        rc.target = addressing.resolve(ex.uri(), ex.headers().first("Host"));
        rc.query = QueryParams.parse(rc.target.rawQuery());
        // AUTH-4: a signature vouches for one value per parameter; handlers read the first.
        String repeated = rc.query.repeated();
        if (repeated != null) throw ErrorCode.INVALID_ARGUMENT.exception("The query parameter " + repeated + " is given more than once.");
        rc.dialect = Dialect.detect(ex.headers(), rc.query);
        boolean copy = rc.dialectHeader("copy-source") != null;
        rc.operation = Router.route(ex.method(), rc.target.virtualHosted() ? null : rc.target.rawPath(), rc.bucketName(), rc.key(), rc.query, copy);
        Operation op = rc.operation;
        // /-/health and /-/metrics need no credentials (api/ops/OpsEndpoints).
        if (op.scope() == Operation.Scope.OPS) return dispatcher.dispatch(rc);
        rc.access = access;
        // Every OPTIONS is a CORS preflight, answered before authentication (semantics.md §1.4).
        if (op == Operation.OPTIONS_OBJECT) return cors.preflight(rc);
        if (op.scope() != Operation.Scope.ADMIN && rc.key() != null) Limits.checkKey(rc.key());

        authenticate(rc);
        // /-/admin/*: the bucket is named in the query or body; each endpoint lets only its owner's root in.
        if (op.scope() == Operation.Scope.ADMIN) return dispatcher.dispatch(rc);

        if (op.scope() != Operation.Scope.SERVICE && op != Operation.CREATE_BUCKET) {
            rc.bucket = meta.buckets().find(rc.bucketName()).orElseThrow(ErrorCode.NO_SUCH_BUCKET::exception);
        }
        access.check(rc);
        RequestGuard.apply(rc); // unbuilt headers 501, unsendable response-* 400, checksum headers verified (docs/unbuilt.md)
        return dispatcher.dispatch(rc);
    }

    private void authenticate(RequestContext rc) {
        Exchange ex = rc.exchange;
        AuthResult auth = authenticator.authenticate(new AuthRequest(ex.method(), rc.target.rawPath(),
                Addressing.decodePath(rc.target.rawPath()), rc.target.rawQuery(), ex.headers(), rc.target.signedHost()));
        rc.body = ex.body();
        if (auth instanceof AuthResult.Authenticated a) {
            rc.principal = a.key().principal();
            rc.authScheme = a.scheme();
            rc.signedHeaders = a.signedHeaders();
            rc.body = switch (a.payload()) {
                case AuthResult.Payload.Unsigned u -> ex.body();
                case AuthResult.Payload.Sha256 s -> new Sha256VerifyingStream(ex.body(), s.hex());
                case AuthResult.Payload.AwsChunked c -> new AwsChunkedInputStream(ex.body(), c);
            };
        } else {
            rc.principal = Principal.ANONYMOUS;
        }
    }
}
