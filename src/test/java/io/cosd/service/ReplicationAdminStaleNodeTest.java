package io.cosd.service;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.NoSuchBucketException;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ADM-13 (docs/security.md): the replication admin's check that its bucket row is still there reads the
 * row itself, not a node's bucket-row cache. On PostgreSQL each node keeps bucket rows (SC-C7, BucketRows)
 * until the change feed tells it of a deletion; an admin request on a node that has not heard yet of the
 * owner's delete and another account's re-creation must still answer NoSuchBucket, as documented, not
 * an empty status or a resync of nothing with 200. The node's cache is stood in for here by a bucket
 * repository whose {@code find} keeps answering the row it first read (the real store behind it).
 */
class ReplicationAdminStaleNodeTest {
    static final String NAME = "stale-1250000000";

    @TempDir
    Path dir;

    /** The store's bucket repository, with {@code find} answering from what it first read, as a node that heard of no change. */
    private static BucketRepository notHeardOfAnyChange(BucketRepository real) {
        java.util.Map<String, Optional<Bucket>> kept = new java.util.concurrent.ConcurrentHashMap<>();
        return (BucketRepository) Proxy.newProxyInstance(BucketRepository.class.getClassLoader(), new Class<?>[] {BucketRepository.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("find") && args != null && args.length == 1 && args[0] instanceof String n) {
                        return kept.computeIfAbsent(n, real::find);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aStatusOrResyncOnANodeThatHasNotHeardOfTheDeletionIsStillNoSuchBucket_ADM_13() {
        try (MetadataStore store = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"))) {
            store.identity().createAccount("100000000001", "1250000000");
            store.identity().createAccount("100000000002", "1250000001");
            store.buckets().create(new Bucket(NAME, "100000000001", "1250000000", "ap-guangzhou", Instant.EPOCH, VersioningState.ENABLED));
            BucketRepository node = notHeardOfAnyChange(store.buckets());
            Bucket old = node.find(NAME).orElseThrow(); // authorized on this row

            store.buckets().delete(NAME);
            store.buckets().create(new Bucket(NAME, "100000000002", "1250000001", "ap-guangzhou", Instant.EPOCH, VersioningState.ENABLED));

            ReplicationAdmin admin = new ReplicationAdmin(store.replication(), node, b -> Optional.empty(), "ap-guangzhou", () -> {});
            assertThatThrownBy(() -> admin.status(old, Instant.now(), 10)).isInstanceOf(NoSuchBucketException.class);
            assertThatThrownBy(() -> admin.resync(old, false, Instant.now())).isInstanceOf(NoSuchBucketException.class);
        }
    }
}
