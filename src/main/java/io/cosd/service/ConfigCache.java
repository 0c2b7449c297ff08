package io.cosd.service;

import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.ConflictException;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One kind of bucket configuration, cached parsed per bucket, so the request path pays a map
 * lookup, not a database round trip and a parse. Absence is cached too: most buckets have no
 * configuration of a given kind. One process owns the database, so invalidating on every write of
 * the kind and on bucket delete keeps the cache exact; {@link #put} and {@link #delete} are those
 * writes, so the CORS, lifecycle and replication services cannot forget an invalidation.
 */
final class ConfigCache<T> {
    /** Bound on cached buckets; lookups for unknown bucket names must not grow memory without limit. */
    static final int MAX_CACHED = 10_000;

    private final BucketRepository buckets;
    private final ConfigKind kind;
    private final Function<String, T> decode;
    private final ConcurrentHashMap<String, Optional<T>> cache = new ConcurrentHashMap<>();
    /** Bumped by every write before its invalidation, so a read that raced a write never caches the old value. */
    private final AtomicLong writes = new AtomicLong();

    ConfigCache(BucketRepository buckets, ConfigKind kind, Function<String, T> decode) {
        this.buckets = buckets;
        this.kind = kind;
        this.decode = decode;
    }

    /** The bucket's configuration, empty when it has none or does not exist. */
    Optional<T> find(String bucket) {
        Optional<T> c = cache.get(bucket);
        if (c != null) return c;
        long seen = writes.get();
        c = buckets.config(bucket, kind).map(decode);
        if (cache.size() >= MAX_CACHED) cache.clear(); // crude but bounded; a miss costs one indexed read
        cache.put(bucket, c);
        // A write that landed after our read bumped the counter; its invalidation may have run before
        // our put, so undo it here (the write's own removal covers the other order).
        if (writes.get() != seen) cache.remove(bucket, c);
        return c;
    }

    /**
     * Stores the canonical document, replacing any earlier one, and invalidates (also on failure).
     *
     * @return false if the bucket vanished meanwhile
     */
    boolean put(String bucket, String document) {
        try {
            buckets.putConfig(bucket, kind, document);
            return true;
        } catch (ConflictException e) {
            return false;
        } finally {
            invalidate(bucket);
        }
    }

    /** Removes the configuration and invalidates (also on failure). @return true if one was removed */
    boolean delete(String bucket) {
        try {
            return buckets.deleteConfig(bucket, kind);
        } finally {
            invalidate(bucket);
        }
    }

    /** After every write of this kind for the bucket, and when the bucket is deleted. */
    void invalidate(String bucket) {
        writes.incrementAndGet();
        cache.remove(bucket);
    }
}
