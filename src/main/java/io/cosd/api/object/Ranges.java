package io.cosd.api.object;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * RFC 7233 byte ranges: {@code a-b}, open {@code a-}, suffix {@code -n}, and several comma-separated.
 * A syntactically bad header is ignored (whole object); a valid header none of whose ranges is
 * satisfiable is 416.
 *
 * <p>{@link #plan} bounds what a request can make the server send (docs/edge.md, rule EDGE-R1..R3):
 * more than {@code maxRanges} range specs, or any spec at all when {@code maxRanges} is 0, is
 * answered with the whole object (200), as nginx's {@code max_ranges} and Apache's {@code MaxRanges}
 * do; overlapping and adjacent ranges are merged, so a multi-range answer never carries a byte twice
 * and its payload never exceeds the object size plus the part headers (the CVE-2011-3192 fix).
 */
final class Ranges {
    /** Default for {@code --max-ranges}: range specs one request may ask for (EDGE-R1). */
    static final int DEFAULT_MAX_RANGES = 16;

    record Range(long start, long end) {
        long length() { return end - start + 1; }
    }

    private Ranges() {}

    /**
     * The ranges to serve. null: serve the whole object with 200 (no usable header, or too many
     * specs); empty: unsatisfiable (416); otherwise ascending, non-overlapping, non-adjacent ranges.
     */
    static List<Range> plan(String header, long size, int maxRanges) {
        if (header == null) return null;
        // Counted before parsing: a header of thousands of specs costs one scan, not a list.
        if (specCount(header) > maxRanges) return null;
        List<Range> parsed = parse(header, size);
        return parsed == null || parsed.size() < 2 ? parsed : coalesce(parsed);
    }

    private static int specCount(String header) {
        int n = 1;
        for (int i = 0; i < header.length(); i++) if (header.charAt(i) == ',') n++;
        return n;
    }

    /**
     * Sorted by start, and merged where they overlap or touch (RFC 7233 §6.1 allows coalescing; a
     * merged answer is never longer than the object).
     */
    static List<Range> coalesce(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::start));
        List<Range> out = new ArrayList<>(sorted.size());
        Range cur = sorted.get(0);
        for (int i = 1; i < sorted.size(); i++) {
            Range r = sorted.get(i);
            if (r.start() <= cur.end() + 1) {
                cur = new Range(cur.start(), Math.max(cur.end(), r.end()));
            } else {
                out.add(cur);
                cur = r;
            }
        }
        out.add(cur);
        return out;
    }

    /** null: no usable Range header (serve 200); empty list: unsatisfiable (416). Unbounded: use {@link #plan}. */
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
                    long e = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b); // open: to the end, even past it (416)
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
