package io.cosd.e2e;

import java.util.List;
import java.util.Map;

/**
 * One entry of a key's version stack in the model: a version with its bytes (as a recipe), the ETag the
 * model predicts or (SSE-C, whose ETag is no MD5: SSE-6) recorded, what a GET describes it with, and
 * the sizes of its parts (empty: not a completed multipart upload) and its number of tags; or a delete marker. {@code id} is
 * the server's version id, {@code "null"} for the null version (VER-I3, VER-I4).
 */
record ModelVersion(String id, boolean marker, ModelContent content, String etag, Map<String, String> meta,
                    String contentType, ModelSse sse, List<Long> partSizes, int tags) {
    static final String NULL = "null";

    static ModelVersion marker(String id) {
        return new ModelVersion(id, true, ModelContent.EMPTY, null, Map.of(), null, ModelSse.NONE, List.of(), 0);
    }

    ModelVersion withId(String newId) {
        return new ModelVersion(newId, marker, content, etag, meta, contentType, sse, partSizes, tags);
    }

    long size() {
        return content.length;
    }

    boolean multipart() {
        return !partSizes.isEmpty();
    }

    @Override
    public String toString() {
        return marker ? "marker " + id : "version " + id + " (" + content + ", " + sse + (multipart() ? ", parts " + partSizes : "") + ")";
    }
}
