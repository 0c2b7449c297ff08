package io.cosd.domain.bucket;

import io.cosd.domain.object.Tags;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bucket tag rules (docs/spec/semantics.md §5b, BT-2), shared by PUT {@code ?tagging} on a bucket
 * and the {@code x-cos-tagging}/{@code x-amz-tagging} header of PUT Bucket. COS and S3 agree on
 * everything but the count with object tags (domain/object/Tags: key 1..128, value 0..256 bytes of
 * UTF-8 from letters, digits, spaces and {@code + - = . _ : / @}, unique keys), so those checks are
 * Tags' own. Bucket-only: at most 50 tags (COS PUT Bucket tagging, AWS "Using cost allocation S3
 * bucket tags"), and keys under {@code aws:} are AWS's system tags, which a requester may not set
 * (refused in both dialects: a tag set must read back the same whichever dialect stored it).
 */
public final class BucketTags {
    public static final int MAX_TAGS = 50;
    /** S3's reserved prefix, compared case-insensitively as AWS does. */
    static final String RESERVED_PREFIX = "aws:";

    private BucketTags() {}

    /** The validated tags in the order given, or the first defect as S3 words it. */
    public static Tags.Checked check(List<Map.Entry<String, String>> pairs) {
        Tags.Checked c = Tags.check(pairs, MAX_TAGS, "Bucket tag count cannot be greater than " + MAX_TAGS + ".");
        if (!c.ok()) return c;
        for (String k : c.tags().keySet()) {
            if (k.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX)) {
                return new Tags.Checked(null, "System tags cannot be added/updated by requester: " + k);
            }
        }
        return c;
    }
}
