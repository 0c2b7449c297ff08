package io.cosd.api.object;

import io.cosd.api.http.Response;
import io.cosd.domain.object.BlobLayout;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.blob.InlineChannel;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * GET bodies as zero-copy file segments. Ranges are mapped onto the object's blob layout, so a
 * range of a multipart object that crosses part boundaries becomes one segment per touched part;
 * only the blobs a response touches are opened.
 */
final class Bodies {
    @FunctionalInterface
    interface Opener {
        FileChannel open(String blobId) throws IOException;
    }

    /** The plaintext of one extent of an encrypted object, read from its open blob (docs/encryption.md "Serving"). */
    @FunctionalInterface
    interface Decrypter {
        /** @param first the response's first segment: opened now, so a bad first chunk is an error answer (SSE-3) */
        java.io.InputStream plain(FileChannel ch, BlobLayout.Extent e, boolean first);
    }

    private Bodies() {}

    /** @param ranges null for the whole object; one or several satisfiable ranges otherwise */
    static Response of(Response.Builder b, ObjectVersion v, BlobLayout layout, List<Ranges.Range> ranges, Opener opener)
            throws IOException {
        return of(b, v, layout, ranges, opener, null);
    }

    /**
     * As {@link #of(Response.Builder, ObjectVersion, BlobLayout, List, Opener)}; with {@code decrypter}
     * (an encrypted object) each extent is a stream segment of plaintext instead of a file segment, so
     * only the chunks covering a range are read (SSE-2); plain objects keep sendfile.
     */
    static Response of(Response.Builder b, ObjectVersion v, BlobLayout layout, List<Ranges.Range> ranges, Opener opener,
                       Decrypter decrypter) throws IOException {
        Map<String, FileChannel> open = new LinkedHashMap<>();
        try {
            if (ranges == null) return b.segments(files(layout.slice(0, v.size()), open, opener, decrypter), resources(open));
            if (ranges.size() == 1) {
                var r = ranges.get(0);
                b.header("Content-Range", "bytes " + r.start() + "-" + r.end() + "/" + v.size());
                return b.segments(files(layout.slice(r.start(), r.length()), open, opener, decrypter), resources(open));
            }
            return multipart(b, v, layout, ranges, open, opener, decrypter);
        } catch (IOException | RuntimeException e) {
            for (FileChannel ch : open.values()) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // read-only channel
                }
            }
            throw e;
        }
    }

    private static List<Response.Segment> files(List<BlobLayout.Extent> extents, Map<String, FileChannel> open, Opener opener,
                                                Decrypter decrypter) throws IOException {
        List<Response.Segment> out = new ArrayList<>(extents.size());
        for (var e : extents) {
            FileChannel ch = open.get(e.blobId());
            if (ch == null) {
                ch = opener.open(e.blobId());
                open.put(e.blobId(), ch);
            }
            if (decrypter == null && ch instanceof InlineChannel inline) {
                // An inline blob (docs/storage.md "Small objects inline") has no file to sendfile from: its bytes go out as they are.
                out.add(new Response.ByteSegment(inline.bytes(e.position(), e.length())));
                continue;
            }
            out.add(decrypter == null ? new Response.FileSegment(ch, e.position(), e.length())
                    : new Response.StreamSegment(decrypter.plain(ch, e, open.size() == 1 && out.isEmpty()), e.length()));
        }
        return out;
    }

    private static List<AutoCloseable> resources(Map<String, FileChannel> open) {
        return new ArrayList<>(open.values());
    }

    /**
     * A stored type that could break the part framing (a control character, say CRLF, from before
     * input validation) is not echoed into the body: docs/edge.md EDGE-R3 bounds the part headers.
     */
    static String partType(String stored) {
        if (stored == null || stored.isEmpty() || stored.length() > 1024) return "application/octet-stream";
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (c < 0x20 || c == 0x7f) return "application/octet-stream";
        }
        return stored;
    }

    /** multipart/byteranges for several ranges; the object's own Content-Type moves into each part. */
    private static Response multipart(Response.Builder b, ObjectVersion v, BlobLayout layout, List<Ranges.Range> ranges,
                                      Map<String, FileChannel> open, Opener opener, Decrypter decrypter) throws IOException {
        String boundary = Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime());
        List<Response.Segment> parts = new ArrayList<>();
        for (var r : ranges) {
            String head = "\r\n--" + boundary + "\r\nContent-Type: " + partType(v.content().contentType())
                    + "\r\nContent-Range: bytes " + r.start() + "-" + r.end() + "/" + v.size() + "\r\n\r\n";
            parts.add(new Response.ByteSegment(head.getBytes(StandardCharsets.UTF_8)));
            parts.addAll(files(layout.slice(r.start(), r.length()), open, opener, decrypter));
        }
        parts.add(new Response.ByteSegment(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8)));
        var built = b.segments(parts, resources(open));
        var headers = new ArrayList<Map.Entry<String, String>>();
        for (var e : built.headers()) if (!e.getKey().equalsIgnoreCase("Content-Type")) headers.add(e);
        headers.add(Map.entry("Content-Type", "multipart/byteranges; boundary=" + boundary));
        return new Response(206, headers, built.body());
    }
}
