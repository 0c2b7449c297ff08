package io.cosd.bench;

import java.nio.charset.StandardCharsets;

/**
 * ListObjects v1 (marker paging) and ListObjectsV2 (continuation-token paging), max-keys=1000, over
 * a prefix holding {@code --list-keys} 0-byte objects. The fill is measured too (a PUT 0B row).
 * Each worker pages through the whole prefix again and again; one op = one page. Every full pass
 * is checked to return exactly list-keys keys. Target (bench/README.md "Listing and lifecycle at
 * scale"): a V2 page of 1,000 over 10,000 keys, p50 <= 15 ms.
 */
final class ListWorkload implements Workload {
    static final int PAGE = 1000;

    @Override public String name() { return "list"; }

    @Override public String description() {
        return "fill --list-keys 0-byte keys (c=16), then page through them with ListObjects v1 and v2, max-keys=1000, at c=1 and c=16";
    }

    @Override
    public void run(Bench.Ctx ctx) throws Exception {
        int n = ctx.listKeys;
        String prefix = ctx.runPrefix + "list/";
        byte[] empty = new byte[0];
        var fill = ctx.measure("PUT", "0B", 16, 900, n, "list fill (not time bounded)", (w, seq) -> {
            ctx.client.put(ctx.bucket, prefix + String.format("k%07d", seq), empty, 0);
            return 0;
        });
        if (fill.errors() > 0) System.err.println("bench: list fill had " + fill.errors() + " errors; pass checks will fail");
        for (int c : new int[] {1, 16}) {
            v1(ctx, prefix, n, c);
            v2(ctx, prefix, n, c);
        }
    }

    private static void v1(Bench.Ctx ctx, String prefix, int n, int c) throws InterruptedException {
        String[] marker = new String[c];
        int[] seen = new int[c];
        for (int i = 0; i < c; i++) marker[i] = "";
        ctx.measure("LIST", PAGE + "/page", c, 0, n + " keys, v1 marker", (w, seq) -> {
            byte[] xml = ctx.client.listV1(ctx.bucket, prefix, marker[w], PAGE);
            String s = new String(xml, StandardCharsets.UTF_8);
            int keys = count(s, "<Key>");
            boolean truncated = s.contains("<IsTruncated>true</IsTruncated>");
            seen[w] += keys;
            if (truncated) {
                String next = between(s, "<NextMarker>", "</NextMarker>");
                if (next == null) next = lastKey(s);
                if (next == null) { marker[w] = ""; seen[w] = 0; throw new IllegalStateException("truncated page without NextMarker or keys"); }
                marker[w] = unescape(next);
            } else {
                int total = seen[w];
                marker[w] = "";
                seen[w] = 0;
                if (total != n) throw new IllegalStateException("full listing returned " + total + " keys, want " + n);
            }
            return xml.length;
        });
    }

    private static void v2(Bench.Ctx ctx, String prefix, int n, int c) throws InterruptedException {
        String[] token = new String[c];
        int[] seen = new int[c];
        ctx.measure("LISTV2", PAGE + "/page", c, 0, n + " keys, v2 continuation-token", (w, seq) -> {
            byte[] xml = ctx.client.listV2(ctx.bucket, prefix, token[w], PAGE);
            String s = new String(xml, StandardCharsets.UTF_8);
            seen[w] += count(s, "<Key>");
            if (s.contains("<IsTruncated>true</IsTruncated>")) {
                String next = between(s, "<NextContinuationToken>", "</NextContinuationToken>");
                if (next == null) { token[w] = null; seen[w] = 0; throw new IllegalStateException("truncated page without NextContinuationToken"); }
                token[w] = unescape(next);
            } else {
                int total = seen[w];
                token[w] = null;
                seen[w] = 0;
                if (total != n) throw new IllegalStateException("full v2 listing returned " + total + " keys, want " + n);
            }
            return xml.length;
        });
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) n++;
        return n;
    }

    static String between(String s, String open, String close) {
        int a = s.indexOf(open);
        if (a < 0) return null;
        int b = s.indexOf(close, a);
        return b < 0 ? null : s.substring(a + open.length(), b);
    }

    static String lastKey(String s) {
        int a = s.lastIndexOf("<Key>");
        if (a < 0) return null;
        int b = s.indexOf("</Key>", a);
        return b < 0 ? null : s.substring(a + 5, b);
    }

    static String unescape(String x) {
        return x.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }
}
