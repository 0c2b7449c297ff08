package io.cosd.service;

import io.cosd.domain.acl.ObjectOwnership;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;

import java.util.Optional;

/**
 * A bucket's Object Ownership setting (docs/acl.md "Object Ownership", ACL-O1, ACL-O2), stored as a
 * bucket_configs row of kind OWNERSHIP_CONTROLS holding the setting's wire name, and cached per bucket
 * as every {@link ConfigCache}: every ACL decision and every object write consults it.
 */
public final class OwnershipService {
    private final ConfigCache<ObjectOwnership> cache;

    public OwnershipService(BucketRepository buckets) {
        this.cache = new ConfigCache<>(buckets, ConfigKind.OWNERSHIP_CONTROLS, ObjectOwnership::parse);
    }

    /**
     * The controls of the bucket row the request was authorized against, empty when it has none
     * (ACL-O1: ObjectWriter behaviour); a namesake created since is NoSuchBucket (AUTH-15).
     */
    public Optional<ObjectOwnership> find(io.cosd.domain.bucket.Bucket bucket) {
        return cache.find(bucket);
    }

    /** The setting in force: the controls', or null when there are none (ObjectWriter behaviour, ACL-O1). */
    public ObjectOwnership effective(io.cosd.domain.bucket.Bucket bucket) {
        return cache.find(bucket).orElse(null);
    }

    /** Replaces the setting (ACL-O2). @return false if the bucket vanished meanwhile */
    public boolean put(String bucket, ObjectOwnership o) {
        return cache.put(bucket, o.wire());
    }

    /** As {@link #put(String, ObjectOwnership)}, into the bucket the request was authorized against only (AUTH-13). */
    public boolean put(io.cosd.domain.bucket.Bucket bucket, ObjectOwnership o) {
        return cache.put(bucket.name(), bucket.incarnation(), o.wire());
    }

    /** The configuration rows a new bucket is created with (in its creating transaction): none without a setting. */
    public java.util.Map<ConfigKind, String> atCreation(ObjectOwnership o) {
        return o == null ? java.util.Map.of() : java.util.Map.of(ConfigKind.OWNERSHIP_CONTROLS, o.wire());
    }

    /** Idempotent (ACL-O2). */
    public void delete(String bucket) {
        cache.delete(bucket);
    }

    /** As {@link #delete(String)}, in the bucket the request was authorized against only (AUTH-13). */
    public void delete(io.cosd.domain.bucket.Bucket bucket) {
        cache.delete(bucket.name(), bucket.incarnation());
    }

    /** Drops the cached entry of a deleted bucket (its config rows went with it). */
    public void forget(String bucket) {
        cache.invalidate(bucket);
    }
}
