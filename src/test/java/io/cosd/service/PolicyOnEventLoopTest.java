package io.cosd.service;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.policy.Policy;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.EventLoopReads;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A GET answered on a network event loop must never wait for another request (docs/performance.md
 * "The GET path"). A bucket policy missing from PolicyService's map is loaded under that bucket's
 * map entry lock, which a concurrent load or a PutBucketPolicy holds through its store write (the
 * writer, an fsync, another process's lock): on an event loop a miss defers the request instead, as
 * ConfigCache's does, and the rerun off the loop fills the map.
 */
class PolicyOnEventLoopTest {
    static final String NAME = "pol-1250000000";

    @TempDir
    Path dir;
    MetadataStore meta;
    Bucket bucket;

    @BeforeEach
    void open() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        meta.identity().createAccount("100000000001", "1250000000");
        bucket = new Bucket(NAME, "100000000001", "1250000000", "ap-guangzhou", Instant.parse("2026-01-01T00:00:00Z"), VersioningState.UNVERSIONED);
        meta.buckets().create(bucket);
        meta.buckets().putConfig(NAME, ConfigKind.POLICY, "{}");
    }

    @AfterEach
    void close() { meta.close(); }

    @Test
    void anEventLoopReadOfAPolicyBeingLoadedElsewhereDefersInsteadOfWaitingForIt() throws Exception {
        CountDownLatch loading = new CountDownLatch(1), finish = new CountDownLatch(1);
        Policy compiled = new Policy("2.0", List.of());
        PolicyService policies = new PolicyService(meta, (text, b) -> {
            loading.countDown();
            try {
                finish.await(30, TimeUnit.SECONDS); // a slow load (or a PutBucketPolicy's write) holding the entry
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return compiled;
        });
        var threads = java.util.concurrent.Executors.newFixedThreadPool(2); // not the common pool: one worker on 2 cores
        CompletableFuture<Policy> offLoop = CompletableFuture.supplyAsync(() -> policies.policy(bucket), threads);
        assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> onLoop = CompletableFuture.supplyAsync(() -> {
            try {
                EventLoopReads.run(() -> policies.policy(bucket));
                return "answered";
            } catch (EventLoopReads.Defer d) {
                return "deferred";
            }
        }, threads);
        try {
            assertThat(onLoop.get(10, TimeUnit.SECONDS)).isEqualTo("deferred");
        } finally {
            finish.countDown();
            threads.shutdown();
        }
        assertThat(offLoop.get(10, TimeUnit.SECONDS)).isSameAs(compiled);
        // once loaded, the event loop is answered from the map
        assertThat(EventLoopReads.run(() -> policies.policy(bucket))).isSameAs(compiled);
    }
}
