package io.cosd.api.bucket;

import io.cosd.api.error.ErrorCode;
import io.cosd.domain.bucket.BucketListing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Function;

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

    static BucketListing read(Function<String, String> q, boolean s3) {
        String marker = nonEmpty(q.apply("marker")), token = nonEmpty(q.apply("continuation-token"));
        if (marker != null && token != null) throw invalid("Give marker or continuation-token, not both.");
        String after = token != null ? name(token) : marker;
        String maxKeys = nonEmpty(q.apply("max-keys")), maxBuckets = nonEmpty(q.apply("max-buckets"));
        if (maxKeys != null && maxBuckets != null) throw invalid("Give max-keys or max-buckets, not both.");
        int limit = Integer.MAX_VALUE;
        if (maxBuckets != null) limit = number(maxBuckets, "max-buckets", 1, MAX_BUCKETS);
        if (maxKeys != null) limit = number(maxKeys, "max-keys", 1, Integer.MAX_VALUE);
        String region = nonEmpty(q.apply("region")), bucketRegion = nonEmpty(q.apply("bucket-region"));
        if (region != null && bucketRegion != null && !region.equals(bucketRegion)) throw invalid("region and bucket-region differ.");
        String createTime = nonEmpty(q.apply("create-time")), range = nonEmpty(q.apply("range"));
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
        return new BucketListing(nonEmpty(q.apply("prefix")), region != null ? region : bucketRegion, before, after2, after, limit);
    }

    /** S3's continuation token: the last name of the page, base64url, opaque to the client. */
    static String token(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String name(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("The continuation token provided is incorrect");
        }
    }

    static String nonEmpty(String v) {
        return v == null || v.isEmpty() ? null : v;
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
