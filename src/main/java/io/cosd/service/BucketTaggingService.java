package io.cosd.service;

import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Bucket tags (docs/spec/semantics.md §5b), stored as the canonical {@code <Tagging>} document
 * (ConfigKind.TAGGING, one bucket_configs row dropped with the bucket: BT-8) and cached parsed per
 * bucket like every {@link ConfigCache}. Tags are validated before they reach this class (BT-2).
 * Tags given at creation are written with the bucket, in its transaction (BT-6:
 * {@link BucketService#create}); {@link #forget} then drops any cached absence for the name.
 */
public final class BucketTaggingService {
    private final Function<Map<String, String>, String> encode;
    private final ConfigCache<Map<String, String>> cache;

    /**
     * @param decode stored document → tags in their stored order (the api layer's codec; storage sees only text)
     * @param encode tags → canonical document
     */
    public BucketTaggingService(BucketRepository buckets, Function<String, Map<String, String>> decode,
                                Function<Map<String, String>, String> encode) {
        this.cache = new ConfigCache<>(buckets, ConfigKind.TAGGING, decode);
        this.encode = encode;
    }

    /** The bucket's tags, empty when it has none (BT-3) or does not exist. */
    public Optional<Map<String, String>> find(String bucket) {
        return cache.find(bucket);
    }

    /** The tags of the bucket row the request was authorized against (AUTH-15: NoSuchBucket for a namesake). */
    public Optional<Map<String, String>> find(io.cosd.domain.bucket.Bucket bucket) {
        return cache.find(bucket);
    }

    /**
     * Replaces the whole tag set (BT-1); an empty set removes it, so GET answers NoSuchTagSet again.
     *
     * @return false if the bucket vanished meanwhile
     */
    public boolean put(String bucket, Map<String, String> tags) {
        return put(bucket, io.cosd.domain.bucket.Bucket.ANY_INCARNATION, tags);
    }

    /** As {@link #put(String, Map)}, into the bucket the request was authorized against only (AUTH-13). */
    public boolean put(io.cosd.domain.bucket.Bucket bucket, Map<String, String> tags) {
        return put(bucket.name(), bucket.incarnation(), tags);
    }

    private boolean put(String bucket, long incarnation, Map<String, String> tags) {
        if (tags.isEmpty()) {
            cache.delete(bucket);
            return true;
        }
        return cache.put(bucket, incarnation, encode.apply(tags));
    }

    /** Idempotent (BT-4). */
    public void delete(String bucket) {
        cache.delete(bucket);
    }

    /** As {@link #delete(String)}, in the bucket the request was authorized against only (AUTH-13). */
    public void delete(io.cosd.domain.bucket.Bucket bucket) {
        cache.delete(bucket.name(), bucket.incarnation());
    }

    /** The configuration rows for tags given at creation, for {@link BucketService#create} to store with the bucket. */
    public Map<ConfigKind, String> atCreation(Map<String, String> tags) {
        return tags.isEmpty() ? Map.of() : Map.of(ConfigKind.TAGGING, encode.apply(tags));
    }

    /** Drops the cached entry of a deleted bucket, or of a bucket just created with its tags. */
    public void forget(String bucket) {
        cache.invalidate(bucket);
    }
}
