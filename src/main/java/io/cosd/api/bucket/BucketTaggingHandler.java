package io.cosd.api.bucket;

import io.cosd.api.core.ChecksumHeaders;
import io.cosd.api.core.Request;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.bucket.BucketTags;
import io.cosd.domain.object.Tags;
import io.cosd.service.BucketTaggingService;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * PUT/GET/DELETE {@code /?tagging} on a bucket (docs/spec/semantics.md §5b; COS PUT/GET/DELETE Bucket
 * tagging, S3 PutBucketTagging/GetBucketTagging/DeleteBucketTagging). Same document and answers in
 * both dialects: PUT and DELETE {@code 204}, GET {@code 200} or {@code 404 NoSuchTagSet}.
 */
public final class BucketTaggingHandler {
    private final BucketTaggingService tags;

    public BucketTaggingHandler(BucketTaggingService tags) {
        this.tags = tags;
    }

    /** BT-1, BT-2, BT-5: every check before anything is stored; the whole set is replaced. */
    public Response put(Request rc) {
        if (rc.dialect() == Dialect.S3 && !carriesIntegrityCheck(rc)) {
            throw ErrorCode.INVALID_REQUEST.exception("Missing required header for this request: Content-MD5 OR x-amz-checksum-*");
        }
        byte[] body = rc.readSmallBody(BucketTaggingXml.MAX_BODY, ErrorCode.XML_SIZE_LIMIT);
        Map<String, String> checked = check(BucketTaggingXml.parse(body));
        if (!tags.put(rc.bucket(), checked)) throw ErrorCode.NO_SUCH_BUCKET.exception();
        return Response.status(204).empty();
    }

    /** BT-3: the tags in the order they were put; none is 404 NoSuchTagSet (the COS Java SDK reads any 404 as no tags). */
    public Response get(Request rc) {
        Map<String, String> t = tags.find(rc.bucket()).orElseThrow(ErrorCode.NO_SUCH_TAG_SET::exception);
        return Response.status(200).bytes(BucketTaggingXml.encode(t).getBytes(StandardCharsets.UTF_8), "application/xml");
    }

    /** BT-4: 204, also when there were none. */
    public Response delete(Request rc) {
        tags.delete(rc.bucket());
        return Response.status(204).empty();
    }

    /** BT-2: the tag rules, 400 InvalidTag with S3's wording. */
    static Map<String, String> check(java.util.List<Map.Entry<String, String>> pairs) {
        Tags.Checked c = BucketTags.check(pairs);
        if (!c.ok()) throw ErrorCode.INVALID_TAG.exception(c.problem());
        return c.tags();
    }

    /**
     * BT-5: S3 requires Content-MD5 or a flexible checksum (an {@code x-amz-checksum-*} header, or one
     * announced as an aws-chunked trailer) on PutBucketTagging; either is verified against the body
     * (Request.readSmallBody, UB-7; RequestGuard wraps the body in the checksum check). An announced trailer
     * counts because RequestGuard refuses one on a body that is not an aws-chunked trailer body and
     * AwsChunkedInputStream refuses a trailer without the announced checksum, so by the end of the body
     * it was verified (UB-3). The AWS SDK v2
     * sends a CRC32 header, boto3 and the COS SDKs Content-MD5.
     */
    private static boolean carriesIntegrityCheck(Request rc) {
        if (rc.header("Content-MD5") != null) return true;
        String trailer = rc.header("x-amz-trailer");
        if (trailer != null && trailer.trim().toLowerCase(java.util.Locale.ROOT).startsWith("x-amz-checksum-")) return true;
        return !ChecksumHeaders.valuesSent(rc.headers()).isEmpty();
    }
}
