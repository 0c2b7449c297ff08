package io.cosd.api.http;

import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An HTTP response to write. Bodies are empty, bytes, or a list of segments where file segments are
 * sent zero-copy (sendfile), stream segments (encrypted objects) are read as they are sent, and byte
 * segments carry framing such as multipart/byteranges parts.
 */
public record Response(int status, List<Map.Entry<String, String>> headers, Body body) {
    public sealed interface Body {}

    public record Empty() implements Body {}

    public record Bytes(byte[] data) implements Body {}

    public record Segments(List<Segment> parts, List<AutoCloseable> resources) implements Body {
        public long length() {
            long n = 0;
            for (Segment s : parts) n += s.length();
            return n;
        }
    }

    public sealed interface Segment {
        long length();
    }

    public record FileSegment(FileChannel channel, long position, long length) implements Segment {}

    /**
     * {@code length} bytes computed as they are sent (an encrypted object's plaintext, docs/encryption.md
     * "Serving"): streamed chunk by chunk, never whole in memory. A read failure cuts the connection, so a
     * client never takes a short body for the object.
     */
    public record StreamSegment(java.io.InputStream stream, long length) implements Segment {}

    public record ByteSegment(byte[] data) implements Segment {
        public long length() { return data.length; }
    }

    public static Builder status(int status) { return new Builder(status); }

    public static final class Builder {
        private final int status;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();

        Builder(int status) { this.status = status; }

        public Builder header(String name, String value) {
            if (value != null) headers.add(Map.entry(name, value));
            return this;
        }

        public Builder header(String name, long value) { return header(name, Long.toString(value)); }

        public Response empty() { return new Response(status, headers, new Empty()); }

        public Response bytes(byte[] data, String contentType) {
            header("Content-Type", contentType);
            return new Response(status, headers, new Bytes(data));
        }

        public Response segments(List<Segment> parts, List<AutoCloseable> resources) {
            return new Response(status, headers, new Segments(parts, resources));
        }
    }

    public Response withHeaders(List<Map.Entry<String, String>> more) {
        var h = new ArrayList<Map.Entry<String, String>>(headers.size() + more.size());
        h.addAll(headers);
        h.addAll(more);
        return new Response(status, h, body);
    }
}
