package io.cosd.api.bucket;

import io.cosd.api.core.ContinuationTokens;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.route.QueryParams;
import io.cosd.domain.bucket.BucketListing;

import java.time.Instant;

/**
 * ListBuckets' query parameters (docs/buckets.md "Listing buckets", BKT-L1..L3), read in both
 * dialects, none ignored: COS {@code marker}, {@code max-keys}, {@code region}, {@code create-time}
 * with {@code range} ({@code lt} or {@code gt}); S3 {@code max-buckets} (1-10000),
 * {@code continuation-token}, {@code prefix}, {@code bucket-region}. An empty value is no value (the
 * Python SDK sends its optional parameters empty). A bad value is {@code 400 InvalidArgument}.
 */
final class ListBucketsParams {
    static final int MAX_BUCKETS = 10_000;

    private ListBucketsParams() {}

    static BucketListing read(QueryParams q) {
        String marker = q.nonEmpty("marker"), token = q.nonEmpty("continuation-token");
        if (marker != null && token != null) throw invalid("Give marker or continuation-token, not both.");
        String after = token != null ? ContinuationTokens.decode(token) : marker;
        String maxKeys = q.nonEmpty("max-keys"), maxBuckets = q.nonEmpty("max-buckets");
        if (maxKeys != null && maxBuckets != null) throw invalid("Give max-keys or max-buckets, not both.");
        int limit = Integer.MAX_VALUE;
        if (maxBuckets != null) limit = number(maxBuckets, "max-buckets", 1, MAX_BUCKETS);
        if (maxKeys != null) limit = number(maxKeys, "max-keys", 1, Integer.MAX_VALUE);
        String region = q.nonEmpty("region"), bucketRegion = q.nonEmpty("bucket-region");
        if (region != null && bucketRegion != null && !region.equals(bucketRegion)) throw invalid("region and bucket-region differ.");
        String createTime = q.nonEmpty("create-time"), range = q.nonEmpty("range");
        Instant before = null, after2 = null;
        if (createTime != null || range != null) {
            if (createTime == null || range == null) throw invalid("create-time and range filter buckets together; give both.");
            Instant t = Instant.ofEpochSecond(number(createTime, "create-time", 0, Integer.MAX_VALUE));
            switch (range) {
                case "lt" -> before = t;
                case "gt" -> after2 = t;
                default -> throw invalid("range must be lt or gt.");
            }
        }
        return new BucketListing(q.nonEmpty("prefix"), region != null ? region : bucketRegion, before, after2, after, limit);
    }

    private static int number(String v, String name, int min, int max) {
        try {
            long n = Long.parseLong(v.trim());
            if (n < min || n > max) throw invalid(name + " must be between " + min + " and " + max + ".");
            return (int) n;
        } catch (NumberFormatException e) {
            throw invalid(name + " must be an integer.");
        }
    }

    private static RuntimeException invalid(String message) {
        return ErrorCode.INVALID_ARGUMENT.exception(message);
    }
}
