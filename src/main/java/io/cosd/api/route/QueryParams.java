package io.cosd.api.route;

import io.cosd.domain.signing.UriCodec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query string, decoded {@code application/x-www-form-urlencoded}-style ('+' is a space; Python
 * requests encodes spaces that way). {@code ?cors} and {@code ?cors=} both give an empty value.
 */
public final class QueryParams {
    private final Map<String, List<String>> values;

    private QueryParams(Map<String, List<String>> values) { this.values = values; }

    public static QueryParams parse(String rawQuery) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String part : rawQuery.split("&")) {
                if (part.isEmpty()) continue;
                int eq = part.indexOf('=');
                String k = decode(eq < 0 ? part : part.substring(0, eq));
                String v = eq < 0 ? "" : decode(part.substring(eq + 1));
                m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
        }
        return new QueryParams(m);
    }

    /**
     * Form decoding with the verifiers' decoder ({@code UriCodec}, '+' a space): a '%' not followed by
     * two hex digits stays literal on its own. URLDecoder kept a whole value raw when it met one, so the
     * value executed differed from the value a signature had vouched for (docs/signing.md AUTH-4b).
     */
    private static String decode(String s) {
        return UriCodec.decode(s, true);
    }

    /** A parameter name given more than once, or null (refused with 400: docs/signing.md AUTH-4). */
    public String repeated() {
        for (var e : values.entrySet()) if (e.getValue().size() > 1) return e.getKey();
        return null;
    }

    /**
     * A parameter whose name or value holds U+0000, or null (refused with 400: docs/scale-out.md
     * "Keys and U+0000", ST-P4; PostgreSQL's text cannot hold it, and no key can contain it).
     */
    public String withNul() {
        for (var e : values.entrySet()) {
            if (e.getKey().indexOf('\0') >= 0) return "";
            for (String v : e.getValue()) if (v.indexOf('\0') >= 0) return e.getKey();
        }
        return null;
    }

    public boolean has(String key) { return values.containsKey(key); }

    /** First value, or null when absent. */
    public String get(String key) {
        List<String> v = values.get(key);
        return v == null ? null : v.get(0);
    }

    /** First value, or null when absent or empty. */
    public String nonEmpty(String key) {
        String v = get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    public Set<String> keys() { return Collections.unmodifiableSet(values.keySet()); }
}
