package io.cosd.api.dialect;

import io.cosd.api.auth.HeaderView;
import io.cosd.api.route.QueryParams;

/**
 * The two wire dialects. COS: {@code x-cos-*} headers, q-sign, COS error envelope with TraceId.
 * S3: {@code x-amz-*} headers, SigV4, S3 error envelope with HostId. Request headers are accepted in
 * both spellings whatever the dialect; response headers use the dialect's prefix.
 */
public enum Dialect {
    COS("x-cos-", "x-cos-request-id"),
    S3("x-amz-", "x-amz-request-id");

    private final String prefix;
    private final String requestIdHeader;

    Dialect(String prefix, String requestIdHeader) {
        this.prefix = prefix;
        this.requestIdHeader = requestIdHeader;
    }

    /** Header prefix, e.g. {@code x-cos-}. */
    public String prefix() { return prefix; }

    public String header(String suffix) { return prefix + suffix; }

    public String requestIdHeader() { return requestIdHeader; }

    public static Dialect detect(HeaderView h, QueryParams q) {
        String auth = h.first("Authorization");
        if (auth != null && (auth.startsWith("AWS4-") || auth.startsWith("AWS "))) return S3;
        if (q.has("X-Amz-Algorithm") || q.has("X-Amz-Signature") || q.has("AWSAccessKeyId")) return S3;
        if (auth != null && auth.startsWith("q-sign-algorithm")) return COS;
        for (var e : h.entries()) {
            String k = e.getKey();
            if (k.regionMatches(true, 0, "x-amz-", 0, 6)) return S3;
        }
        return COS;
    }
}
