package io.cosd.api.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

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
