package io.cosd.api.bucket;

import io.cosd.api.core.Request;
import io.cosd.api.dialect.Dialect;

import java.util.Map;

/**
 * {@code x-cos-tagging} / {@code x-amz-tagging} on PUT Bucket (BT-6): URL-encoded
 * {@code k1=v1&k2=v2}, decoded as the object header is (api/object/TaggingHeader), checked by the
 * bucket tag rules (BT-2). Absent or blank: no tags.
 */
final class TaggingHeader {
    private TaggingHeader() {}

    static Map<String, String> read(Request rc) {
        String v = rc.dialectHeader("tagging");
        if (v == null || v.isBlank()) return Map.of();
        String name = (rc.dialect() == Dialect.COS ? "x-cos" : "x-amz") + "-tagging";
        return BucketTaggingHandler.check(io.cosd.api.object.TaggingHeader.pairs(v, name));
    }
}
