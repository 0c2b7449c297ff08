package io.cosd.service;

import io.cosd.domain.cors.CorsConfiguration;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;

import java.util.Optional;
import java.util.function.Function;

/**
 * Bucket CORS configurations, stored as the canonical document (ConfigKind.CORS) and cached parsed
 * per bucket, so a preflight or a cross-origin request costs a map lookup, not a database round
 * trip or an XML parse (docs/cors.md#storage-and-cache). Absence is cached too: most buckets have no CORS.
 * One process owns the database, so invalidating on PUT/DELETE ?cors and on bucket delete
 * ({@link #forget}) keeps the cache exact.
 */
public final class CorsService {
    private final Function<CorsConfiguration, String> encode;
    private final ConfigCache<CorsConfiguration> cache;

    /**
     * @param decode stored document → configuration (the api layer's codec; storage sees only text)
     * @param encode configuration → canonical document
     */
    public CorsService(BucketRepository buckets, Function<String, CorsConfiguration> decode,
                       Function<CorsConfiguration, String> encode) {
        this.cache = new ConfigCache<>(buckets, ConfigKind.CORS, decode);
        this.encode = encode;
    }

    /** The bucket's configuration, empty when it has none or does not exist. */
    public Optional<CorsConfiguration> find(String bucket) {
        return cache.find(bucket);
    }

    /** The configuration of the bucket row the request was authorized against (AUTH-15: NoSuchBucket for a namesake). */
    public Optional<CorsConfiguration> find(io.cosd.domain.bucket.Bucket bucket) {
        return cache.find(bucket);
    }

    /**
     * Replaces the whole configuration (CORS-A1).
     *
     * @return false if the bucket vanished meanwhile
     */
    public boolean put(String bucket, CorsConfiguration config) {
        return cache.put(bucket, encode.apply(config));
    }

    /** As {@link #put(String, CorsConfiguration)}, into the bucket the request was authorized against only (AUTH-13). */
    public boolean put(io.cosd.domain.bucket.Bucket bucket, CorsConfiguration config) {
        return cache.put(bucket.name(), bucket.incarnation(), encode.apply(config));
    }

    /** Idempotent (CORS-A5). */
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
