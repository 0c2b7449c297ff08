package io.cosd.api.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * AWS Signature Version 4 building blocks, S3 flavour (no double encoding of the path, no path
 * normalisation). Pure functions; {@link SigV4Verifier} decides which candidate forms to try.
 */
final class SigV4Signer {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    private SigV4Signer() {}

    static byte[] signingKey(String secretKey, String date, String region, String service) {
        byte[] k = Hashes.hmacSha256(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        k = Hashes.hmacSha256(k, region);
        k = Hashes.hmacSha256(k, service);
        return Hashes.hmacSha256(k, "aws4_request");
    }

    static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
                                   String canonicalHeaders, String signedHeaders, String payloadHash) {
        return method + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n"
                + signedHeaders + "\n" + payloadHash;
    }

    static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + Hashes.sha256Hex(canonicalRequest);
    }

    static String sign(byte[] signingKey, String stringToSign) {
        return Hashes.hex(Hashes.hmacSha256(signingKey, stringToSign));
    }

    /** aws-chunked: one chunk's string-to-sign, chained on the previous signature. */
    static String chunkStringToSign(String amzDate, String scope, String previousSignature, String chunkSha256Hex) {
        return "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previousSignature + "\n"
                + Hashes.EMPTY_SHA256 + "\n" + chunkSha256Hex;
    }

    /** aws-chunked with signed trailer: the trailer's string-to-sign. */
    static String trailerStringToSign(String amzDate, String scope, String previousSignature, String trailerSha256Hex) {
        return "AWS4-HMAC-SHA256-TRAILER\n" + amzDate + "\n" + scope + "\n" + previousSignature + "\n" + trailerSha256Hex;
    }

    /** Each path segment RFC 3986-encoded, '/' kept. S3 signs the path once-encoded. */
    static String canonicalUri(String decodedPath) {
        String p = decodedPath == null || decodedPath.isEmpty() ? "/" : decodedPath;
        return UriCodec.encode(p, true);
    }

    /**
     * Sorted {@code k=v} pairs, both sides decoded then re-encoded.
     *
     * @param exclude     a parameter name to leave out ({@code X-Amz-Signature} for presigned URLs), or null
     * @param plusIsSpace whether '+' in the raw query means a space (form encoding) or a literal '+'
     */
    static String canonicalQuery(QueryString q, String exclude, boolean plusIsSpace) {
        List<String[]> pairs = new ArrayList<>();
        for (QueryString.Param p : q.params()) {
            String k = plusIsSpace ? p.formKey() : p.key();
            if (k.equals(exclude)) continue;
            String v = plusIsSpace ? p.formValue() : p.value();
            pairs.add(new String[] {UriCodec.encode(k), UriCodec.encode(v)});
        }
        pairs.sort(Comparator.<String[], String>comparing(a -> a[0]).thenComparing(a -> a[1]));
        List<String> out = new ArrayList<>(pairs.size());
        for (String[] a : pairs) out.add(a[0] + "=" + a[1]);
        return String.join("&", out);
    }

    /** {@code name:value\n} for each signed header, in the order of SignedHeaders. */
    static String canonicalHeaders(HeaderView h, List<String> signedHeaders) {
        StringBuilder sb = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> vals = new ArrayList<>();
            for (String v : h.all(name)) vals.add(normalizeValue(v));
            sb.append(name).append(':').append(String.join(",", vals)).append('\n');
        }
        return sb.toString();
    }

    /** Trim and collapse inner runs of spaces/tabs to one space. */
    static String normalizeValue(String v) {
        if (v == null) return "";
        return v.trim().replaceAll("[ \\t]+", " ");
    }

    static List<String> parseSignedHeaders(String s) {
        List<String> out = new ArrayList<>();
        for (String n : s.split(";")) {
            String t = n.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) out.add(t);
        }
        return out;
    }
}
