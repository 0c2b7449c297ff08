package io.cosd.api.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * COS q-sign (HMAC-SHA1) exactly as cos-protocol.md §2.1/§2.4 describes it:
 * <pre>
 * SignKey      = hex(HMAC-SHA1(SecretKey, KeyTime))
 * HttpString   = lower(method) \n decodedPath \n params \n headers \n
 * StringToSign = "sha1" \n SignTime \n hex(SHA1(HttpString)) \n
 * Signature    = hex(HMAC-SHA1(SignKey-as-hex-text, StringToSign))
 * </pre>
 * Only the names listed by the client are used; the server never filters them (the official
 * vectors sign {@code date}, which no SDK does).
 */
final class CosSigner {
    private CosSigner() {}

    static String signKey(String secretKey, String keyTime) {
        return Hashes.hex(Hashes.hmacSha1(secretKey.getBytes(StandardCharsets.UTF_8), keyTime));
    }

    static String stringToSign(String signTime, String httpString) {
        return "sha1\n" + signTime + "\n" + Hashes.sha1Hex(httpString) + "\n";
    }

    static String signature(String secretKey, String keyTime, String signTime, String httpString) {
        byte[] key = signKey(secretKey, keyTime).getBytes(StandardCharsets.US_ASCII);
        return Hashes.hex(Hashes.hmacSha1(key, stringToSign(signTime, httpString)));
    }

    /**
     * @param params  encoded lower-case key → encoded value
     * @param headers encoded lower-case name → encoded trimmed value
     */
    static String httpString(String method, String decodedPath, List<String> paramList, Map<String, String> params,
                             List<String> headerList, Map<String, String> headers) {
        return method.toLowerCase(Locale.ROOT) + "\n" + decodedPath + "\n"
                + pairs(paramList, params) + "\n" + pairs(headerList, headers) + "\n";
    }

    private static String pairs(List<String> names, Map<String, String> values) {
        List<String> out = new ArrayList<>();
        for (String n : new TreeSet<>(names)) out.add(n + "=" + values.getOrDefault(n, ""));
        return String.join("&", out);
    }

    /** Query params as COS signs them: form-decoded, then re-encoded; first occurrence wins. */
    static Map<String, String> params(QueryString q) {
        Map<String, String> m = new HashMap<>();
        for (QueryString.Param p : q.params()) {
            m.putIfAbsent(UriCodec.encode(p.formKey()).toLowerCase(Locale.ROOT), UriCodec.encode(p.formValue()));
        }
        return m;
    }

    /** Headers as COS signs them: names and trimmed values encoded; first occurrence wins. */
    static Map<String, String> headers(HeaderView h) {
        Map<String, String> m = new HashMap<>();
        for (var e : h.entries()) {
            String v = e.getValue() == null ? "" : e.getValue().trim();
            m.putIfAbsent(UriCodec.encode(e.getKey().trim()).toLowerCase(Locale.ROOT), UriCodec.encode(v));
        }
        return m;
    }

    /**
     * Verifies {@code a} against the request. If the host as received does not verify and carries a
     * {@code :port}, tries once more without it: Python signs {@code urlparse(url).hostname} (no port)
     * while the wire Host has one; Java signs the Host with its port (§2.3).
     */
    static boolean verify(AuthRequest r, CosAuthorization a, String secretKey) {
        Map<String, String> params = params(QueryString.parse(r.rawQuery()));
        Map<String, String> headers = headers(r.headers());
        if (matches(r, a, secretKey, params, headers)) return true;
        String host = headers.get("host");
        if (host == null || !a.headerList().contains("host")) return false;
        String bare = stripPort(UriCodec.decode(host, false));
        if (bare == null) return false;
        headers.put("host", UriCodec.encode(bare));
        return matches(r, a, secretKey, params, headers);
    }

    private static boolean matches(AuthRequest r, CosAuthorization a, String secretKey,
                                   Map<String, String> params, Map<String, String> headers) {
        String http = httpString(r.method(), r.decodedPath(), a.paramList(), params, a.headerList(), headers);
        return Hashes.hexEquals(signature(secretKey, a.keyTime(), a.signTime(), http), a.signature());
    }

    /** "host:port" → "host", "[::1]:80" → "[::1]"; null when there is no port to strip. */
    static String stripPort(String host) {
        int colon = host.lastIndexOf(':');
        if (colon < 0 || host.lastIndexOf(']') > colon) return null;
        if (host.indexOf(':') != colon && !host.startsWith("[")) return null; // bare IPv6, no port
        return host.substring(0, colon);
    }
}
