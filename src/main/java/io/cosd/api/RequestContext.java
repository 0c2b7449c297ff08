package io.cosd.api;

import io.cosd.api.auth.HeaderView;
import io.cosd.api.dialect.Addressing;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Exchange;
import io.cosd.api.policy.Access;
import io.cosd.api.route.Operation;
import io.cosd.api.route.QueryParams;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Principal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/** Everything a handler needs about one request. Built once by {@link ApiHandler}. */
public final class RequestContext {
    public final String requestId = RequestIds.next();
    public final String traceId = RequestIds.trace();
    public final Exchange exchange;
    public final Instant now;
    public Dialect dialect = Dialect.COS;
    public Addressing.Target target;
    public QueryParams query = QueryParams.parse("");
    public Operation operation;
    public Principal principal = Principal.ANONYMOUS;
    /** How the request authenticated (header or presigned, q-sign or SigV4); null when anonymous. */
    public io.cosd.api.auth.AuthResult.Scheme authScheme;
    /** Lower-case names of the headers the request's signature covers; empty when anonymous. */
    public java.util.Set<String> signedHeaders = java.util.Set.of();
    public Bucket bucket;          // resolved bucket for bucket/object scope (null for CreateBucket/service)
    /** The body as the handler must read it (aws-chunked decoded when needed). */
    public InputStream body;
    /** Set by ApiHandler; handlers use {@link #authorize} for secondary checks (a copy source). */
    Access access;

    RequestContext(Exchange exchange, Instant now) {
        this.exchange = exchange;
        this.now = now;
    }

    public String method() { return exchange.method(); }

    public HeaderView headers() { return exchange.headers(); }

    public String bucketName() { return target == null ? null : target.bucket(); }

    public String key() { return target == null ? null : target.key(); }

    /**
     * A request header given by suffix in either spelling: {@code header("copy-source")} reads x-cos- or x-amz-.
     * For the effect-choosing headers this is safe whichever spelling it returns: both spellings, when
     * present, carry the same value, and a signed request has signed the one present (docs/signing.md
     * AUTH-3, AUTH-3b; enforced by the Authenticator before any handler runs).
     */
    public String dialectHeader(String suffix) {
        String v = exchange.headers().first("x-cos-" + suffix);
        return v != null ? v : exchange.headers().first("x-amz-" + suffix);
    }

    public String header(String name) { return exchange.headers().first(name); }

    /** A secondary authorization in this request's context, e.g. GetObject on a copy source (403 AccessDenied if refused). */
    public void authorize(Operation op, Bucket on, String key) {
        access.check(this, op, on, key, null);
    }

    /** As above for a named version (a copy source's versionId: s3:GetObjectVersion, cos:versionid). */
    public void authorize(Operation op, Bucket on, String key, String versionId) {
        access.check(this, op, on, key, versionId);
    }

    /** Response header name in this request's dialect. */
    public String out(String suffix) { return dialect.header(suffix); }

    /** Decoded Content-MD5, null when absent; anything but base64 of 16 bytes is InvalidDigest. */
    public byte[] contentMd5() {
        String v = header("Content-MD5");
        if (v == null) return null;
        try {
            byte[] d = java.util.Base64.getDecoder().decode(v.trim());
            if (d.length != 16) throw ErrorCode.INVALID_DIGEST.exception();
            return d;
        } catch (IllegalArgumentException e) {
            throw ErrorCode.INVALID_DIGEST.exception();
        }
    }

    /**
     * A fully read small body against Content-MD5 when sent (never required): InvalidDigest or
     * BadDigest. Streamed bodies are checked while they are written instead (service.BlobStreams).
     */
    public void checkContentMd5(byte[] body) {
        byte[] want = contentMd5();
        if (want == null) return;
        if (!java.security.MessageDigest.isEqual(io.cosd.domain.signing.Hashes.digest("MD5").digest(body), want)) {
            throw ErrorCode.BAD_DIGEST.exception();
        }
    }

    /** Reads a small (config/XML) body fully, refusing more than {@code max} bytes. */
    public byte[] readSmallBody(int max, ErrorCode tooLarge) {
        try (InputStream in = body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                if (out.size() > max) throw tooLarge.exception();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ErrorCode.INCOMPLETE_BODY.exception(e.getMessage());
        }
    }

    /** The Resource element of error bodies. */
    public String resource() {
        if (target == null) return "/";
        String path = target.rawPath();
        return (target.virtualHosted() ? target.host() : "") + path + (target.rawQuery().isEmpty() ? "" : "?" + target.rawQuery());
    }
}
