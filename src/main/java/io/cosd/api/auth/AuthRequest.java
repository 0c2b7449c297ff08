package io.cosd.api.auth;

/**
 * What authentication needs from a request.
 *
 * @param method      upper-case HTTP method
 * @param rawPath     the path exactly as on the wire (percent-encoded), without query; "/" at least.
 *                    For absolute-form targets this is the path part only.
 * @param decodedPath the percent-decoded UTF-8 path ('+' stays '+'); COS q-sign signs this
 * @param rawQuery    the query string as on the wire without '?', or "" when absent
 * @param headers     request headers
 * @param host        the host the signature must cover: the routed Target's {@code signedHost}, never
 *                    re-read from the headers (docs/signing.md AUTH-1)
 * @param virtualBucket the routed bucket when the request is virtual-hosted (it is then not in the path),
 *                    else null: SigV2's canonical resource names it (docs/signing.md AUTH-7)
 */
public record AuthRequest(String method, String rawPath, String decodedPath, String rawQuery, HeaderView headers, String host,
                          String virtualBucket) {
    /** A path-style request (or one whose canonical resource need not name a virtual-hosted bucket). */
    public AuthRequest(String method, String rawPath, String decodedPath, String rawQuery, HeaderView headers, String host) {
        this(method, rawPath, decodedPath, rawQuery, headers, host, null);
    }

    /** A request whose host is its {@code Host} header (tests of captured requests). */
    public AuthRequest(String method, String rawPath, String decodedPath, String rawQuery, HeaderView headers) {
        this(method, rawPath, decodedPath, rawQuery, headers, headers.first("Host") == null ? "" : headers.first("Host").trim());
    }
}
