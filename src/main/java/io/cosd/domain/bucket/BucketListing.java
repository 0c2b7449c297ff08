package io.cosd.domain.bucket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * ListBuckets' filters and pages (docs/buckets.md "Listing buckets", BKT-L1..L3), pure: the caller's
 * buckets in, one page out. Buckets are ordered by name; a page starts after {@code after} (COS's
 * {@code marker}, S3's decoded {@code continuation-token}) and holds at most {@code limit} buckets
 * that pass every filter; {@code next} is the last name on a truncated page.
 *
 * @param prefix        S3 {@code prefix}: names starting with it, or null
 * @param region        COS {@code region} / S3 {@code bucket-region}: buckets in that region, or null
 * @param createdBefore COS {@code create-time} with {@code range=lt}: created strictly before, or null
 * @param createdAfter  COS {@code create-time} with {@code range=gt}: created strictly after, or null
 * @param after         list names greater than this one, or null
 * @param limit         the page size, at least 1
 */
public record BucketListing(String prefix, String region, Instant createdBefore, Instant createdAfter, String after, int limit) {
    public BucketListing {
        if (limit < 1) throw new IllegalArgumentException("limit " + limit);
    }

    public record Page(List<Bucket> buckets, boolean truncated, String next) {}

    /** @param extra a further filter the caller applies (tags), tested like the others before a bucket counts */
    public Page page(List<Bucket> all, Predicate<Bucket> extra) {
        List<Bucket> out = new ArrayList<>();
        List<Bucket> sorted = all.stream().sorted(Comparator.comparing(Bucket::name)).toList();
        for (Bucket b : sorted) {
            if (after != null && b.name().compareTo(after) <= 0) continue;
            if (prefix != null && !b.name().startsWith(prefix)) continue;
            if (region != null && !region.equals(b.region())) continue;
            if (createdBefore != null && !b.createdAt().isBefore(createdBefore)) continue;
            if (createdAfter != null && !b.createdAt().isAfter(createdAfter)) continue;
            if (!extra.test(b)) continue;
            if (out.size() == limit) return new Page(List.copyOf(out), true, out.getLast().name());
            out.add(b);
        }
        return new Page(List.copyOf(out), false, null);
    }
}
