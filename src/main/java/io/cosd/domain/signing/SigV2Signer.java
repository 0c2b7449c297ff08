package io.cosd.domain.signing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * AWS Signature Version 2 math (S3 developer guide, "Signing and authenticating REST requests"):
 * StringToSign, canonicalized x-amz-* headers, canonicalized resource, HMAC-SHA1 in base64. Pure: strings
 * in, strings out; the request-side rebuilding and the rules (docs/signing.md "SigV2", AUTH-7..10)
 * live in {@code api.auth.SigV2Verifier}.
 */
public final class SigV2Signer {
    private SigV2Signer() {}

    /**
     * The query parameters a SigV2 signer puts into the canonicalized resource: the developer guide's
     * list plus what the widespread signers add (botocore's {@code HmacV1Auth.QSAOfInterest}, s3cmd's
     * {@code SUBRESOURCES_TO_INCLUDE}). One fixed set: a client that leaves one of these out of its
     * resource signs something else, and a parameter outside it cannot be signed at all (AUTH-8).
     */
    public static final Set<String> SUB_RESOURCES = Set.of("accelerate", "acl", "analytics", "cors", "defaultObjectAcl", "delete",
            "inventory", "lifecycle", "location", "logging", "metrics", "notification", "object-lock", "partNumber", "policy",
            "replication", "requestPayment", "restore", "select", "select-type", "storageClass", "tagging", "torrent", "uploadId",
            "uploads", "versionId", "versioning", "versions", "website",
            "response-cache-control", "response-content-disposition", "response-content-encoding", "response-content-language",
            "response-content-type", "response-expires");

    /**
     * {@code METHOD\nContent-MD5\nContent-Type\nDate\n<canonical x-amz headers><canonical resource>}.
     *
     * @param date             the Date header, "" when x-amz-date is sent, or Expires (seconds) for a presigned URL
     * @param canonicalAmzHeaders from {@link #canonicalAmzHeaders}: each line ends in '\n'
     */
    public static String stringToSign(String method, String contentMd5, String contentType, String date,
                                      String canonicalAmzHeaders, String canonicalResource) {
        return method + '\n' + nz(contentMd5) + '\n' + nz(contentType) + '\n' + nz(date) + '\n' + canonicalAmzHeaders + canonicalResource;
    }

    /**
     * Every {@code x-amz-*} header: name lower-cased, sorted, the values of a repeated name joined by ','
     * in wire order, each value trimmed with folded lines (CRLF plus whitespace) unfolded to one space.
     *
     * @param skip a lower-case header to leave out (the developer guide's DELETE example moves
     *             {@code x-amz-date} to the Date line), or null
     */
    public static String canonicalAmzHeaders(List<Map.Entry<String, String>> headers, String skip) {
        TreeMap<String, List<String>> amz = new TreeMap<>();
        for (var e : headers) {
            String n = e.getKey().toLowerCase(Locale.ROOT).trim();
            if (!n.startsWith("x-amz-") || n.equals(skip)) continue;
            amz.computeIfAbsent(n, k -> new ArrayList<>()).add(unfold(e.getValue()));
        }
        StringBuilder sb = new StringBuilder();
        for (var e : amz.entrySet()) sb.append(e.getKey()).append(':').append(String.join(",", e.getValue())).append('\n');
        return sb.toString();
    }

    static String unfold(String v) {
        return v == null ? "" : v.replaceAll("[ \\t]*\\r?\\n[ \\t]*", " ").strip();
    }

    /**
     * {@code /bucket/key} (or {@code /} for the service) plus {@code ?a&b=v} of the sub-resources present,
     * sorted by name.
     *
     * @param path              the request path including the bucket: {@code /bucket/key} whether the
     *                          request was path-style or virtual-hosted (the caller prefixes the bucket)
     * @param subResources      name and value pairs already restricted to {@link #SUB_RESOURCES}; value
     *                          "" for a bare name
     * @param equalsWhenEmpty   render an empty value as {@code name=} (botocore, when the query had '=')
     *                          rather than {@code name} (s3cmd, the developer guide)
     */
    public static String canonicalResource(String path, List<String[]> subResources, boolean equalsWhenEmpty) {
        if (subResources.isEmpty()) return path;
        List<String[]> sorted = new ArrayList<>(subResources);
        sorted.sort(Comparator.comparing(a -> a[0]));
        StringBuilder sb = new StringBuilder(path);
        char sep = '?';
        for (String[] p : sorted) {
            sb.append(sep).append(p[0]);
            if (!p[1].isEmpty() || equalsWhenEmpty) sb.append('=').append(p[1]);
            sep = '&';
        }
        return sb.toString();
    }

    /** Base64 of HMAC-SHA1(secret, stringToSign), UTF-8. */
    public static String sign(String secretKey, String stringToSign) {
        return Base64.getEncoder().encodeToString(Hashes.hmacSha1(secretKey.getBytes(StandardCharsets.UTF_8), stringToSign));
    }

    /** Constant-time comparison of a computed signature with the one the client sent (AUTH-10). */
    public static boolean signatureEquals(String computed, String provided) {
        if (computed == null || provided == null) return false;
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII), provided.trim().getBytes(StandardCharsets.US_ASCII));
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
