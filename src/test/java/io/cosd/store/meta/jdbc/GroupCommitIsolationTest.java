package io.cosd.store.meta.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One job's failure is its own (docs/storage.md "Group commit", ST-W1), whatever it throws: a job
 * that fails with an Error (an assertion, a bug) is rolled back to its savepoint and fails alone;
 * the other jobs of its batch commit and are told so.
 */
class GroupCommitIsolationTest {
    @TempDir
    Path dir;
    JdbcMetadataStore store;

    @BeforeEach
    void open() {
        store = (JdbcMetadataStore) JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        store.tx().writeBatched(c -> Sql.update(c, "CREATE TABLE probe (id INTEGER PRIMARY KEY)"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private long count() {
        return store.tx().read(c -> {
            try (var ps = Sql.prepare(c, "SELECT COUNT(*) FROM probe"); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void aJobThrowingAnErrorFailsAloneAndTheOthersOfItsBatchCommit_ST_W1() throws Exception {
        Tx tx = store.tx();
        int n = 6;
        try (ExecutorService pool = Executors.newFixedThreadPool(n + 1)) {
            CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
            Future<?> holder = pool.submit(() -> tx.writeBatched(c -> {
                inside.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            }));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> jobs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                jobs.add(pool.submit(() -> tx.writeBatched(c -> {
                    int wrote = Sql.update(c, "INSERT INTO probe (id) VALUES (?)", id);
                    if (id == 3) throw new AssertionError("a bug in job 3, after its write");
                    return wrote;
                })));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (tx.group().queued() < n && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(tx.group().queued()).isEqualTo(n);
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                if (i == 3) {
                    int k = i;
                    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> jobs.get(k).get()))
                            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AssertionError.class);
                } else {
                    assertThat(jobs.get(i).get()).as("job " + i).isEqualTo(1);
                }
            }
        }
        assertThat(count()).isEqualTo(n - 1);
    }
}
