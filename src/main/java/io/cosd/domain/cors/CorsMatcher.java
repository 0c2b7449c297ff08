package io.cosd.domain.cors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Rule matching for preflight and actual cross-origin requests (docs/spec/semantics.md §1.3), a pure function
 * of (configuration, origin, method, requested headers). No I/O, no allocation on the hot path beyond
 * the result.
 */
public final class CorsMatcher {
    private CorsMatcher() {}

    /**
     * The rule that serves a request.
     *
     * @param wildcardOrigin the AllowedOrigin that matched is literally {@code *}: the response origin
     *                       is {@code *} and credentials are not allowed (CORS-M5)
     */
    public record Match(CorsRule rule, boolean wildcardOrigin) {}

    /**
     * CORS-M1: the first rule, in document order, that matches the origin (CORS-M2) and the method
     * (CORS-M3) and every requested header (CORS-M4). A rule whose origin matches but whose method or
     * headers do not is skipped and evaluation continues (unlike Ceph RGW, docs/spec/semantics.md §1.8).
     *
     * @param requestedHeaders lower-cased, as {@link #requestedHeaders} returns them
     */
    public static Optional<Match> match(CorsConfiguration config, String origin, String method, List<String> requestedHeaders) {
        for (CorsRule rule : config.rules()) {
            String matchedOrigin = firstMatchingOrigin(rule, origin);
            if (matchedOrigin == null) continue;
            if (!rule.allowedMethods().contains(method)) continue;
            if (!headersAllowed(rule, requestedHeaders)) continue;
            return Optional.of(new Match(rule, matchedOrigin.equals("*")));
        }
        return Optional.empty();
    }

    /** CORS-M2: whole-string, case-sensitive glob; the first AllowedOrigin that matches, or null. */
    static String firstMatchingOrigin(CorsRule rule, String origin) {
        for (String allowed : rule.allowedOrigins()) {
            if (glob(allowed, origin)) return allowed;
        }
        return null;
    }

    /** CORS-M4: every requested header must match some AllowedHeader; no AllowedHeader allows none. */
    static boolean headersAllowed(CorsRule rule, List<String> requested) {
        outer:
        for (String h : requested) {
            for (String allowed : rule.allowedHeadersLower()) {
                if (glob(allowed, h)) continue outer;
            }
            return false;
        }
        return true;
    }

    /**
     * CORS-M4: {@code Access-Control-Request-Headers} split on commas, trimmed and lower-cased.
     * Null or blank means no headers. Returns null when malformed: an empty entry or a character
     * that is not an RFC 7230 token character (the preflight answers 400, CORS-P3).
     */
    public static List<String> requestedHeaders(String raw) {
        if (raw == null || raw.isBlank()) return List.of();
        List<String> out = new ArrayList<>(4);
        int start = 0;
        while (true) {
            int comma = raw.indexOf(',', start);
            String h = (comma < 0 ? raw.substring(start) : raw.substring(start, comma)).trim();
            if (!isToken(h)) return null;
            out.add(h.toLowerCase(Locale.ROOT));
            if (comma < 0) return out;
            start = comma + 1;
        }
    }

    /** RFC 7230 token: 1*tchar. */
    public static boolean isToken(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    /**
     * Whole-string glob where {@code *} matches zero or more arbitrary characters (including
     * {@code .}, {@code /} and {@code :}); no URL parsing or normalisation (CORS-M2). Validation
     * allows one {@code *}, but any number is handled.
     */
    public static boolean glob(String pattern, String s) {
        int star = pattern.indexOf('*');
        if (star < 0) return pattern.equals(s);
        if (pattern.length() == 1) return true;
        if (pattern.indexOf('*', star + 1) < 0) {
            int suffix = pattern.length() - star - 1;
            return s.length() >= pattern.length() - 1
                    && s.regionMatches(0, pattern, 0, star)
                    && s.regionMatches(s.length() - suffix, pattern, star + 1, suffix);
        }
        return globGeneral(pattern, s);
    }

    /** Classic iterative wildcard match with backtracking to the last star. */
    private static boolean globGeneral(String p, String s) {
        int pi = 0, si = 0, starP = -1, starS = 0;
        while (si < s.length()) {
            if (pi < p.length() && p.charAt(pi) == '*') {
                starP = pi++;
                starS = si;
            } else if (pi < p.length() && p.charAt(pi) == s.charAt(si)) {
                pi++;
                si++;
            } else if (starP >= 0) {
                pi = starP + 1;
                si = ++starS;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') pi++;
        return pi == p.length();
    }
}
