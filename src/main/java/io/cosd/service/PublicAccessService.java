package io.cosd.service;

import io.cosd.domain.policy.PublicAccessBlock;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;

import java.util.Optional;
import java.util.function.Function;

/**
 * Bucket public access blocks (docs/policy.md#public-access-block), stored as the canonical document
 * (ConfigKind.PUBLIC_ACCESS_BLOCK) and cached parsed per bucket: RestrictPublicBuckets is consulted on
 * every request a bucket policy allows, so it must cost a map lookup, not a database round trip.
 * Invalidated on PUT/DELETE and on bucket delete ({@link #forget}), as every {@link ConfigCache}.
 */
public final class PublicAccessService {
    private final Function<PublicAccessBlock, String> encode;
    private final ConfigCache<PublicAccessBlock> cache;

    /**
     * @param decode stored document → configuration (the api layer's codec; storage sees only text)
     * @param encode configuration → canonical document
     */
    public PublicAccessService(BucketRepository buckets, Function<String, PublicAccessBlock> decode,
                               Function<PublicAccessBlock, String> encode) {
        this.cache = new ConfigCache<>(buckets, ConfigKind.PUBLIC_ACCESS_BLOCK, decode);
        this.encode = encode;
    }

    /** The bucket's configuration, empty when it has none or does not exist (POL-P2). */
    public Optional<PublicAccessBlock> find(io.cosd.domain.bucket.Bucket bucket) {
        return cache.find(bucket);
    }

    /** What is in force: the configuration, or {@link PublicAccessBlock#NONE}. */
    public PublicAccessBlock effective(io.cosd.domain.bucket.Bucket bucket) {
        return cache.find(bucket).orElse(PublicAccessBlock.NONE);
    }

    /** Replaces the whole configuration (POL-P1). @return false if the bucket vanished meanwhile */
    public boolean put(String bucket, PublicAccessBlock config) {
        return cache.put(bucket, encode.apply(config));
    }

    /** As {@link #put(String, PublicAccessBlock)}, into the bucket the request was authorized against only (AUTH-13). */
    public boolean put(io.cosd.domain.bucket.Bucket bucket, PublicAccessBlock config) {
        return cache.put(bucket.name(), bucket.incarnation(), encode.apply(config));
    }

    /** Idempotent (POL-P2). */
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
