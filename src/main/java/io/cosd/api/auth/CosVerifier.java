package io.cosd.api.auth;

import io.cosd.domain.signing.CosSigner;
import io.cosd.domain.signing.Hashes;
import io.cosd.domain.signing.UriCodec;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Request-side q-sign: rebuilds the params and headers a COS client signed from the request as
 * received and checks the signature with {@link CosSigner}'s math (docs/spec/protocol.md §2.1/§2.4).
 * Only the names listed by the client are used; the server never filters them (the official
 * vectors sign {@code date}, which no SDK does).
 */
final class CosVerifier {
    private CosVerifier() {}

    /** Query params as COS signs them: form-decoded, then re-encoded; first occurrence wins. */
    static Map<String, String> params(QueryString q) {
        Map<String, String> m = new HashMap<>();
        for (QueryString.Param p : q.params()) {
            m.putIfAbsent(UriCodec.encode(p.formKey()).toLowerCase(Locale.ROOT), UriCodec.encode(p.formValue()));
        }
        return m;
    }

    /** Headers as COS signs them: names and trimmed values encoded; first occurrence wins. */
    static Map<String, String> headers(HeaderView h) { return headers(h, null); }

    /**
     * As {@link #headers(HeaderView)}, but only for the names in {@code only} (null: all). The
     * signature only reads the listed names, and encoding every value (the long Authorization
     * header included) was about half of a verification's CPU time.
     */
    static Map<String, String> headers(HeaderView h, Set<String> only) { return headers(h, only, false); }

    /** @param skipHost leave {@code host} out: the caller signs the routed host instead (AUTH-1) */
    private static Map<String, String> headers(HeaderView h, Set<String> only, boolean skipHost) {
        Map<String, String> m = new HashMap<>();
        for (var e : h.entries()) {
            String name = UriCodec.encode(e.getKey().trim()).toLowerCase(Locale.ROOT);
            if (only != null && !only.contains(name) || m.containsKey(name) || skipHost && name.equals("host")) continue;
            String v = e.getValue() == null ? "" : e.getValue().trim();
            m.put(name, UriCodec.encode(v));
        }
        return m;
    }

    /**
     * Verifies {@code a} against the request. If the host as received does not verify and carries a
     * {@code :port}, tries once more without it: Python signs {@code urlparse(url).hostname} (no port)
     * while the wire Host has one; Java signs the Host with its port (§2.3).
     */
    static boolean verify(AuthRequest r, CosAuthorization a, String secretKey) {
        return verify(r, a, secretKey, QueryString.parse(r.rawQuery()));
    }

    /**
     * As above with the query already parsed. The signed {@code host} is {@link AuthRequest#host()}, the
     * routed Target's host, never a second reading of the headers (docs/signing.md AUTH-1).
     */
    static boolean verify(AuthRequest r, CosAuthorization a, String secretKey, QueryString query) {
        Map<String, String> params = params(query);
        Map<String, String> headers = headers(r.headers(), Set.copyOf(a.headerList()), true);
        if (a.headerList().contains("host")) headers.put("host", UriCodec.encode(r.host()));
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
        String http = CosSigner.httpString(r.method(), r.decodedPath(), a.paramList(), params, a.headerList(), headers);
        return Hashes.hexEquals(CosSigner.signature(secretKey, a.keyTime(), a.signTime(), http), a.signature());
    }

    /** "host:port" → "host", "[::1]:80" → "[::1]"; null when there is no port to strip. */
    static String stripPort(String host) {
        int colon = host.lastIndexOf(':');
        if (colon < 0 || host.lastIndexOf(']') > colon) return null;
        if (host.indexOf(':') != colon && !host.startsWith("[")) return null; // bare IPv6, no port
        return host.substring(0, colon);
    }
}
