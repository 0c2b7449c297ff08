package io.cosd.api.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import io.netty.util.AsciiString;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Checks a response head before anything of it is committed, and builds the minimal answer sent
 * when it cannot be encoded (docs/edge.md EDGE-E1). Input validation should keep unsendable values
 * out; this is the edge's own guarantee that one bad value cannot hang a connection or leak a blob.
 */
final class ResponseHead {
    private ResponseHead() {}

    /** null when every header can go on the wire (RFC 9110 §5.5), else what is wrong (never the value itself). */
    static String problem(List<Map.Entry<String, String>> headers) {
        for (var e : headers) {
            String name = e.getKey(), value = e.getValue();
            if (name == null || name.isEmpty() || !isToken(name)) return "header name is not a token";
            if (value == null) return "header " + name + " has no value";
            // The one header-value rule (HeaderValues, also used at input), plus: values reach here
            // already mapped UTF-8 → Latin-1, so a char above 0xff is a bug upstream, not sendable.
            if (!HeaderValues.sendable(value)) return "header " + name + " holds a control character or starts with whitespace";
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) > 0xff) return "header " + name + " holds a character outside Latin-1";
            }
        }
        return null;
    }

    /**
     * Headers for responses whose every name and value went through {@link #wire}: Netty's own
     * validation would check them again, char by char, on every response.
     */
    static final HttpHeadersFactory CHECKED = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

    /**
     * A response's headers as they go on the wire, or what is wrong with them ({@link #problem}'s
     * rule and message, decided in the same pass). Names and values are their wire bytes
     * ({@link AsciiString}: values are UTF-8, so user metadata round-trips, docs/spec/protocol.md
     * §2.3), which Netty copies into the head in one step each instead of a byte at a time.
     */
    record Wire(AsciiString[] names, AsciiString[] values, String problem) {
        void addTo(HttpHeaders h) {
            for (int i = 0; i < names.length; i++) h.add(names[i], values[i]);
        }
    }

    /** Names the handlers use on every GET, already known to be tokens. */
    private static final Map<String, AsciiString> KNOWN = known("ETag", "Last-Modified", "Accept-Ranges",
            "Content-Type", "Content-Length", "Date", "Server", "x-cos-request-id", "x-amz-request-id",
            "x-amz-id-2", "x-cos-hash-crc64ecma", "x-cos-version-id", "x-amz-version-id", "Content-Range",
            "Cache-Control", "Content-Disposition", "Content-Encoding", "Expires", "Connection", "Location",
            "Access-Control-Allow-Origin", "Vary", "x-cos-storage-class", "x-amz-storage-class");

    private static Map<String, AsciiString> known(String... names) {
        var m = new java.util.HashMap<String, AsciiString>();
        for (String n : names) m.put(n, AsciiString.cached(n));
        return Map.copyOf(m);
    }

    /** The same rule as {@link #problem} over the values as {@code EdgeHandler} sent them (UTF-8 → Latin-1 chars). */
    static Wire wire(List<Map.Entry<String, String>> headers) {
        int n = headers.size();
        AsciiString[] names = new AsciiString[n];
        AsciiString[] values = new AsciiString[n];
        for (int i = 0; i < n; i++) {
            var e = headers.get(i);
            String name = e.getKey();
            AsciiString wireName = name == null ? null : KNOWN.get(name);
            if (wireName == null) {
                if (name == null || name.isEmpty() || !isToken(name)) return new Wire(null, null, "header name is not a token");
                wireName = new AsciiString(name.getBytes(StandardCharsets.ISO_8859_1), false);
            }
            String value = e.getValue() == null ? "" : e.getValue();
            byte[] bytes = valueBytes(value);
            if (bytes == null) return new Wire(null, null, "header " + name + " holds a control character or starts with whitespace");
            names[i] = wireName;
            values[i] = new AsciiString(bytes, false);
        }
        return new Wire(names, values, null);
    }

    /**
     * A value's wire bytes (its UTF-8 encoding), or null when {@link HeaderValues#sendable} refuses it:
     * a control character other than HTAB, DEL, or a leading SP or HTAB. UTF-8 encodes every char above
     * 0x7f as bytes at or above 0x80, so the check on the bytes is the check on the chars.
     */
    private static byte[] valueBytes(String v) {
        int len = v.length();
        if (len > 0 && (v.charAt(0) == ' ' || v.charAt(0) == '\t')) return null;
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            char c = v.charAt(i);
            if (c > 0x7f) return utf8Bytes(v);
            if (c < 0x20 && c != '\t' || c == 0x7f) return null;
            b[i] = (byte) c;
        }
        return b;
    }

    private static byte[] utf8Bytes(String v) {
        byte[] b = v.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            if (x >= 0 && x < 0x20 && x != '\t' || x == 0x7f) return null;
        }
        return b;
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
            if (!ok) return false;
        }
        return true;
    }

    /**
     * 500 InternalError in the failed response's dialect (its request id header tells which), with
     * that request id when it is itself sendable, and {@code Connection: close}.
     */
    static FullHttpResponse internalError(List<Map.Entry<String, String>> failed, boolean head) {
        String cosId = null, s3Id = null;
        for (var e : failed) {
            if (e.getKey().equalsIgnoreCase("x-cos-request-id") && safe(e.getValue())) cosId = e.getValue();
            if (e.getKey().equalsIgnoreCase("x-amz-request-id") && safe(e.getValue())) s3Id = e.getValue();
        }
        String id = s3Id != null ? s3Id : cosId;
        byte[] body = head ? new byte[0] : ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code>"
                + "<Message>We encountered an internal error. Please try again.</Message>"
                + (id == null ? "" : "<RequestId>" + id + "</RequestId>") + "</Error>").getBytes(StandardCharsets.UTF_8);
        var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                Unpooled.wrappedBuffer(body));
        if (s3Id != null) res.headers().set("x-amz-request-id", s3Id);
        else if (cosId != null) res.headers().set("x-cos-request-id", cosId);
        if (!head) res.headers().set("Content-Type", "application/xml");
        res.headers().set("Content-Length", body.length).set("Connection", HttpHeaderValues.CLOSE);
        return res;
    }

    /** Request ids are generated hex/base64 text; anything else is not echoed. */
    private static boolean safe(String v) {
        if (v == null || v.isEmpty() || v.length() > 128) return false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 0x80) && "-_=+/.".indexOf(c) < 0) return false;
        }
        return true;
    }
}
