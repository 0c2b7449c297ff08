package io.cosd.api.cors;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.http.HeaderValues;
import io.cosd.domain.cors.CorsMatcher;
import io.cosd.domain.cors.CorsRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code Access-Control-*} headers for a matched rule, in the request's dialect (docs/spec/semantics.md
 * §1.5, CORS-H1..H7). Used for preflights and actual requests alike.
 */
final class CorsHeaders {
    static final String S3_VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";

    private CorsHeaders() {}

    static List<Map.Entry<String, String>> of(CorsMatcher.Match m, Dialect dialect, String origin,
                                              List<String> requestedHeaders, boolean responseVary) {
        CorsRule rule = m.rule();
        boolean cos = dialect == Dialect.COS;
        // COS joins lists with "," (COS samples), S3 with ", " (versitygw, moto).
        String sep = cos ? "," : ", ";
        List<Map.Entry<String, String>> h = new ArrayList<>(7);
        // CORS-H1 / CORS-M5: a literal "*" rule answers "*", anything else echoes the request Origin.
        h.add(Map.entry("Access-Control-Allow-Origin", m.wildcardOrigin() ? "*" : origin));
        h.add(Map.entry("Access-Control-Allow-Methods", String.join(sep, rule.allowedMethods()))); // CORS-H2
        String allowHeaders = allowHeaders(rule, requestedHeaders, cos, sep);                       // CORS-H3
        if (allowHeaders != null) h.add(Map.entry("Access-Control-Allow-Headers", allowHeaders));
        List<String> expose = sendable(rule.exposeHeaders());
        if (!expose.isEmpty()) {                                                                    // CORS-H4
            h.add(Map.entry("Access-Control-Expose-Headers", String.join(sep, expose)));
        }
        if (rule.maxAgeSeconds() != null) {                                                         // CORS-H5
            h.add(Map.entry("Access-Control-Max-Age", rule.maxAgeSeconds().toString()));
        }
        // CORS-H6: COS sends "true" only when the origin is echoed; S3 (versitygw) says "false" for "*".
        if (!m.wildcardOrigin()) h.add(Map.entry("Access-Control-Allow-Credentials", "true"));
        else if (!cos) h.add(Map.entry("Access-Control-Allow-Credentials", "false"));
        // CORS-H7: COS only with <ResponseVary>true</ResponseVary>; S3 always.
        if (cos ? responseVary : true) h.add(Map.entry("Vary", cos ? "Origin" : S3_VARY));
        return h;
    }

    /**
     * CORS-H3. COS: a rule with {@code *} echoes the requested headers; otherwise it lists its own
     * AllowedHeaders lower-cased (COS sample, inferred). A partial wildcard such as
     * {@code x-cos-meta-*} is echoed like {@code *}: browsers compare Allow-Headers literally, so
     * listing the pattern would fail a preflight the rule allows. S3: the requested headers, all of
     * which are allowed once the rule matched. Omitted when there is nothing to say.
     */
    private static String allowHeaders(CorsRule rule, List<String> requested, boolean cos, String sep) {
        if (!cos || hasWildcard(rule.allowedHeadersLower())) {
            return requested.isEmpty() ? null : String.join(sep, requested);
        }
        List<String> allowed = sendable(rule.allowedHeadersLower());
        return allowed.isEmpty() ? null : String.join(sep, allowed);
    }

    /** HV-3 (docs/unbuilt.md): a value stored before HV-2 that cannot be sent is left out, never the response made unsendable. */
    private static List<String> sendable(List<String> values) {
        for (String v : values) {
            if (!HeaderValues.sendable(v)) return values.stream().filter(HeaderValues::sendable).toList();
        }
        return values;
    }

    private static boolean hasWildcard(List<String> patterns) {
        for (String p : patterns) if (p.indexOf('*') >= 0) return true;
        return false;
    }
}
