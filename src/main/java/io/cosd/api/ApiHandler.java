package io.cosd.api;

import io.cosd.api.auth.AuthRequest;
import io.cosd.api.auth.AuthResult;
import io.cosd.api.auth.Authenticator;
import io.cosd.api.auth.AwsChunkedInputStream;
import io.cosd.api.core.HttpDates;
import io.cosd.api.core.Limits;
import io.cosd.api.core.Request;
import io.cosd.api.core.RequestBuilder;
import io.cosd.api.cors.CorsHandler;
import io.cosd.api.dialect.Addressing;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.DomainErrors;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.error.StorageFaults;
import io.cosd.api.http.ErrorRenderer;
import io.cosd.api.http.Exchange;
import io.cosd.api.http.Response;
import io.cosd.api.ops.AdminAudit;
import io.cosd.api.ops.AdminGate;
import io.cosd.api.ops.ConsoleOrigin;
import io.cosd.api.ops.RequestMetrics;
import io.cosd.api.core.ExpectedOwner;
import io.cosd.api.policy.Access;
import io.cosd.api.policy.TaggingBody;
import io.cosd.api.route.Operation;
import io.cosd.domain.bucket.BucketNames;
import io.cosd.api.route.QueryParams;
import io.cosd.api.route.Router;
import io.cosd.domain.Refusal;
import io.cosd.service.StorageFault;
import io.cosd.store.meta.EventLoopReads;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.NoSuchBucketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A request's way through the server (docs/spec/design.md §2): target and dialect, route, authenticate,
 * resolve the bucket, authorize once, dispatch, and answer with the dialect's request id. Every
 * failure becomes an {@link ErrorCode} response here and nowhere else.
 */
