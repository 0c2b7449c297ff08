package io.cosd.domain.bucket;

import java.time.Instant;
import java.util.Objects;

/**
 * A bucket. {@code name} is the full COS name {@code <name>-<APPID>}; the owner is the account with that APPID.
 * {@code az} is fixed at creation (REP-V9, LC-E3).
 */
public record Bucket(String name, String ownerUin, String appId, String region, Instant createdAt, VersioningState versioning,
                     AzType az) {
    public Bucket {
        Objects.requireNonNull(az, "az");
    }

    /** A single-AZ bucket (the default of PUT Bucket without a body). */
    public Bucket(String name, String ownerUin, String appId, String region, Instant createdAt, VersioningState versioning) {
        this(name, ownerUin, appId, region, createdAt, versioning, AzType.OAZ);
    }

    public boolean multiAz() { return az == AzType.MAZ; }
}
