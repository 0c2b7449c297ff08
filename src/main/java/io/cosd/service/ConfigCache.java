package io.cosd.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.ConflictException;
import io.cosd.store.meta.EventLoopReads;

import java.util.Optional;
import java.util.function.Function;

/**
 * One kind of bucket configuration, cached parsed per bucket, so the request path pays a map
 * lookup, not a database round trip and a parse. Absence is cached too: most buckets have no
 * configuration of a given kind. One process owns the database, so invalidating on every write of
 * the kind and on bucket delete keeps the cache exact; {@link #put} and {@link #delete} are those
 * writes, so the CORS, lifecycle and replication services cannot forget an invalidation.
 * <p>
 * Why a read that races a write never caches the old value: Caffeine loads a missing entry inside
 * the map's per-key compute, and {@link #invalidate} of that key waits for a load in flight and then
 * removes its result. A write commits before it invalidates, so a load either started after the
 * commit (and read the new value) or is removed by the invalidation.
 */
final class ConfigCache<T> {
    /** Bound on cached buckets; lookups for unknown bucket names must not grow memory without limit. */
    static final int MAX_CACHED = 10_000;

    private final BucketRepository buckets;
    private final ConfigKind kind;
    private final Function<String, T> decode;
    private final Cache<String, Optional<T>> cache = Caffeine.newBuilder().maximumSize(MAX_CACHED).build();

    ConfigCache(BucketRepository buckets, ConfigKind kind, Function<String, T> decode) {
        this.buckets = buckets;
        this.kind = kind;
        this.decode = decode;
    }

    /**
     * The bucket's configuration, empty when it has none or does not exist. On an event loop
     * ({@link EventLoopReads}) only a cached one: loading waits for a load in flight by another
     * request, which may itself wait for a pooled connection, so a miss there defers the request to a
     * virtual thread, whose load fills the cache for the next ones (docs/performance.md "The GET path").
     */
    Optional<T> find(String bucket) {
        if (EventLoopReads.active()) {
            Optional<T> cached = cache.getIfPresent(bucket);
            if (cached == null) throw new EventLoopReads.Defer(kind + " configuration not cached");
            return cached;
        }
        return cache.get(bucket, b -> buckets.config(b, kind).map(decode));
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
        cache.invalidate(bucket);
    }
}
