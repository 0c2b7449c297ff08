package io.cosd.api.core;

import io.cosd.api.auth.AuthResult;
import io.cosd.api.auth.HeaderView;
import io.cosd.api.dialect.Addressing;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Exchange;
import io.cosd.api.route.Operation;
import io.cosd.api.route.QueryParams;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Principal;
import io.cosd.domain.signing.Hashes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * Everything a handler needs about one request, fixed once it is routed, authenticated and its
 * bucket looked up (docs/spec/design.md §2). Immutable: no handler can change what the next check sees.
 * ApiHandler collects the parts step by step in a {@link RequestBuilder}; the only copy made after
 * that swaps in the checksum-verifying body ({@link #withBody}).
 *
 * @param target        the one host/bucket/key both verifiers and the router read (docs/signing.md AUTH-1); null
 *                      only when the request failed before it was resolved
 * @param operation     the routed operation; cosd's own /-/ endpoints are operations too (scopes OPS, ADMIN)
 * @param authScheme    how the request authenticated (header or presigned, q-sign or SigV4); null when anonymous
 * @param signedHeaders lower-case names of the headers the signature covers; empty when anonymous
 * @param bucket        the resolved bucket for bucket/object scope (null for CreateBucket and service scope)
 * @param body          the body as the handler must read it (aws-chunked decoded, hashes verified); null before
 *                      authentication (a CORS preflight)
 * @param authorizer    for handlers' secondary checks ({@link #authorize})
 */
public record Request(Exchange exchange, Instant now, String requestId, String traceId,
                      Addressing.Target target, QueryParams query, Dialect dialect, Operation operation,
                      Principal principal, AuthResult.Scheme authScheme, Set<String> signedHeaders,
                      Bucket bucket, InputStream body, Authorizer authorizer) {

    public Request {
        signedHeaders = Set.copyOf(signedHeaders);
    }

    /** The request that just arrived: ids and clock fixed, nothing else known yet. */
    public static RequestBuilder arriving(Exchange exchange, Instant now) {
        return new RequestBuilder(exchange, now, RequestIds.next(), RequestIds.trace());
    }

    /** The same request reading {@code newBody} (the checksum-verifying stream put in front after authorization). */
    public Request withBody(InputStream newBody) {
        return new Request(exchange, now, requestId, traceId, target, query, dialect, operation,
                principal, authScheme, signedHeaders, bucket, newBody, authorizer);
    }

    /**
     * The same request as signed by {@code signer}: a POST Object form's signature, verified by its handler
     * from the form fields (docs/post-object.md), so the bucket policy decides for the signer.
     */
    public Request signedBy(Principal signer) {
        return new Request(exchange, now, requestId, traceId, target, query, dialect, operation,
                signer, authScheme, signedHeaders, bucket, body, authorizer);
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
        return dialectHeader(exchange.headers(), suffix);
    }

    /** As {@link #dialectHeader(String)}, for ApiHandler before the request is routed. */
    public static String dialectHeader(HeaderView headers, String suffix) {
        String v = headers.first("x-cos-" + suffix);
        return v != null ? v : headers.first("x-amz-" + suffix);
    }

    public String header(String name) { return exchange.headers().first(name); }

    /** A secondary authorization in this request's context, e.g. GetObject on a copy source (403 AccessDenied if refused). */
    public void authorize(Operation op, Bucket on, String key) {
        authorizer.authorize(this, op, on, key, null);
    }

    /** As above for a named version (a copy source's versionId: s3:GetObjectVersion, cos:versionid). */
    public void authorize(Operation op, Bucket on, String key, String versionId) {
        authorizer.authorize(this, op, on, key, versionId);
    }

    /** ACL-E4: when an ACL grant decided access, the version served must be one its (effective) ACL grants it on. */
    public void authorizeServed(Operation op, Bucket on, String key, String versionId, io.cosd.domain.object.ObjectVersion served) {
        authorizer.authorizeServed(this, op, on, key, versionId, served);
    }

    /**
     * As {@link #authorize(Operation, Bucket, String)}, the header-derived policy condition facts read from
     * {@code header} (a POST Object form's stored values, docs/security.md AUTH-P2). Named apart so that
     * {@code authorize(op, bucket, key, null)} stays unambiguous.
     */
    public void authorizeWithFacts(Operation op, Bucket on, String key, java.util.function.Function<String, String> header) {
        authorizer.authorize(this, op, on, key, null, header);
    }

    /** Response header name in this request's dialect. */
    public String out(String suffix) { return dialect.header(suffix); }

    /** Decoded Content-MD5, null when absent; anything but base64 of 16 bytes is InvalidDigest. */
    public byte[] contentMd5() {
        return contentMd5(header("Content-MD5"));
    }

    /** A Content-MD5 value (a header, or a POST form field) decoded: null when absent, InvalidDigest unless base64 of 16 bytes. */
    public static byte[] contentMd5(String v) {
        if (v == null) return null;
        try {
            byte[] d = Base64.getDecoder().decode(v.trim());
            if (d.length != 16) throw ErrorCode.INVALID_DIGEST.exception();
            return d;
        } catch (IllegalArgumentException e) {
            throw ErrorCode.INVALID_DIGEST.exception();
        }
    }

    /**
     * Reads a small (config/XML) body fully, refusing more than {@code max} bytes, and checks it against
     * its Content-MD5 when one is sent (never required; docs/security.md UB-7): every small body is read
     * here, so no handler can forget the check. A malformed Content-MD5 (not base64 of 16 bytes) is
     * {@code 400 InvalidDigest} before the first byte is read, so with {@code Expect: 100-continue} no
     * {@code 100} is sent and nothing is uploaded; a body that does not hash to it is {@code 400 BadDigest}
     * before any caller parses it: a body that is not the one sent is never validated as if it were.
     * Streamed bodies (PutObject, UploadPart, POST Object's file) are checked while they are stored
     * instead (service.BlobStreams).
     *
     * <p>A body declared longer with {@code Expect: 100-continue} is refused before its first byte is read,
     * so the edge sends no {@code 100 Continue} for it and the client uploads nothing (docs/edge.md EDGE-K3):
     * the same answer it got after the read, without the upload. Without the Expect the client is sending
     * the body already: refused unread, the connection would close under its write and the SDK would see a
     * broken pipe, not the error (the COS SDK's over-long policy, POL-A5), so the read to the cap decides.
     */
    public byte[] readSmallBody(int max, ErrorCode tooLarge) {
        byte[] want = contentMd5(); // UB-7: its form before the read (and before any 100)
        long decoded = decodedLength();
        if (expectsContinue() && declaredBodyLength() > max) throw tooLarge.exception();
        byte[] body = readUpTo(max, tooLarge);
        // An aws-chunked body's decoder holds it to its x-amz-decoded-content-length; a plain body that declares
        // one is held to it too, never has it ignored (the Expect check above trusted it): UB-7, as its digest.
        if (decoded >= 0 && body.length != decoded) {
            throw ErrorCode.INCOMPLETE_BODY.exception("The body's length is not its x-amz-decoded-content-length.");
        }
        if (want != null && !MessageDigest.isEqual(Hashes.digest("MD5").digest(body), want)) {
            throw ErrorCode.BAD_DIGEST.exception();
        }
        return body;
    }

    private byte[] readUpTo(int max, ErrorCode tooLarge) {
        try (InputStream in = body) {
            // Most bodies read here are a GET's empty one: no buffers for those.
            byte[] first = new byte[64];
            int n0 = in.read(first);
            if (n0 < 0) return new byte[0];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            hold(n0);
            out.write(first, 0, n0);
            if (out.size() > max) throw tooLarge.exception();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                hold(out.size() + n);
                out.write(buf, 0, n);
                if (out.size() > max) throw tooLarge.exception();
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ErrorCode.INCOMPLETE_BODY.exception(e.getMessage());
        }
    }

    /**
     * EDGE-B5 (docs/edge.md): the body bytes copied into the heap count against the edge's one budget of buffered
     * bodies until the answer; a request that holds its floor while the budget is full is refused (503 SlowDown, which
     * the SDKs retry) rather than made to wait for others, so many concurrent small-body requests cannot hold heap
     * outside the budget, and none waits on another. {@code total}: the bytes this read has copied so far. A body read
     * before the decision (EarlyBody, HeldBody, RequestGuard) is read here again from its held bytes: the same document,
     * so the request counts its largest copy once, not each copy (Exchange#holdHeap).
     */
    private void hold(int total) {
        if (exchange != null && !exchange.holdHeap(total)) {
            throw ErrorCode.SLOW_DOWN.exception("The server holds as many request bodies as it may; retry the request.");
        }
    }

    /**
     * The body's declared length: its {@code x-amz-decoded-content-length} (an aws-chunked body's decoder, and
     * readSmallBody for a plain one, refuse a body of another length), else Content-Length; -1 when neither
     * says (chunked: the read then decides, as before).
     */
    private long declaredBodyLength() {
        long decoded = decodedLength();
        if (decoded >= 0) return decoded;
        return exchange == null ? -1 : exchange.contentLength();
    }

    /** {@code x-amz-decoded-content-length}, -1 when absent; anything but a non-negative integer is InvalidArgument, before the read. */
    private long decodedLength() {
        String decoded = header("x-amz-decoded-content-length");
        if (decoded == null) return -1;
        try {
            long n = Long.parseLong(decoded.trim());
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ErrorCode.INVALID_ARGUMENT.exception("x-amz-decoded-content-length must be a non-negative integer");
    }

    /** The request asked for {@code 100 Continue}: its client sends no body before the edge sends it (EDGE-K3). */
    public boolean expectsContinue() {
        String expect = header("Expect");
        return expect != null && expect.trim().equalsIgnoreCase("100-continue");
    }

    /** The Resource element of error bodies. */
    public String resource() { return resource(target); }

    static String resource(Addressing.Target target) {
        if (target == null) return "/";
        String path = target.rawPath();
        return (target.virtualHosted() ? target.host() : "") + path + (target.rawQuery().isEmpty() ? "" : "?" + target.rawQuery());
    }
}