public final class ApiHandler implements Consumer<Exchange> {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);
    private static final HttpDates DATES = new HttpDates();

    private final Addressing addressing;
    private final Authenticator authenticator;
    private final MetadataStore meta;
    private final Dispatcher dispatcher;
    private final CorsHandler cors;
    private final Clock clock;
    private final RequestMetrics metrics;
    private final Access access;

    /** SSE-16: whether a key service is wired, so SSE-KMS headers are built rather than 501 (docs/encryption.md). */
    private boolean kms;

    public ApiHandler withKms(boolean keyServiceWired) {
        this.kms = keyServiceWired;
        return this;
    }

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
        if (!ex.onEventLoop()) {
            answer(ex);
            return;
        }
        // On the event loop (docs/performance.md "The GET path"): the store reads on the loop's own
        // connection and defers anything that would wait; the edge then runs the request again.
        try {
            EventLoopReads.run(() -> {
                answer(ex);
                return null;
            });
        } catch (EventLoopReads.Defer e) {
            throw new Exchange.OffLoop(e.getMessage());
        }
    }

    private void answer(Exchange ex) {
        long t0 = System.nanoTime();
        RequestBuilder rb = Request.arriving(ex, clock.instant());
        MDC.put("request_id", rb.requestId());
        Response r;
        try {
            r = handle(rb, ex);
        } catch (EventLoopReads.Defer | Exchange.OffLoop e) {
            throw e; // unanswered: the request runs again off the event loop (nothing was changed)
        } catch (ApiException e) {
            // A body that timed out or was cut off below the minimum rate is RequestTimeout, as S3 answers it (docs/edge.md EDGE-C2).
            if (ex.body().timedOut()) e = ErrorCode.REQUEST_TIMEOUT.exception();
            r = error(e, rb, ex);
        } catch (Refusal e) {
            // A domain reason, translated once (api/error/DomainErrors); a body cut off mid-read is still RequestTimeout (EDGE-C2).
            r = error(ex.body().timedOut() ? ErrorCode.REQUEST_TIMEOUT.exception() : DomainErrors.toApi(e), rb, ex);
        } catch (NoSuchBucketException e) {
            // Deleted after this request looked the bucket up; the write changed nothing (docs/storage.md).
            r = error(ErrorCode.NO_SUCH_BUCKET.exception(), rb, ex);
        } catch (StorageFault e) {
            // Disk full (503) or damaged stored data (500): docs/storage.md; the detail goes to the log.
            log.warn("{} on {} {}: {}", e.reason(), ex.method(), ex.uri(), e.getMessage());
            r = error(StorageFaults.toApi(e), rb, ex);
        } catch (RuntimeException | Error e) {
            ApiException busy = StorageFaults.contended(e); // SC-T4, SC-T8, SC-F2: 503, nothing committed
            if (busy != null) {
                log.warn("metadata {} on {} {}: {}", io.cosd.store.meta.StoreException.busy(e), ex.method(), ex.uri(), e.getMessage());
                r = error(busy, rb, ex);
            } else {
                log.error("internal error on {} {}", ex.method(), ex.uri(), e);
                ApiException full = StorageFaults.diskFull(e); // e.g. SQLITE_FULL: 503, not 500 (docs/storage.md ST-F4)
                r = error(full != null ? full : ErrorCode.INTERNAL_ERROR.exception(), rb, ex);
            }
        } finally {
            MDC.remove("request_id");
        }
        // CORS headers on actual cross-origin responses, success and error alike (CORS-R1..R4).
        try {
            r = cors.decorate(ex.headers(), ex.method(), rb.bucketName(), rb.dialect(), r);
        } catch (EventLoopReads.Defer e) {
            closeBlobs(r); // the rerun opens its own; these would wait for the garbage collector
            throw e;
        }
        // The headers every response carries, success or error, added here and nowhere else.
        var common = new ArrayList<Map.Entry<String, String>>(6);
        common.add(Map.entry(rb.dialect().requestIdHeader(), rb.requestId()));
        if (rb.dialect() == Dialect.S3) common.add(Map.entry("x-amz-id-2", rb.traceId()));
        common.add(Map.entry("Date", DATES.format(rb.now())));
        common.add(Map.entry("Server", rb.dialect() == Dialect.COS ? "tencent-cos" : "cosd"));
        // CON-O2: on the console's host no stored byte runs as a document of the console's origin
        if (ConsoleOrigin.sandboxes(dispatcher.consoleOn(), rb.target(), rb.operation(), r.status())) common.addAll(ConsoleOrigin.SANDBOX);
        metrics.record(rb.operation(), r.status(), System.nanoTime() - t0);
        ex.respond(r.withHeaders(common));
    }

    private static void closeBlobs(Response r) {
        if (!(r.body() instanceof Response.Segments segs)) return;
        for (AutoCloseable c : segs.resources()) {
            try {
                c.close();
            } catch (Exception ignored) {
                // read-only file channels: nothing to lose
            }
        }
    }

    /** The error response in the dialect and with the ids known when the request failed, however far it got. */
    private static Response error(ApiException e, RequestBuilder rb, Exchange ex) {
        return ErrorRenderer.render(e, rb.dialect(), rb.requestId(), rb.traceId(), rb.resource(), "HEAD".equals(ex.method()));
    }

    private Response handle(RequestBuilder rb, Exchange ex) {
        // AUTH-1: one Host; the Target derived from it (and any absolute-form authority) is what routing
        // and the verifiers both read.
        if (ex.headers().count("Host") > 1) throw ErrorCode.INVALID_REQUEST.exception("The request carries more than one Host header.");
        Addressing.Target target = addressing.resolve(ex.uri(), ex.headers().first("Host"));
        QueryParams query = QueryParams.parse(target.rawQuery());
        rb.target(target, query);
        // AUTH-4: a signature vouches for one value per parameter; handlers read the first.
        String repeated = query.repeated();
        if (repeated != null) throw ErrorCode.INVALID_ARGUMENT.exception("The query parameter " + repeated + " is given more than once.");
        String nul = query.withNul();
        if (nul != null) throw ErrorCode.INVALID_ARGUMENT.exception("The query parameter " + nul + " contains the character U+0000.");
        rb.dialect(Dialect.detect(ex.headers(), query));
        String copySource = Request.dialectHeader(ex.headers(), "copy-source");
        boolean copy = copySource != null;
        Operation op = Router.route(ex.method(), target.virtualHosted() ? null : target.rawPath(), target.bucket(), target.key(), query, copy);
        rb.operation(op);
        // Only object reads stay on the event loop; a listing or any other request may take longer.
        if (ex.onEventLoop() && op != Operation.GET_OBJECT && op != Operation.HEAD_OBJECT) throw new Exchange.OffLoop(op.name());
        // ST-V4: no bucket can be named with U+0000 (PostgreSQL's text cannot even look one up: a 500 before)
        if (target.bucket() != null && target.bucket().indexOf('\0') >= 0) {
            throw ErrorCode.INVALID_BUCKET_NAME.exception("Bucket name must not contain the character U+0000.");
        }
        // /-/health and /-/metrics need no credentials (api/ops/OpsEndpoints).
        if (op.scope() == Operation.Scope.OPS) return dispatcher.dispatch(rb.build());
        // ST-V5: a name no bucket can have (too long, too short, a character no rule allows), from the Host or the
        // path, is 400 InvalidBucketName now, before authentication and any lookup: such a name costs no database
        // read (nor fills a thread's memo, which does not keep keys over 2,048 characters). CreateBucket judges its
        // name itself, with the hint (BucketNameHint); /-/admin names its bucket in the query or body.
        if (target.bucket() != null && op.scope() != Operation.Scope.ADMIN && op != Operation.CREATE_BUCKET
                && !BucketNames.mayExist(target.bucket())) {
            throw ErrorCode.INVALID_BUCKET_NAME.exception();
        }
        // ST-V5: and so is the bucket of a copy source, read from the header CopyObject and UploadPartCopy parse.
        if (copy && (op == Operation.COPY_OBJECT || op == Operation.UPLOAD_PART_COPY)) {
            io.cosd.api.object.CopyHandler.refuseSourceBucketNoneCanHave(copySource);
        }
        rb.authorizer(access);
        // Every OPTIONS is a CORS preflight, answered before authentication (docs/spec/semantics.md §1.4).
        if (op == Operation.OPTIONS_OBJECT) return cors.preflight(rb.dialect(CorsHandler.preflightDialect(rb.dialect(), ex.headers())).build());
        if (op.scope() != Operation.Scope.ADMIN && target.key() != null) {
            // ST-V2: names that writes create must be ones every listing can carry
            if (op == Operation.PUT_OBJECT || op == Operation.COPY_OBJECT || op == Operation.INITIATE_MULTIPART_UPLOAD) {
                Limits.checkNewKey(target.key());
            } else {
                Limits.checkKey(target.key());
            }
        }

        AuthResult auth = authenticate(rb, ex);
        // /-/admin/*: the bucket is named in the query or body; each endpoint lets only its owner's root in.
        if (op.scope() == Operation.Scope.ADMIN) {
            RequestGuard.admin(ex.headers());   // UB-1: no expected-owner check there (docs/unbuilt.md)
            // ADM-10: each change, done or refused by the gate or the endpoint, is one audit line
            return AdminAudit.record(op, ex.method(), auth, query, () -> {
                AdminGate.requireShortLivedSignature(op, auth, rb.now()); // ADM-9: no presigned URL, no week-long q-sign
                AdminGate.requireSignedParams(op, query, auth); // ADM-2: only signed parameters decide what it does
                return dispatcher.dispatch(AdminGate.refuseUnreadBody(op, rb.build())); // ADM-12, UB-7: nor an unread body
            });
        }

        if (op.scope() != Operation.Scope.SERVICE && op != Operation.CREATE_BUCKET) {
            rb.bucket(meta.buckets().find(target.bucket()).orElseThrow(ErrorCode.NO_SUCH_BUCKET::exception));
        }
        Request rc = rb.build();
        RequestGuard.refuseAnonymousOverrides(rc); // AUTH-4c: an unsigned request chooses no response header
        // POST Object names its key and signer in the form body: its handler authorizes once it has read
        // them and before it stores a byte (docs/post-object.md, AUTH-P2).
        // ACL-E4: a GET/HEAD's (normally empty) body is read before it is authorized, so the caller
        // cannot hold the request open between the ACL check and the lookup of the version served.
        if (op == Operation.GET_OBJECT || op == Operation.HEAD_OBJECT || op == Operation.GET_OBJECT_ATTRIBUTES) {
            // UB-7, UB-3: checked here (EarlyBody), and the bytes read handed on: RequestGuard and the handler's
            // drain check the same digests again, so an emptied stream would turn a matching body into BadDigest.
            rc = rc.withBody(new java.io.ByteArrayInputStream(io.cosd.api.core.EarlyBody.read(rc, io.cosd.api.core.EarlyBody.MAX_BYTES, ErrorCode.INVALID_REQUEST)));
        }
        // POL-S11: a tagging body's tags are condition facts, so the (small, capped) body is read first.
        if (op == Operation.PUT_OBJECT_TAGGING) rc = TaggingBody.hold(rc);
        // LOCK-A1: a retention or legal-hold body's lock is the condition keys' facts, so it is read first too.
        if (io.cosd.api.policy.LockBody.holds(op)) rc = io.cosd.api.policy.LockBody.hold(rc);
        boolean deferred = op != Operation.POST_OBJECT && access.check(rc);
        // A DeleteObjects deferred to its keys checks the expected owner once one key is allowed (its handler),
        // so a caller the bucket admits for nothing cannot learn its owner (docs/access-control.md)
        if (!deferred) ExpectedOwner.check(rc);
        // unbuilt headers 501, unsendable response-* 400, checksum headers verified (docs/unbuilt.md)
        rc = rc.withBody(RequestGuard.apply(rc, kms));
        return dispatcher.dispatch(rc);
    }

    private AuthResult authenticate(RequestBuilder rb, Exchange ex) {
        Addressing.Target t = rb.target();
        AuthResult auth = authenticator.authenticate(new AuthRequest(ex.method(), t.rawPath(),
                Addressing.decodePath(t.rawPath()), t.rawQuery(), ex.headers(), t.signedHost(), t.virtualHosted() ? t.bucket() : null));
        if (auth instanceof AuthResult.Authenticated a) {
            rb.authenticated(a.key().principal(), a.scheme(), a.signedHeaders(), switch (a.payload()) {
                case AuthResult.Payload.Unsigned u -> ex.body();
                case AuthResult.Payload.Sha256 s -> Sha256VerifyingStream.of(ex.body(), s.hex());
                case AuthResult.Payload.AwsChunked c -> AwsChunkedInputStream.of(ex.body(), c);
            });
        } else {
            rb.anonymous(anonymousBody(ex));
        }
        return auth;
    }

    /**
     * AUTH-11: an anonymous request's body is stored as sent, so what it declares about that body must
     * hold or be refused, never ignored: an {@code x-amz-content-sha256} digest is verified
     * (XAmzContentSHA256Mismatch), and an aws-chunked body (a {@code STREAMING-*} value or
     * {@code Content-Encoding: aws-chunked}), which only a signed request can frame here, is
     * {@code 400 InvalidRequest}: stored undecoded, its chunk framing would become the object's bytes.
     */
    static java.io.InputStream anonymousBody(Exchange ex) {
        String sha = ex.headers().first("x-amz-content-sha256");
        String encoding = ex.headers().first("Content-Encoding");
        boolean chunked = (sha != null && sha.trim().startsWith("STREAMING-"))
                || (encoding != null && java.util.Arrays.stream(encoding.split(",")).anyMatch(e -> e.trim().equalsIgnoreCase("aws-chunked")));
        if (chunked) {
            throw ErrorCode.INVALID_REQUEST.exception("An aws-chunked body needs a signed request (SigV4); send an anonymous body as it is.");
        }
        if (sha == null || sha.trim().equals("UNSIGNED-PAYLOAD")) return ex.body();
        String hex = sha.trim();
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw ErrorCode.INVALID_ARGUMENT.exception("x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a SHA-256 hex digest.");
        }
        return Sha256VerifyingStream.of(ex.body(), hex.toLowerCase(java.util.Locale.ROOT));
    }
}
