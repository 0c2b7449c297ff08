package io.cosd.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Several byte ranges in one GET (docs/edge.md EDGE-R2): the header the model-based test sends, the
 * ranges the answer must hold (sorted, overlapping and adjacent ones merged), and a reader of the
 * {@code multipart/byteranges} body it must then be. Pure.
 */
final class ModelByteRanges {
    private ModelByteRanges() {}

    /** One range, both ends inclusive. */
    record Range(long start, long end) {}

    /** Two or three closed ranges inside an object of {@code n > 0} bytes, in random order. */
    static List<Range> pick(Random rng, long n) {
        List<Range> out = new ArrayList<>();
        int k = 2 + rng.nextInt(2);
        for (int i = 0; i < k; i++) {
            long a = (long) (rng.nextDouble() * n);
            long b = Math.min(n - 1, a + (long) (rng.nextDouble() * Math.min(n - a, 70_000)));
            out.add(new Range(a, b));
        }
        return out;
    }

    static String header(List<Range> ranges) {
        StringBuilder h = new StringBuilder("bytes=");
        for (Range r : ranges) h.append(h.length() > 6 ? "," : "").append(r.start()).append('-').append(r.end());
        return h.toString();
    }

    /** EDGE-R2: sorted by start, overlapping and adjacent ranges merged. */
    static List<Range> planned(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::start));
        List<Range> out = new ArrayList<>();
        Range cur = sorted.get(0);
        for (Range r : sorted.subList(1, sorted.size())) {
            if (r.start() <= cur.end() + 1) cur = new Range(cur.start(), Math.max(cur.end(), r.end()));
            else {
                out.add(cur);
                cur = r;
            }
        }
        out.add(cur);
        return out;
    }

    /** One part of a multipart/byteranges body: its Content-Range and its bytes. */
    record Part(String contentRange, byte[] bytes) {}

    /** The parts of a multipart/byteranges {@code body} with {@code boundary} (RFC 9110 §14.6); a malformed body fails. */
    static List<Part> parts(byte[] body, String boundary) {
        String text = new String(body, StandardCharsets.ISO_8859_1); // one char per byte: offsets are byte offsets
        String delimiter = "--" + boundary;
        List<Part> out = new ArrayList<>();
        int at = text.indexOf(delimiter);
        ModelCheck.that(at >= 0, "multipart/byteranges body without its boundary %s", boundary);
        while (true) {
            at += delimiter.length();
            if (text.startsWith("--", at)) return out; // the close delimiter
            int headEnd = text.indexOf("\r\n\r\n", at);
            ModelCheck.that(headEnd >= 0, "multipart/byteranges part without the end of its headers");
            String range = null;
            for (String line : text.substring(at, headEnd).split("\r\n")) {
                if (line.regionMatches(true, 0, "Content-Range:", 0, 14)) range = line.substring(14).trim();
            }
            ModelCheck.that(range != null && range.startsWith("bytes "), "multipart/byteranges part without a Content-Range");
            String[] se = range.substring(6, range.indexOf('/')).split("-");
            int from = headEnd + 4, len = Math.toIntExact(Long.parseLong(se[1]) - Long.parseLong(se[0]) + 1);
            ModelCheck.that(from + len <= body.length, "multipart/byteranges part %s runs past the body", range);
            out.add(new Part(range, Arrays.copyOfRange(body, from, from + len)));
            at = text.indexOf(delimiter, from + len);
            ModelCheck.that(at == from + len + 2 && text.startsWith("\r\n", from + len), "multipart/byteranges part %s is not followed by CRLF and the boundary", range);
        }
    }
}
