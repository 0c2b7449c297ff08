package io.cosd.domain.bucket;

import java.time.Instant;

/** A bucket. {@code name} is the full COS name {@code <name>-<APPID>}; the owner is the account with that APPID. */
public record Bucket(String name, String ownerUin, String appId, String region, Instant createdAt, VersioningState versioning) {}
