package io.cosd.api.http;

/**
 * Whether a string can be sent as (part of) an HTTP response header value: the one rule every
 * input that is later echoed into a header is checked against (response-* overrides, lifecycle rule
 * IDs, CORS rule fields), and that the output side uses to skip a value stored before the rule
 * (docs/unbuilt.md "Header values").
 *
 * <p>It is the rule Netty's header validation applies to what {@link EdgeHandler} writes: no
 * control character except HTAB (so no CR, LF, NUL) and no DEL; a whole value may not start with SP
 * or HTAB. Non-ASCII is allowed: the edge sends it as its UTF-8 bytes (all at or above 0x80, which
 * HTTP/1.1 carries as obs-text), the way user metadata round-trips today. A value Netty refuses
 * would throw while the response head is written, after the handler has answered.
 */
public final class HeaderValues {
    private HeaderValues() {}

    /** A whole header value: {@link #sendableInside} and no leading SP or HTAB. */
    public static boolean sendable(String v) {
        if (v == null) return true;
        if (!v.isEmpty() && (v.charAt(0) == ' ' || v.charAt(0) == '\t')) return false;
        return sendableInside(v);
    }

    /** A part of a header value (e.g. a rule id inside {@code rule-id="..."}): HTAB, or no control character and no DEL. */
    public static boolean sendableInside(String v) {
        if (v == null) return true;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\t') continue;
            if (c < 0x20 || c == 0x7f) return false;
        }
        return true;
    }
}
