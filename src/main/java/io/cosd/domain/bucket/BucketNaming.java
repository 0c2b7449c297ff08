package io.cosd.domain.bucket;

import java.util.Locale;
import java.util.Optional;

/**
 * Which bucket names a deployment accepts (docs/buckets.md "Bucket names"): {@link #COS} only
 * {@code <name>-<APPID>} of the creator's account (the default, as COS does); {@link #S3} also plain
 * S3 names, one namespace per server, for teams coming from other S3 servers.
 */
public enum BucketNaming {
    COS, S3;

    /** {@code cos} or {@code s3}, any case; empty for anything else. */
    public static Optional<BucketNaming> parse(String s) {
        if (s == null) return Optional.empty();
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "cos" -> Optional.of(COS);
            case "s3" -> Optional.of(S3);
            default -> Optional.empty();
        };
    }
}
