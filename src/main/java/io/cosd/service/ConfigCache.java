package io.cosd.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ChangeFeed;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.ConflictException;
import io.cosd.store.meta.EventLoopReads;
import io.cosd.store.meta.NoSuchBucketException;
import io.cosd.domain.bucket.Bucket;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One kind of bucket configuration, cached parsed per bucket, so the request path pays a map
 * lookup, not a database round trip and a parse. Absence is cached too: most buckets have no
 * configuration of a given kind. {@link #put} and {@link #delete} invalidate after their write, so
 * the services over this class cannot forget an invalidation; and the store's change feed invalidates
 * on every committed write of the kind and every bucket creation or deletion, by this process or any
 * other on the same database (docs/scale-out.md "Caches across nodes", SC-C5). While the feed is not
 * {@link ChangeFeed#current() current} (SC-C3) every lookup reads through and nothing is cached.
 * <p>
 * Why a read that races a write never caches the old value: Caffeine loads a missing entry inside
 * the map's per-key compute, and {@link #invalidate} of that key waits for a load in flight and then
 * removes its result. A write commits before it invalidates, so a load either started after the
 * commit (and read the new value) or is removed by the invalidation.
 * <p>
 * Why each entry names its bucket row (docs/security.md AUTH-15, SC-C5): the feed's eviction of a
 * deleted bucket's entry reaches another node only after the feed's lag, and the bucket may be created
 * again by another account meanwhile; an entry keyed by name alone would hand the namesake the old
 * bucket's configuration (its public access block, its Object Ownership) until then. So a load reads
 * the row's incarnation with the document in one statement ({@code BucketRepository.configOfRow}) and
 * the entry keeps it; a request's lookup ({@link #find(Bucket)}) takes an entry of another incarnation
 * as a miss, and a row that is not the one the request was authorized against is
 * {@link NoSuchBucketException}, never another row's configuration.
 */
final class ConfigCache<T> {
    /** Bound on cached buckets; lookups for unknown bucket names must not grow memory without limit. */
    static final int MAX_CACHED = 10_000;

    private final BucketRepository buckets;
    private final ConfigKind kind;
    private final Function<String, T> decode;
    private final ChangeFeed feed;
    private final AtomicLong resets = new AtomicLong();
    private final Cache<String, Entry<T>> cache = Caffeine.newBuilder().maximumSize(MAX_CACHED).build();

    /** A bucket row's configuration of this kind (empty: none), with the row's incarnation. */
    private record Entry<T>(long incarnation, Optional<T> value) {
        boolean of(long wanted) {
            return wanted == Bucket.ANY_INCARNATION || wanted == incarnation;
        }
    }

    ConfigCache(BucketRepository buckets, ConfigKind kind, Function<String, T> decode) {
        this.buckets = buckets;
        this.kind = kind;
        this.decode = decode;
        this.feed = buckets.changes();
        feed.subscribe(new ChangeFeed.Subscriber() {
            @Override
            public void changed(ChangeFeed.Change change) {
                if (change.kind() == ChangeFeed.Kind.CONFIG || change.kind() == ChangeFeed.Kind.BUCKET) {
                    if (change.touches(change.id(), kind)) invalidate(change.id());
                }
            }

            @Override
            public void forgetAll() {
                resets.incrementAndGet();
                cache.invalidateAll();
            }
        });
    }

    /**
     * The configuration of the bucket row a request was authorized against (AUTH-15): empty when it
     * has none. On an event loop ({@link EventLoopReads}) only a cached one: loading waits for a load
     * in flight by another request, which may itself wait for a pooled connection, so a miss there
     * defers the request to a virtual thread, whose load fills the cache for the next ones
     * (docs/performance.md "The GET path").
     *
     * @throws NoSuchBucketException if the row of that name is not {@code bucket}'s (deleted, or created again since)
     */
    Optional<T> find(Bucket bucket) {
        return find(bucket.name(), bucket.incarnation());
    }

    /**
     * The configuration of whatever bucket row has the name, empty when it has none or there is no
     * such bucket: for callers that hold no request's bucket read (workers; UncheckedIncarnationCallersTest).
     */
    Optional<T> find(String bucket) {
        return find(bucket, Bucket.ANY_INCARNATION);
    }

    private Optional<T> find(String bucket, long incarnation) {
        if (!feed.current()) {
            // Another node's change may not have reached this one (SC-C3): read through, cache nothing.
            if (EventLoopReads.active()) throw new EventLoopReads.Defer(kind + " configuration: change feed not current");
            return require(bucket, incarnation, load(bucket));
        }
        Entry<T> cached = cache.getIfPresent(bucket);
        if (cached != null && cached.of(incarnation)) return cached.value();
        if (EventLoopReads.active()) throw new EventLoopReads.Defer(kind + " configuration not cached");
        long before = resets.get();
        // An entry of another row (the feed has not yet evicted a deleted bucket's) is a miss: replaced by
        // the row there is now, inside the key's compute, which an invalidation waits for as for get.
        Entry<T> found = cache.asMap().compute(bucket, (b, old) -> old != null && old.of(incarnation) ? old : load(b));
        // invalidateAll does not see a load in flight: one begun before a reset may hold what the reset was for.
        if (resets.get() != before) cache.invalidate(bucket);
        return require(bucket, incarnation, found);
    }

    /** The row's configuration, read with its incarnation in one statement; null (nothing cached) when no bucket has the name. */
    private Entry<T> load(String bucket) {
        return buckets.configOfRow(bucket, kind).map(r -> new Entry<>(r.incarnation(), r.document().map(decode))).orElse(null);
    }

    private static <T> Optional<T> require(String bucket, long incarnation, Entry<T> found) {
        if (found == null && incarnation == Bucket.ANY_INCARNATION) return Optional.empty(); // no such bucket: nothing configured
        if (found == null || !found.of(incarnation)) throw new NoSuchBucketException(bucket); // AUTH-15
        return found.value();
    }

    /**
     * Stores the canonical document, replacing any earlier one, and invalidates (also on failure).
     *
     * @return false if the bucket vanished meanwhile
     */
    boolean put(String bucket, String document) {
        return put(bucket, Bucket.ANY_INCARNATION, document);
    }

    /** As {@link #put(String, String)}, into the bucket row of {@code incarnation} only (AUTH-13): false otherwise. */
    boolean put(String bucket, long incarnation, String document) {
        try {
            buckets.putConfig(bucket, kind, document, incarnation);
            return true;
        } catch (ConflictException e) {
            return false;
        } finally {
            invalidate(bucket);
        }
    }

    /** Removes the configuration and invalidates (also on failure). @return true if one was removed */
    boolean delete(String bucket) {
        return delete(bucket, Bucket.ANY_INCARNATION);
    }

    /** As {@link #delete(String)}, in the bucket row of {@code incarnation} only (AUTH-13: NoSuchBucket otherwise). */
    boolean delete(String bucket, long incarnation) {
        try {
            return buckets.deleteConfig(bucket, kind, incarnation);
        } finally {
            invalidate(bucket);
        }
    }

    /** After every write of this kind for the bucket, and when the bucket is deleted. */
    void invalidate(String bucket) {
        cache.invalidate(bucket);
    }
}
