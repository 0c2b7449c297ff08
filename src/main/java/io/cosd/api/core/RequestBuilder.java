package io.cosd.api.core;

import io.cosd.api.auth.AuthResult;
import io.cosd.api.dialect.Addressing;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Exchange;
import io.cosd.api.route.Operation;
import io.cosd.api.route.QueryParams;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Principal;

import java.io.InputStream;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What ApiHandler has learnt about a request so far, collected in the order of docs/spec/design.md §2
 * (target and dialect, route, authenticate, bucket) and then frozen into a {@link Request}. It also
 * answers what an error response needs when a step failed before the request was complete: the
 * dialect, ids, resource and operation known at that point. Only ApiHandler holds one; handlers see
 * the frozen {@link Request}.
 */
public final class RequestBuilder {
    /** Until an authorizer is set, every secondary check is refused (nothing is granted by omission). */
    private static final Authorizer DENY_ALL = (request, op, on, key, versionId) -> {
        throw ErrorCode.ACCESS_DENIED.exception();
    };

    private final Exchange exchange;
    private final Instant now;
    private final String requestId;
    private final String traceId;
    private Addressing.Target target;
    private QueryParams query = QueryParams.parse("");
    private Dialect dialect = Dialect.COS;
    private Operation operation;
    private Principal principal = Principal.ANONYMOUS;
    private AuthResult.Scheme authScheme;
    private Set<String> signedHeaders = Set.of();
    private Bucket bucket;
    private InputStream body;
    private Authorizer authorizer = DENY_ALL;

    RequestBuilder(Exchange exchange, Instant now, String requestId, String traceId) {
        this.exchange = exchange;
        this.now = now;
        this.requestId = requestId;
        this.traceId = traceId;
    }

    /** Where the request goes and which parameters it carries (AUTH-1: the one Target routing and the verifiers read). */
    public RequestBuilder target(Addressing.Target target, QueryParams query) {
        this.target = Objects.requireNonNull(target);
        this.query = Objects.requireNonNull(query);
        return this;
    }

    public RequestBuilder dialect(Dialect dialect) {
        this.dialect = Objects.requireNonNull(dialect);
        return this;
    }

    public RequestBuilder operation(Operation operation) {
        this.operation = operation;
        return this;
    }

    public RequestBuilder authorizer(Authorizer authorizer) {
        this.authorizer = Objects.requireNonNull(authorizer);
        return this;
    }

    /** A verified signature: who signed, how, which headers it covers, and the body as it must be read. */
    public RequestBuilder authenticated(Principal principal, AuthResult.Scheme scheme, Set<String> signedHeaders, InputStream body) {
        this.principal = Objects.requireNonNull(principal);
        this.authScheme = scheme;
        this.signedHeaders = signedHeaders;
        this.body = body;
        return this;
    }

    /** No signature at all: the anonymous principal reading the raw body. */
    public RequestBuilder anonymous(InputStream body) {
        this.principal = Principal.ANONYMOUS;
        this.body = body;
        return this;
    }

    public RequestBuilder bucket(Bucket bucket) {
        this.bucket = bucket;
        return this;
    }

    public Request build() {
        return new Request(exchange, now, requestId, traceId, target, query, dialect, operation,
                principal, authScheme, signedHeaders, bucket, body, authorizer);
    }

    // What the response needs whether or not the request got far enough to be built.

    public Addressing.Target target() { return target; }

    public Dialect dialect() { return dialect; }

    public Operation operation() { return operation; }

    public String requestId() { return requestId; }

    public String traceId() { return traceId; }

    public Instant now() { return now; }

    public String bucketName() { return target == null ? null : target.bucket(); }

    /** The Resource element of error bodies. */
    public String resource() { return Request.resource(target); }
}
