package io.cosd.domain.replication;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A destination bucket: {@code qcs::cos:<region>::<bucket-appid>} (note the empty fifth segment)
 * or, for S3 clients, {@code arn:aws:s3:::<bucket>} (region null: this deployment's region).
 * REP-V7: anything else is refused.
 */
public record Destination(String raw, String region, String bucket) {
    private static final Pattern QCS = Pattern.compile("qcs::cos:([a-z0-9-]+)::([a-z0-9][a-z0-9-]{0,48}[a-z0-9]-[0-9]+)");
    private static final Pattern ARN = Pattern.compile("arn:aws:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])");

    public static Optional<Destination> parse(String s) {
        if (s == null) return Optional.empty();
        String t = s.trim();
        var m = QCS.matcher(t);
        if (m.matches()) return Optional.of(new Destination(t, m.group(1), m.group(2)));
        var a = ARN.matcher(t);
        if (a.matches()) return Optional.of(new Destination(t, null, a.group(1)));
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
