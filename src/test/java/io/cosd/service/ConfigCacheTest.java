package io.cosd.service;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one write path of the per-bucket configuration caches (CORS, lifecycle, replication): every
 * put and delete goes through the cache, so none of the three services can forget to invalidate.
 */
class ConfigCacheTest {
    static final String BUCKET = "b-1250000000";

    @TempDir
    Path dir;
    MetadataStore store;
    ConfigCache<String> cache;

    @BeforeEach
    void open() {
        store = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        store.identity().createAccount("100000000001", "1250000000");
        store.buckets().create(new Bucket(BUCKET, "100000000001", "1250000000", "ap-guangzhou", Instant.EPOCH, VersioningState.UNVERSIONED));
        cache = new ConfigCache<>(store.buckets(), ConfigKind.CORS, Function.identity());
    }

    @AfterEach
    void close() { store.close(); }

    @Test
    void aPutReplacesACachedAbsenceAndADeleteACachedDocument() {
        assertThat(cache.find(BUCKET)).isEmpty();
        assertThat(cache.put(BUCKET, "<a/>")).isTrue();
        assertThat(cache.find(BUCKET)).contains("<a/>");
        assertThat(cache.put(BUCKET, "<b/>")).isTrue();
        assertThat(cache.find(BUCKET)).contains("<b/>");
        assertThat(cache.delete(BUCKET)).isTrue();
        assertThat(cache.find(BUCKET)).isEmpty();
        assertThat(cache.delete(BUCKET)).as("idempotent").isFalse();
    }

    @Test
    void aPutToABucketDeletedMeanwhileIsFalseStoresNothingAndCachesNothingStale() {
        assertThat(cache.find(BUCKET)).isEmpty();
        store.buckets().delete(BUCKET);
        assertThat(cache.put(BUCKET, "<a/>")).isFalse();
        assertThat(store.buckets().config(BUCKET, ConfigKind.CORS)).isEmpty();
        assertThat(cache.find(BUCKET)).isEmpty();
    }

    @Test
    void eachKindIsItsOwnCacheOverTheSameBucket() {
        var lifecycle = new ConfigCache<>(store.buckets(), ConfigKind.LIFECYCLE, Function.identity());
        cache.put(BUCKET, "<cors/>");
        assertThat(lifecycle.find(BUCKET)).isEmpty();
        assertThat(lifecycle.put(BUCKET, "<lc/>")).isTrue();
        assertThat(cache.find(BUCKET)).contains("<cors/>");
        assertThat(lifecycle.find(BUCKET)).contains("<lc/>");
    }

    @Test
    void onAnEventLoopOnlyACachedConfigurationIsReadAndAMissDefersTheRequest() {
        // docs/performance.md "The GET path": a load may wait for another request's load in flight
        assertThatThrownBy(() -> io.cosd.store.meta.EventLoopReads.run(() -> cache.find(BUCKET)))
                .isInstanceOf(io.cosd.store.meta.EventLoopReads.Defer.class);
        assertThat(cache.find(BUCKET)).isEmpty(); // the rerun off the loop loads it
        assertThat(io.cosd.store.meta.EventLoopReads.run(() -> cache.find(BUCKET))).isEmpty();
        cache.put(BUCKET, "<a/>");
        assertThatThrownBy(() -> io.cosd.store.meta.EventLoopReads.run(() -> cache.find(BUCKET)))
                .isInstanceOf(io.cosd.store.meta.EventLoopReads.Defer.class);
        assertThat(cache.find(BUCKET)).contains("<a/>");
        assertThat(io.cosd.store.meta.EventLoopReads.run(() -> cache.find(BUCKET))).contains("<a/>");
    }
}
