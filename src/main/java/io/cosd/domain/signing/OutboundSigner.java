package io.cosd.domain.signing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs requests cosd itself sends (the replication client, docs/replication.md#regions), with the same building blocks
 * the verifiers use: q-sign for COS endpoints and peer cosd, SigV4 (UNSIGNED-PAYLOAD, so bodies
 * stream) for S3 endpoints. Lives beside the signing math so that workers need not depend on the api
 * layer.
 */
public final class OutboundSigner {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private OutboundSigner() {}

    /**
     * The {@code Authorization} value for a COS request.
     *
     * @param path    decoded path, e.g. {@code /a b.txt}
     * @param params  query parameters (decoded)
     * @param headers headers to sign (decoded values), {@code host} included
     */
    public static String cos(String method, String path, Map<String, String> params, Map<String, String> headers,
                             String secretId, String secretKey, Instant now, long ttlSeconds) {
        String keyTime = keyTime(now, ttlSeconds);
        Map<String, String> p = new TreeMap<>(), h = new TreeMap<>();
        params.forEach((k, v) -> p.put(UriCodec.encode(k).toLowerCase(Locale.ROOT), UriCodec.encode(v == null ? "" : v)));
        headers.forEach((k, v) -> h.put(UriCodec.encode(k.trim()).toLowerCase(Locale.ROOT), UriCodec.encode(v == null ? "" : v.trim())));
        List<String> pl = new ArrayList<>(p.keySet()), hl = new ArrayList<>(h.keySet());
        String http = CosSigner.httpString(method, path, pl, p, hl, h);
        String sig = CosSigner.signature(secretKey, keyTime, keyTime, http);
        return "q-sign-algorithm=sha1&q-ak=" + secretId + "&q-sign-time=" + keyTime + "&q-key-time=" + keyTime
                + "&q-header-list=" + String.join(";", hl) + "&q-url-param-list=" + String.join(";", pl) + "&q-signature=" + sig;
    }

    /**
     * The q-sign window for requests signed at {@code now}: from one minute before the start of the
     * current minute (tolerating a little skew on the peer's clock) to at least {@code ttlSeconds}
     * after {@code now}. Every request in the same minute shares the window, so its SignKey is
     * derived once (CosSigner's cache) instead of once per request.
     */
    static String keyTime(Instant now, long ttlSeconds) {
        long minute = Math.floorDiv(now.getEpochSecond(), 60) * 60;
        return (minute - 60) + ";" + (minute + 60 + ttlSeconds);
    }

    /**
     * SigV4 headers ({@code Authorization}, {@code x-amz-date}, {@code x-amz-content-sha256}) for an
     * S3 request; {@code headers} must include {@code host}.
     */
    public static Map<String, String> sigV4(String method, String path, Map<String, String> params, Map<String, String> headers,
                                            String region, String accessKey, String secretKey, Instant now) {
        String amzDate = AMZ_DATE.format(now), date = amzDate.substring(0, 8);
        Map<String, String> h = new TreeMap<>();
        headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT).trim(), SigV4Signer.normalizeValue(v)));
        h.put("x-amz-date", amzDate);
        h.put("x-amz-content-sha256", SigV4Signer.UNSIGNED_PAYLOAD);
        StringBuilder ch = new StringBuilder();
        h.forEach((k, v) -> ch.append(k).append(':').append(v).append('\n'));
        String signed = String.join(";", h.keySet());
        List<String[]> q = new ArrayList<>();
        params.forEach((k, v) -> q.add(new String[] {UriCodec.encode(k), UriCodec.encode(v == null ? "" : v)}));
        q.sort(Comparator.<String[], String>comparing(a -> a[0]).thenComparing(a -> a[1]));
        List<String> qs = new ArrayList<>();
        for (String[] a : q) qs.add(a[0] + "=" + a[1]);
        String canonical = SigV4Signer.canonicalRequest(method, SigV4Signer.canonicalUri(path), String.join("&", qs), ch.toString(),
                signed, SigV4Signer.UNSIGNED_PAYLOAD);
        String scope = date + "/" + region + "/s3/aws4_request";
        String sig = SigV4Signer.key(secretKey, date, region, "s3").sign(SigV4Signer.stringToSign(amzDate, scope, canonical));
        Map<String, String> out = new LinkedHashMap<>();
        out.put("x-amz-date", amzDate);
        out.put("x-amz-content-sha256", SigV4Signer.UNSIGNED_PAYLOAD);
        out.put("Authorization", SigV4Signer.ALGORITHM + " Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signed
                + ", Signature=" + sig);
        return out;
    }
}
