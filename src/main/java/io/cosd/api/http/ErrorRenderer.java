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
                ? new ErrorXml(c.code(), shown(msg), null, null, shown(resource), null, null, requestId, traceId, null)
                : new ErrorXml(c.code(), shown(msg), shown(e.method()), shown(e.resourceType()), shown(resource),
                        shown(e.element("Region")), shown(e.element("HeadersNotSigned")), requestId, null, traceId);
        return b.bytes(Xml.write(xml), "application/xml");
    }

    /**
     * ST-V1: an error's text as an XML 1.0 document can carry it. A message may quote what the client
     * sent (a tag value, a header, a policy string), which may hold characters no XML version allows
     * even as a reference (U+0000, lone surrogates, U+FFFE, U+FFFF) or only XML 1.1 does (the other C0
     * controls but TAB, LF and CR). Written as references, they made a body the SDKs could not parse, so
     * the client saw a parse failure instead of the error's code. Each is shown as {@code \\uXXXX}
     * instead: the body stays XML 1.0 and the message still says what was sent. Valid pairs, TAB, LF, CR
     * and everything else are kept.
     */
    static String shown(String s) {
        if (s == null) return null;
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            boolean pair = Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair || !unsendable(ch)) {
                if (out != null) {
                    out.append(ch);
                    if (pair) out.append(s.charAt(i + 1));
                }
                if (pair) i++;
                continue;
            }
            if (out == null) out = new StringBuilder(s.length() + 16).append(s, 0, i);
            out.append(String.format("\\u%04X", (int) ch));
        }
        return out == null ? s : out.toString();
    }

    /** Not an XML 1.0 Char (a lone surrogate here: pairs are handled by the caller). */
    private static boolean unsendable(char ch) {
        return (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || Character.isSurrogate(ch) || ch == 0xFFFE || ch == 0xFFFF;
    }
}
