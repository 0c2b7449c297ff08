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
 */
public record AuthRequest(String method, String rawPath, String decodedPath, String rawQuery, HeaderView headers) {}
