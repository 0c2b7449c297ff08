package io.cosd.domain.bucket;

import java.time.Instant;
import java.util.Objects;

/**
 * A bucket. {@code name} is the full COS name {@code <name>-<APPID>}; the owner is the account with that APPID.
 * {@code az} is fixed at creation (REP-V9, LC-E3).
 *
 * <p>{@code incarnation} tells this bucket row apart from any later bucket of the same name
 * (docs/security.md AUTH-13): a random non-zero 64-bit value the store draws when it creates the row,
 * so a bucket deleted and created again (by any account, with other policies) has another one. A
 * write authorized against this row hands it to the store, which commits only into the row that
 * still has it; a namesake created meanwhile answers {@code NoSuchBucket}. A bucket about to be
 * created carries the value its creator drew (BucketService), so the Bucket a creation returns names
 * its row too; one built with {@link #ANY_INCARNATION} gets a value drawn by the store.
 */
public record Bucket(String name, String ownerUin, String appId, String region, Instant createdAt, VersioningState versioning,
                     AzType az, long incarnation) {
    /** No row read yet (a bucket about to be created), or a write that names no expectation. Never a row's value. */
    public static final long ANY_INCARNATION = 0;

    public Bucket {
        Objects.requireNonNull(az, "az");
    }

    /** A bucket not read from the store (its incarnation is drawn at creation). */
    public Bucket(String name, String ownerUin, String appId, String region, Instant createdAt, VersioningState versioning,
                  AzType az) {
        this(name, ownerUin, appId, region, createdAt, versioning, az, ANY_INCARNATION);
    }

    /** A single-AZ bucket (the default of PUT Bucket without a body). */
    public Bucket(String name, String ownerUin, String appId, String region, Instant createdAt, VersioningState versioning) {
        this(name, ownerUin, appId, region, createdAt, versioning, AzType.OAZ);
    }

    public boolean multiAz() { return az == AzType.MAZ; }
}
