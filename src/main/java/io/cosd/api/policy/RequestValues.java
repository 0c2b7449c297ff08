package io.cosd.api.policy;

import io.cosd.api.error.ApiException;
import io.cosd.api.object.CopyHandler;
import io.cosd.api.object.TaggingHeader;
import io.cosd.api.route.Operation;

import java.util.Map;
import java.util.function.Function;

/**
 * Request values that only some operations carry, read with the parsers the handlers write with, so a
 * condition judges exactly what the request does (docs/security.md AUTH-3's rule, applied to policy keys):
 * the copy source of a copy (POL-S9) and the tags a write asks the new object to carry (POL-S11).
 */
final class RequestValues {
    private RequestValues() {}

    /** {@code s3:x-amz-copy-source}: CopyObject and UploadPartCopy only; null elsewhere or when malformed. */
    static String copySource(Operation op, String header) {
        if (op != Operation.COPY_OBJECT && op != Operation.UPLOAD_PART_COPY) return null;
        return CopyHandler.policySource(header);
    }

    /**
     * The tags the new object gets from the request: the tagging header of a PutObject,
     * InitiateMultipartUpload or POST Object form (its {@code tagging} field, re-encoded by PostFacts),
     * the body of a PutObjectTagging (re-encoded by TaggingBody), and of a CopyObject whose tagging directive is REPLACE (with COPY the source's tags are kept, so the
     * request asks for none). Null when the operation takes no tags from the request, or the header is
     * malformed (the write then fails with InvalidTag); empty when it asks for none.
     */
    static Map<String, String> of(Operation op, Function<String, String> header) {
        switch (op) {
            case PUT_OBJECT, INITIATE_MULTIPART_UPLOAD, POST_OBJECT, PUT_OBJECT_TAGGING -> { }
            case COPY_OBJECT -> {
                String d = dialect(header, "tagging-directive");
                if (!"REPLACE".equals(CopyHandler.appliedDirective(d))) return null;   // the copy's own parse
            }
            default -> { return null; }
        }
        try {
            return TaggingHeader.parse(dialect(header, "tagging"));
        } catch (ApiException malformed) {
            return null;
        }
    }

    private static String dialect(Function<String, String> header, String suffix) {
        String v = header.apply("x-cos-" + suffix);
        return v != null ? v : header.apply("x-amz-" + suffix);
    }
}
