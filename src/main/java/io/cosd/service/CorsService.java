package io.cosd.service;

import io.cosd.domain.cors.CorsConfiguration;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.ConflictException;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Bucket CORS configurations, stored as the canonical document (ConfigKind.CORS) and cached parsed
 * per bucket, so a preflight or a cross-origin request costs a map lookup, not a database round
 * trip or an XML parse (issue 5, speed). Absence is cached too: most buckets have no CORS.
 * One process owns the database, so invalidating on PUT/DELETE ?cors and on bucket delete
 * ({@link #forget}) keeps the cache exact.
 */
public final class CorsService {
    /** Bound on cached buckets; lookups for unknown bucket names must not grow memory without limit. */
    static final int MAX_CACHED = 10_000;

    private final BucketRepository buckets;
    private final Function<String, CorsConfiguration> decode;
    private final Function<CorsConfiguration, String> encode;
    private final ConcurrentHashMap<String, Optional<CorsConfiguration>> cache = new ConcurrentHashMap<>();
    /** Bumped by every write before its invalidation, so a read that raced a write never caches the old value. */
    private final AtomicLong writes = new AtomicLong();

    /**
     * @param decode stored document → configuration (the api layer's codec; storage sees only text)
     * @param encode configuration → canonical document
     */
    public CorsService(BucketRepository buckets, Function<String, CorsConfiguration> decode,
                       Function<CorsConfiguration, String> encode) {
        this.buckets = buckets;
        this.decode = decode;
        this.encode = encode;
    }

    /** The bucket's configuration, empty when it has none or does not exist. */
    public Optional<CorsConfiguration> find(String bucket) {
        Optional<CorsConfiguration> c = cache.get(bucket);
        if (c != null) return c;
        long seen = writes.get();
        c = buckets.config(bucket, ConfigKind.CORS).map(decode);
        if (cache.size() >= MAX_CACHED) cache.clear(); // crude but bounded; a miss costs one indexed read
        cache.put(bucket, c);
        // A write that landed after our read bumped the counter; its invalidation may have run before
        // our put, so undo it here (the write's own removal covers the other order).
        if (writes.get() != seen) cache.remove(bucket, c);
        return c;
    }

    /**
     * Replaces the whole configuration (CORS-A1).
     *
     * @return false if the bucket vanished meanwhile
     */
    public boolean put(String bucket, CorsConfiguration config) {
        try {
            buckets.putConfig(bucket, ConfigKind.CORS, encode.apply(config));
            return true;
        } catch (ConflictException e) {
            return false;
        } finally {
            invalidate(bucket);
        }
    }

    /** Idempotent (CORS-A5). */
    public void delete(String bucket) {
        buckets.deleteConfig(bucket, ConfigKind.CORS);
        invalidate(bucket);
    }

    /** Drops the cached entry of a deleted bucket (its config rows went with it). */
    public void forget(String bucket) {
        invalidate(bucket);
    }

    private void invalidate(String bucket) {
        writes.incrementAndGet();
        cache.remove(bucket);
    }
}
