package io.cosd.e2e;

import io.cosd.domain.signing.SigV4Signer;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The head of a path-style S3 request SigV4-signed in the {@code Authorization} header with the e2e root
 * key, for bodies no SDK sends (a body cut off midway, a forged trailer): every header given is signed,
 * with {@code host}, {@code x-amz-date} and {@code x-amz-content-sha256}. What chunk and trailer
 * signatures chain from is kept: the date, the scope, the signing key and the seed signature.
 */
record SigV4Head(String amzDate, String scope, SigV4Signer.SigningKey key, String seed, Map<String, String> headers) {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * Signs {@code method path} on the server at {@code port}, whose body is declared as {@code payload}
     * (its SHA-256 in hex, or a STREAMING-… mode); {@code extra}: further headers, lower-case names.
     */
    static SigV4Head sign(int port, String method, String path, String payload, Map<String, String> extra) {
        return sign(port, method, path, "", payload, extra);
    }

    /** As above, with a query: {@code canonicalQuery} is its canonical form ({@code cors=} for {@code ?cors}). */
    static SigV4Head sign(int port, String method, String path, String canonicalQuery, String payload, Map<String, String> extra) {
        String amzDate = AMZ_DATE.format(Instant.now());
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + E2e.REGION + "/s3/aws4_request";
        Map<String, String> h = new TreeMap<>(extra);
        h.put("host", "127.0.0.1:" + port);
        h.put("x-amz-content-sha256", payload);
        h.put("x-amz-date", amzDate);
        StringBuilder canonical = new StringBuilder();
        h.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
        String signedHeaders = String.join(";", h.keySet());
        SigV4Signer.SigningKey key = SigV4Signer.key(E2e.SECRET_KEY, date, E2e.REGION, "s3");
        String seed = key.sign(SigV4Signer.stringToSign(amzDate, scope,
                SigV4Signer.canonicalRequest(method, SigV4Signer.canonicalUri(path), canonicalQuery, canonical.toString(), signedHeaders, payload)));
        Map<String, String> headers = new LinkedHashMap<>(h);
        headers.put("Authorization", SigV4Signer.ALGORITHM + " Credential=" + E2e.SECRET_ID + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + seed);
        return new SigV4Head(amzDate, scope, key, seed, headers);
    }
}
