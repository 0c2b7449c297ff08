package io.cosd.api.object;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 7233 byte ranges: {@code a-b}, open {@code a-}, suffix {@code -n}, and several comma-separated.
 * A syntactically bad header is ignored (whole object); a valid header none of whose ranges is
 * satisfiable is 416.
 */
final class Ranges {
    record Range(long start, long end) {
        long length() { return end - start + 1; }
    }

    /** null: no usable Range header (serve 200); empty list: unsatisfiable (416). */
    static List<Range> parse(String header, long size) {
        if (header == null) return null;
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return null;
        List<Range> out = new ArrayList<>();
        for (String spec : h.substring(6).split(",")) {
            spec = spec.trim();
            int dash = spec.indexOf('-');
            if (dash < 0) return null;
            String a = spec.substring(0, dash).trim(), b = spec.substring(dash + 1).trim();
            try {
                if (a.isEmpty()) {
                    if (b.isEmpty()) return null;
                    long n = Long.parseLong(b);
                    if (n < 0) return null;
                    if (n == 0 || size == 0) continue;
                    out.add(new Range(Math.max(0, size - n), size - 1));
                } else {
                    long s = Long.parseLong(a);
                    long e = b.isEmpty() ? size - 1 : Long.parseLong(b);
                    if (s < 0 || e < s) return null;
                    if (s >= size) continue;
                    out.add(new Range(s, Math.min(e, size - 1)));
                }
            } catch (NumberFormatException ex) {
                return null;
            }
        }
        return out;
    }
}
