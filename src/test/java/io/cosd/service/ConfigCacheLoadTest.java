package io.cosd.service;

import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads of the per-bucket configuration caches: what is cached, and a load racing a write. */
class ConfigCacheLoadTest {
    private final AtomicReference<String> stored = new AtomicReference<>("old");
    private final AtomicInteger reads = new AtomicInteger();

    /**
     * Only {@code configOfRow} (and {@code changes}, a feed that never delivers) is called by the cache;
     * the stored document is whatever the test set last, in a bucket row of incarnation 7.
     */
    private BucketRepository repository() {
        return (BucketRepository) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{BucketRepository.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("changes")) return io.cosd.store.meta.ChangeFeed.NONE;
                    if (!method.getName().equals("configOfRow")) throw new UnsupportedOperationException(method.getName());
                    reads.incrementAndGet();
                    return Optional.of(new BucketRepository.RowConfig(7, Optional.ofNullable(stored.get())));
                });
    }

    @Test
    void aSecondLookupIsServedFromTheCacheAndAbsenceIsCachedToo() {
        stored.set(null);
        var cache = new ConfigCache<>(repository(), ConfigKind.CORS, s -> s);
        assertThat(cache.find("b")).isEmpty();
        assertThat(cache.find("b")).isEmpty();
        assertThat(reads).hasValue(1);
    }

    @Test
    void aWriteFollowedByItsInvalidationIsSeenByTheNextLookup() {
        var cache = new ConfigCache<>(repository(), ConfigKind.CORS, s -> s);
        assertThat(cache.find("b")).contains("old");
        stored.set("new");
        cache.invalidate("b");
        assertThat(cache.find("b")).contains("new");
    }

    @Test
    void aLookupThatReadTheOldValueWhileAWriteCommittedNeverLeavesTheOldValueCached() throws Exception {
        var loading = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var cache = new ConfigCache<>(repository(), ConfigKind.CORS, s -> {
            if (s.equals("old")) {
                loading.countDown();
                try { release.await(5, TimeUnit.SECONDS); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            }
            return s;
        });
        try (var pool = Executors.newFixedThreadPool(2)) {
            var reader = pool.submit(() -> cache.find("b"));
            assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue(); // the reader holds the old document, not yet cached
            stored.set("new");                                      // the write commits...
            var invalidation = pool.submit(() -> cache.invalidate("b")); // ...then invalidates, racing the reader's put
            Thread.sleep(100);
            release.countDown();
            reader.get(5, TimeUnit.SECONDS);
            invalidation.get(5, TimeUnit.SECONDS);
        }
        assertThat(cache.find("b")).contains("new");
    }
}
