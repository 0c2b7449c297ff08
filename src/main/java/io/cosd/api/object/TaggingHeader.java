package io.cosd.api.object;

import io.cosd.api.error.ErrorCode;
import io.cosd.domain.object.Tags;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code x-cos-tagging} / {@code x-amz-tagging} header: URL-encoded {@code k1=v1&k2=v2} (form
 * encoding, as the SDKs produce it), validated by the same rules as PUT ?tagging. One parser for the
 * write and for the bucket policy's {@code s3:RequestObjectTag} keys (POL-S11), so a condition judges
 * exactly the tags that are stored.
 */
public final class TaggingHeader {
    private TaggingHeader() {}

    /** @param v the header value, or null; @return the tags (empty when absent); InvalidTag when malformed */
    public static Map<String, String> parse(String v) {
        if (v == null || v.isBlank()) return Map.of();
        Tags.Checked c = Tags.check(pairs(v, "x-cos-tagging"));
        if (!c.ok()) throw ErrorCode.INVALID_TAG.exception(c.problem());
        return c.tags();
    }

    /** Tags as a tagging header carries them (form-encoded), for the condition facts of tags read from elsewhere (POL-S11). */
    public static String encode(Map<String, String> tags) {
        StringBuilder b = new StringBuilder();
        for (var e : tags.entrySet()) {
            if (b.length() > 0) b.append('&');
            b.append(java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /**
     * The header's pairs in order, form-decoded, not yet checked (the bucket tag rules, BT-2, differ in
     * count from the object's): one decoding for object and bucket tags.
     *
     * @param header the header's name, for the InvalidTag message
     */
    public static List<Map.Entry<String, String>> pairs(String v, String header) {
        var pairs = new ArrayList<Map.Entry<String, String>>();
        for (String part : v.trim().split("&", -1)) {
            if (part.isEmpty()) throw malformed(header);
            int eq = part.indexOf('=');
            pairs.add(Map.entry(formDecode(eq < 0 ? part : part.substring(0, eq), header),
                    eq < 0 ? "" : formDecode(part.substring(eq + 1), header)));
        }
        return pairs;
    }

    private static String formDecode(String s, String header) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed(header);
        }
    }

    private static RuntimeException malformed(String header) {
        return ErrorCode.INVALID_TAG.exception("The header '" + header
                + "' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.");
    }
}
