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

    public static Response render(ApiException e, Dialect dialect, String requestId, String traceId,
                                  String resource, boolean head) {
        ErrorCode c = e.code();
        var b = Response.status(c.status());
        e.headers().forEach(b::header);
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
