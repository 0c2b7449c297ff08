package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.Bucket;
import io.cosd.store.meta.ChangeFeed;
import io.cosd.store.meta.ChangeFeed.Change;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * PostgreSQL: each node's bucket rows (owner, region, creation time, versioning, AZ type), so a
 * request does not read its bucket's row every time (docs/scale-out.md "Caches across
 * nodes", SC-C7). Invalidated by the change feed: a bucket's creation, deletion and versioning
 * change publish {@code BUCKET} in their transaction (SC-C1), and an entry is used only while the
 * feed is current (SC-C3) and for at most {@link #MAX_AGE_NANOS} (a node of an older version, which
 * does not publish a versioning change, is followed within that age). A load that raced a change
 * is not kept: {@link #generation} moves with every change and is checked after the store. An
 * absent bucket is not kept: a bucket created through another node is found by the next request
 * here, as before, however soon it comes.
 */
final class BucketRows implements ChangeFeed.Subscriber {
    static final long MAX_AGE_NANOS = 1_000_000_000L;
    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Bucket bucket, long loadedAt) {}

    private final ConcurrentHashMap<String, Entry> rows = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final ChangeFeed feed;

    BucketRows(Changes changes) {
        this.feed = changes;
        // Without a listener (a cosd admin process) the feed is never current: every lookup reads.
        changes.subscribeWithoutListening(this);
    }

    Optional<Bucket> get(String name, Supplier<Optional<Bucket>> load) {
        if (!feed.current()) return load.get();
        long now = System.nanoTime();
        Entry e = rows.get(name);
        if (e != null && now - e.loadedAt < MAX_AGE_NANOS) return Optional.of(e.bucket);
        long gen = generation.get();
        Optional<Bucket> b = load.get();
        if (b.isPresent() && generation.get() == gen) {
            if (rows.size() >= MAX_ENTRIES) rows.clear();
            rows.put(name, new Entry(b.get(), now));
            // A change between the check and the put: its removal may have run before the put.
            if (generation.get() != gen) rows.remove(name);
        }
        return b;
    }

    @Override
    public void changed(Change change) {
        if (change.kind() != ChangeFeed.Kind.BUCKET) return;
        generation.incrementAndGet();
        rows.remove(change.id());
    }

    @Override
    public void forgetAll() {
        generation.incrementAndGet();
        rows.clear();
    }
}
