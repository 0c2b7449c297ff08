package io.cosd.domain.replication;

import io.cosd.domain.bucket.BucketNames;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A destination bucket: {@code qcs::cos:<region>::<bucket-appid>} (note the empty fifth segment)
 * or, for S3 clients, {@code arn:aws:s3:::<bucket>} (region null: this deployment's region).
 * REP-V7: anything else is refused. The bucket part is checked by {@link BucketNames#isWellFormed(String)},
 * the one naming rule (docs/buckets.md "Bucket names"): any name some deployment could hold, COS or
 * plain S3 form, since the destination may be a peer in either naming mode or a plain S3 endpoint.
 * Whether it exists and is the same owner's is REP-V3's business.
 */
public record Destination(String raw, String region, String bucket) {
    private static final Pattern QCS = Pattern.compile("qcs::cos:([a-z0-9-]+)::(.+)");
    private static final Pattern ARN = Pattern.compile("arn:aws:s3:::(.+)");

    public static Optional<Destination> parse(String s) {
        if (s == null) return Optional.empty();
        String t = s.trim();
        var m = QCS.matcher(t);
        if (m.matches()) return BucketNames.isWellFormed(m.group(2)) ? Optional.of(new Destination(t, m.group(1), m.group(2))) : Optional.empty();
        var a = ARN.matcher(t);
        if (a.matches()) return BucketNames.isWellFormed(a.group(1)) ? Optional.of(new Destination(t, null, a.group(1))) : Optional.empty();
        return Optional.empty();
    }

    /** The region the destination lives in, {@code local} when the ARN form names none. */
    public String regionOr(String local) {
        return region == null ? local : region;
    }

    /** The outbox's destination text: {@code <region>/<bucket>}. */
    public String key(String localRegion) {
        return regionOr(localRegion) + "/" + bucket;
    }
}
