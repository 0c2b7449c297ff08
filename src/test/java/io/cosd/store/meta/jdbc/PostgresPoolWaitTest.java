package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Account;
import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreException;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SC-T8 on the real PostgreSQL: every connection of the writer pool is held (eight writes of one bucket
 * queued behind that bucket's row lock, taken by another session), so a ninth write waits for the
 * pool, here 500 ms instead of 60 s ({@code cosd.db.poolWaitMillis}), and fails as a pool timeout,
 * which the edge answers 503 SlowDown; the held writes finish once the lock goes.
 */
class PostgresPoolWaitTest {
    static final String B = "pool-1250000000";

    @Test
    void aWriteThatGetsNoPooledConnectionInTimeFailsAsAPoolTimeoutNotAsAnInternalError_SC_T8() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase("cosd_pool");
        System.setProperty("cosd.db.poolWaitMillis", "500");
        MetadataStore store;
        try {
            store = JdbcMetadataStore.openPostgres(PostgresUrl.parse(pg.url(db)), Clock.systemUTC(), MasterKeySource.of(PostgresMetadataStoreTest.SEALER));
        } finally {
            System.clearProperty("cosd.db.poolWaitMillis");
        }
        try (store; Connection holder = DriverManager.getConnection(pg.jdbcUrl(db))) {
            Account acc = store.identity().createAccount("100000000001", "1250000000");
            store.buckets().create(new Bucket(B, acc.rootUin(), acc.appId(), "ap-guangzhou", Instant.EPOCH, VersioningState.UNVERSIONED));
            holder.setAutoCommit(false);
            try (PreparedStatement ps = holder.prepareStatement("SELECT 1 FROM buckets WHERE name = ? FOR UPDATE")) {
                ps.setString(1, B);
                ps.executeQuery().close();
            }
            var threads = java.util.concurrent.Executors.newFixedThreadPool(8);
            List<CompletableFuture<Void>> held = new ArrayList<>();
            for (int i = 0; i < 8; i++) { // the writer pool's size: each takes a connection and waits for the row lock
                held.add(CompletableFuture.runAsync(untilItHasAConnection(
                        () -> store.buckets().setVersioning(B, VersioningState.ENABLED)), threads));
            }
            // Every pooled connection taken: all eight wait for the row lock. A fixed pause (it was 1 s)
            // let the ninth write below find a connection on a loaded machine and queue for the lock too.
            pg.awaitLockWaits(db, 8);
            long timeoutsBefore = store.poolTimeouts();

            long t0 = System.nanoTime();
            assertThatThrownBy(() -> store.buckets().setVersioning(B, VersioningState.SUSPENDED))
                    .satisfies(e -> assertThat(StoreException.busy(e)).isEqualTo(StoreException.Busy.POOL_TIMEOUT));
            // The pool's wait (500 ms here), not the 60 s default: the upper bound only tells the two
            // apart, with room for a loaded machine.
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(400L, 30_000L);
            assertThat(store.poolTimeouts()).isEqualTo(timeoutsBefore + 1);

            holder.rollback();
            for (var f : held) f.get(60, TimeUnit.SECONDS);
            threads.shutdown();
            assertThat(store.buckets().find(B)).get().extracting(Bucket::versioning).isEqualTo(VersioningState.ENABLED);
        } finally {
            pg.dropDatabase(db);
        }
    }

    /**
     * Runs {@code write} again while it gets no pooled connection. The pool opens its connections as
     * they are asked for, and on a loaded machine opening one can take longer than this test's 500 ms
     * wait: one of the eight writes meant to hold the pool would then fail with a pool timeout of its
     * own and leave a connection for the ninth, which would queue for the row lock instead.
     */
    private static Runnable untilItHasAConnection(Runnable write) {
        return () -> {
            while (true) {
                try {
                    write.run();
                    return;
                } catch (RuntimeException e) {
                    if (StoreException.busy(e) != StoreException.Busy.POOL_TIMEOUT) throw e;
                }
            }
        };
    }
}
