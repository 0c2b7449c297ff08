package io.cosd.api.bucket;

import io.cosd.api.core.Request;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ErrorCode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code x-cos-tagging} / {@code x-amz-tagging} on PUT Bucket (BT-6): URL-encoded
 * {@code k1=v1&k2=v2} (form encoding, as COS documents it and the object header is read:
 * api/object/ObjectHeaders), checked by the bucket tag rules (BT-2). Absent or blank: no tags.
 */
final class TaggingHeader {
    private TaggingHeader() {}

    static Map<String, String> read(Request rc) {
        String v = rc.dialectHeader("tagging");
        if (v == null || v.isBlank()) return Map.of();
        String name = (rc.dialect() == Dialect.COS ? "x-cos" : "x-amz") + "-tagging";
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String part : v.trim().split("&", -1)) {
            if (part.isEmpty()) throw malformed(name);
            int eq = part.indexOf('=');
            pairs.add(Map.entry(decode(eq < 0 ? part : part.substring(0, eq), name), eq < 0 ? "" : decode(part.substring(eq + 1), name)));
        }
        return BucketTaggingHandler.check(pairs);
    }

    private static String decode(String s, String header) {
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
