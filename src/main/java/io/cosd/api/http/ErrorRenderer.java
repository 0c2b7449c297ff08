package io.cosd.api.http;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.xml.Xml;

/**
 * The one place error responses are built, in the request's dialect. HEAD errors carry no body
 * (the SDKs derive the code from the status). Never sends x-cos-error-code (docs/spec/protocol.md §3.5).
 * The request id header (and S3's x-amz-id-2) is stamped on every response by ApiHandler.
 */
public final class ErrorRenderer {
    private ErrorRenderer() {}

    /**
     * EDGE-K2: answers that say the body received differs from the one declared (its digest, its
     * SHA-256, its length) close the connection. A client whose body disagrees with its own headers
     * may also have sent more bytes than its Content-Length (botocore does when a hook shortens it),
     * and those bytes would be read as the start of the next request on a kept connection; botocore
     * retries BadDigest on the same connection and got the answer to that garbage.
     */
    static boolean closesConnection(ErrorCode c) {
        return c == ErrorCode.BAD_DIGEST || c == ErrorCode.INCOMPLETE_BODY || c == ErrorCode.INVALID_CONTENT_SHA256;
    }

    public static Response render(ApiException e, Dialect dialect, String requestId, String traceId,
                                  String resource, boolean head) {
        ErrorCode c = e.code();
        var b = Response.status(c.status());
        e.headers().forEach(b::header);
        // EDGE-K2: the body was not what its headers declared, so where it ends is not to be trusted either.
        if (closesConnection(c)) b.header("Connection", "close");
        if (dialect == Dialect.COS) b.header("x-cos-trace-id", traceId); // errors only (docs/spec/protocol.md §3.5)
        if (head) return b.empty();
        String msg = e.getMessage() == null || e.getMessage().isBlank() ? c.message() : e.getMessage();
        var xml = dialect == Dialect.COS
                ? new ErrorXml(c.code(), msg, null, null, resource, null, null, requestId, traceId, null)
                : new ErrorXml(c.code(), msg, e.method(), e.resourceType(), resource, e.element("Region"),
                        e.element("HeadersNotSigned"), requestId, null, traceId);
        return b.bytes(Xml.write(xml), "application/xml");
    }
}
