package io.cosd.domain.bucket;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * COS bucket naming: {@code <name>-<APPID>} where name is lower-case letters, digits and '-', not
 * starting or ending with '-', and the whole bucket name is at most 60 characters (COS limits the
 * short name to 50 and appids are 10 digits). S3 clients use the same full names.
 */
public final class BucketName {
    private static final Pattern FULL = Pattern.compile("^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)-([0-9]{1,20})$");

    private BucketName() {}

    /** The APPID suffix if {@code bucket} is a syntactically valid COS bucket name. */
    public static Optional<String> appIdOf(String bucket) {
        if (bucket == null || bucket.length() > 60) return Optional.empty();
        var m = FULL.matcher(bucket);
        if (!m.matches()) return Optional.empty();
        if (m.group(1).length() > 50 || m.group(1).contains("--")) return Optional.empty();
        return Optional.of(m.group(2));
    }

    public static boolean isValidFor(String bucket, String appId) {
        return appIdOf(bucket).map(appId::equals).orElse(false);
    }
}
