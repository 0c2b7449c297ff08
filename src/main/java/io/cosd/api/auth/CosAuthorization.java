package io.cosd.api.auth;

import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parsed {@code q-sign-algorithm=sha1&q-ak=...&q-signature=...} string, from the
 * Authorization header or rebuilt from a presigned URL.
 *
 * <p>Malformed COS auth strings are answered with 403 {@code AccessDenied}, not 400
 * {@code InvalidArgument}: real COS treats any q-sign it cannot use as an authentication failure,
 * both SDKs surface a 403 as a plain auth error (no retry), and it does not tell a prober which part
 * of the string was wrong.
 */
record CosAuthorization(String secretId, long start, long end, String signTime, String keyTime,
                        List<String> headerList, List<String> paramList, String signature) {

    static CosAuthorization parse(String auth) {
        Map<String, String> f = new HashMap<>();
        for (String part : auth.trim().split("&")) {
            int eq = part.indexOf('=');
            if (eq < 0) continue;
            f.putIfAbsent(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
        }
        String alg = f.get("q-sign-algorithm");
        if (alg == null || !alg.equalsIgnoreCase("sha1")) throw malformed("q-sign-algorithm must be sha1");
        String ak = f.get("q-ak");
        String signTime = f.get("q-sign-time");
        String keyTime = f.getOrDefault("q-key-time", signTime);
        String sig = f.get("q-signature");
        if (ak == null || ak.isEmpty()) throw malformed("missing q-ak");
        if (signTime == null || keyTime == null) throw malformed("missing q-sign-time");
        if (sig == null || sig.isEmpty()) throw malformed("missing q-signature");
        long[] window = window(signTime);
        return new CosAuthorization(ak, window[0], window[1], signTime, keyTime,
                list(f.get("q-header-list")), list(f.get("q-url-param-list")), sig);
    }

    /** {@code start;end} → {start, end}; AccessDenied when malformed. */
    static long[] window(String t) {
        int semi = t.indexOf(';');
        if (semi < 0) throw malformed("q-sign-time must be start;end");
        try {
            long start = Long.parseLong(t.substring(0, semi).trim());
            long end = Long.parseLong(t.substring(semi + 1).trim());
            if (end < start) throw malformed("q-sign-time ends before it starts");
            return new long[] {start, end};
        } catch (NumberFormatException e) {
            throw malformed("q-sign-time is not numeric");
        }
    }

    /** Entries are kept as sent (already encoded, lower case); the signer sorts them. */
    private static List<String> list(String v) {
        if (v == null || v.isEmpty()) return List.of();
        return Arrays.stream(v.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static ApiException malformed(String why) {
        return ErrorCode.ACCESS_DENIED.exception("Malformed q-sign authorization: " + why);
    }
}
