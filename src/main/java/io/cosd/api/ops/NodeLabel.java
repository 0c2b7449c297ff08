package io.cosd.api.ops;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Adds {@code node="<id>"} as the first label of every sample line of a Prometheus text exposition
 * (docs/scale-out.md "Operations"), so that several nodes' series stay apart wherever they are
 * collected, even without the scraper's {@code instance} label (a federation, a push, a file).
 * <p>
 * Done once per scrape rather than as a constant label of every metric: the request path and the
 * workers keep updating their data points exactly as before (no extra label to hash or store), and no
 * metric anywhere in the code has to remember it. The text format makes this exact: a sample line is
 * {@code name[{labels}] value}, a metric name holds neither {@code '{'} nor a space, and comment lines
 * start with {@code '#'}.
 */
final class NodeLabel {
    private final byte[] first;   // node="id",
    private final byte[] only;    // {node="id"}

    /** @param node 16 hex digits (app.NodeId), so it needs no escaping */
    NodeLabel(String node) {
        if (!node.matches("[0-9A-Za-z_.-]{1,64}")) throw new IllegalArgumentException("bad node id: " + node);
        first = ("node=\"" + node + "\",").getBytes(StandardCharsets.US_ASCII);
        only = ("{node=\"" + node + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    byte[] addTo(byte[] text) {
        var out = new ByteArrayOutputStream(text.length + text.length / 8);
        int start = 0;
        while (start < text.length) {
            int end = start;
            while (end < text.length && text[end] != '\n') end++;
            if (end > start && text[start] != '#') {
                int cut = start;
                while (cut < end && text[cut] != '{' && text[cut] != ' ') cut++;
                if (cut < end && text[cut] == '{') {
                    out.write(text, start, cut + 1 - start);
                    out.write(first, 0, first.length);
                    start = cut + 1;
                } else {
                    out.write(text, start, cut - start);
                    out.write(only, 0, only.length);
                    start = cut;
                }
            }
            int next = Math.min(text.length, end + 1);
            out.write(text, start, next - start);
            start = next;
        }
        return out.toByteArray();
    }
}
