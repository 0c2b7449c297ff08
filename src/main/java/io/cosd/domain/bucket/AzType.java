package io.cosd.domain.bucket;

import io.cosd.domain.object.StorageClass;

import java.util.Locale;
import java.util.Optional;

/**
 * Availability-zone type of a bucket, fixed at creation (PUT Bucket {@code <BucketAZConfig>}):
 * {@code OAZ} (one zone, the default) or {@code MAZ} (multi-AZ). REP-V9 and LC-E3 depend on it.
 */
public enum AzType {
    OAZ, MAZ;

    /** HEAD Bucket's answer for a MAZ bucket (absent for OAZ), read by replication's destination probe too. */
    public static final String HEADER = "x-cos-bucket-az-type";

    /** {@code MAZ}/{@code OAZ} in any case; anything else is empty (the caller answers InvalidArgument). */
    public static Optional<AzType> parse(String s) {
        if (s == null) return Optional.empty();
        try {
            return Optional.of(valueOf(s.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** LC-E3: a MAZ bucket holds only MAZ_* classes, an OAZ bucket none of them. */
    public boolean admits(StorageClass c) {
        return c.name().startsWith("MAZ_") == (this == MAZ);
    }
}
