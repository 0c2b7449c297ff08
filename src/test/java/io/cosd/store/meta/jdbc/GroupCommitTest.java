package io.cosd.store.meta.jdbc;

import io.cosd.domain.Refusal;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.WriteCondition;
import io.cosd.store.meta.ConflictException;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.NoSuchBucketException;
import io.cosd.store.meta.StoreFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit (docs/storage.md "Group commit", ST-W1): concurrent write jobs share one transaction and
 * one commit, each in its own savepoint; a failing job fails alone with its own exception and
 * changes nothing, the others commit; racing conditional writes keep their meaning.
 */
class GroupCommitTest implements StoreFixture {
    @TempDir
    Path dir;
    JdbcMetadataStore store;

    @BeforeEach
    void open() {
        store = (JdbcMetadataStore) JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public MetadataStore store() { return store; }

    /**
     * Holds the batcher inside a job until {@code release}, so that everything submitted meanwhile
     * queues and forms the next batch: the test then knows the batches exactly.
     */
    private Future<?> holdBatcher(ExecutorService pool, CountDownLatch inside, CountDownLatch release) {
        return pool.submit(() -> store.tx().writeBatched(c -> {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        }));
    }

    /** Waits until {@code n} jobs wait behind the held batch (they only enqueue, then block). */
    private static void awaitQueued(GroupCommit g, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (g.queued() < n) {
            if (System.nanoTime() > deadline) throw new AssertionError("only " + g.queued() + " of " + n + " jobs queued");
            Thread.sleep(5);
        }
    }

    @Test
    void concurrentPutsShareOneCommitAndAFailingOneFailsAloneWhileTheOthersCommit_ST_W1() throws Exception {
        bucket("gc-1250000000", VersioningState.UNVERSIONED);
        GroupCommit g = store.tx().group();
        int n = 12;
        try (ExecutorService pool = Executors.newFixedThreadPool(n + 2)) {
            CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
            Future<?> holder = holdBatcher(pool, inside, release);
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            long batches = g.batches();
            List<Future<ObjectVersion>> puts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String bucket = i == 5 ? "gone-1250000000" : "gc-1250000000"; // no such bucket: this one fails
                ObjectVersion d = draft(bucket, "k" + i, "null");
                puts.add(pool.submit(() -> store.objects().put(d, VersioningState.UNVERSIONED, null, WriteCondition.NONE).stored()));
            }
            awaitQueued(g, n);
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                if (i == 5) {
                    int k = i;
                    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> puts.get(k).get()))
                            .hasCauseInstanceOf(NoSuchBucketException.class);
                } else {
                    assertThat(puts.get(i).get().key()).isEqualTo("k" + i);
                }
            }
            // the holder's batch, then one batch for all twelve
            assertThat(g.batches() - batches).isEqualTo(2);
        }
        for (int i = 0; i < n; i++) {
            assertThat(store.objects().latest(i == 5 ? "gone-1250000000" : "gc-1250000000", "k" + i).isPresent()).as("k" + i).isEqualTo(i != 5);
        }
    }

    @Test
    void ofCreateOnlyPutsRacingInOneBatchExactlyOneWinsAndTheOthersArePreconditionFailed_ST_W1_OBJ_CW3() throws Exception {
        bucket("gc-1250000000", VersioningState.UNVERSIONED);
        int n = 10;
        try (ExecutorService pool = Executors.newFixedThreadPool(n + 2)) {
            CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
            Future<?> holder = holdBatcher(pool, inside, release);
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<ObjectVersion>> puts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ObjectVersion d = draft("gc-1250000000", "same", "null");
                puts.add(pool.submit(() -> store.objects().put(d, VersioningState.UNVERSIONED, null, new WriteCondition(true, null, null)).stored()));
            }
            awaitQueued(store.tx().group(), n);
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            int won = 0, refused = 0;
            String winner = null;
            for (Future<ObjectVersion> f : puts) {
                try {
                    winner = f.get().blobId();
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(Refusal.class);
                    assertThat(((Refusal) e.getCause()).reason()).isEqualTo(Refusal.Reason.PRECONDITION_FAILED);
                    refused++;
                }
            }
            assertThat(won).isEqualTo(1);
            assertThat(refused).isEqualTo(n - 1);
            assertThat(store.objects().latest("gc-1250000000", "same").orElseThrow().blobId()).isEqualTo(winner);
        }
    }

    @Test
    void aJobViolatingAConstraintFailsWithAConflictAndItsWritesAreRolledBackToItsSavepoint_ST_W1() {
        bucket("gc-1250000000", VersioningState.UNVERSIONED);
        Tx tx = store.tx();
        tx.writeBatched(c -> Sql.update(c, "CREATE TABLE IF NOT EXISTS gc_probe (id INTEGER PRIMARY KEY)"));
        tx.writeBatched(c -> Sql.update(c, "INSERT INTO gc_probe (id) VALUES (1)"));
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> tx.writeBatched(c -> {
            Sql.update(c, "INSERT INTO gc_probe (id) VALUES (2)"); // written, then undone with the savepoint
            return Sql.update(c, "INSERT INTO gc_probe (id) VALUES (1)");
        }));
        assertThat(t).isInstanceOf(ConflictException.class);
        long count = tx.read(c -> {
            try (var ps = Sql.prepare(c, "SELECT COUNT(*) FROM gc_probe"); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(count).isEqualTo(1);
    }

    /**
     * ST-W8: a batch runs without savepoints first. With no failure each job runs once; when one
     * job fails, the pass is rolled back and the batch runs again in savepoints, so the others'
     * writes exist exactly once and the failing job's partial write not at all.
     */
    @Test
    void aBatchRunsEachJobOnceWithoutAFailureAndWithOneEachOtherJobsWritesExistExactlyOnce_ST_W8() throws Exception {
        Tx tx = store.tx();
        tx.writeBatched(c -> Sql.update(c, "CREATE TABLE IF NOT EXISTS gc_probe (id INTEGER PRIMARY KEY)"));
        tx.writeBatched(c -> Sql.update(c, "INSERT INTO gc_probe (id) VALUES (1)"));
        for (boolean withFailure : new boolean[]{false, true}) {
            int n = 6, base = withFailure ? 100 : 10;
            java.util.concurrent.atomic.AtomicIntegerArray runs = new java.util.concurrent.atomic.AtomicIntegerArray(n);
            try (ExecutorService pool = Executors.newFixedThreadPool(n + 2)) {
                CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
                Future<?> holder = holdBatcher(pool, inside, release);
                assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
                List<Future<Integer>> jobs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int k = i;
                    jobs.add(pool.submit(() -> tx.writeBatched(c -> {
                        runs.incrementAndGet(k);
                        Sql.update(c, "INSERT INTO gc_probe (id) VALUES (?)", base + k);
                        // job 3 of the second batch writes, then violates the key: a conflict after a write
                        if (withFailure && k == 3) Sql.update(c, "INSERT INTO gc_probe (id) VALUES (1)");
                        return k;
                    })));
                    awaitQueued(tx.group(), i + 1); // queue order = index order
                }
                release.countDown();
                holder.get(10, TimeUnit.SECONDS);
                for (int i = 0; i < n; i++) {
                    if (withFailure && i == 3) {
                        int k = i;
                        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> jobs.get(k).get()))
                                .hasCauseInstanceOf(ConflictException.class);
                    } else {
                        assertThat(jobs.get(i).get()).isEqualTo(i);
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                // without a failure each job ran once; with one, the jobs up to it twice (the first pass rolled back)
                assertThat(runs.get(i)).as("runs of job " + i).isEqualTo(!withFailure ? 1 : i <= 3 ? 2 : 1);
            }
            List<Long> ids = tx.read(c -> {
                List<Long> out = new ArrayList<>();
                try (var ps = Sql.prepare(c, "SELECT id FROM gc_probe WHERE id >= ? ORDER BY id", base); var rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getLong(1));
                }
                return out;
            });
            assertThat(ids).as("withFailure=" + withFailure).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, n).filter(i -> !(withFailure && i == 3)).mapToObj(i -> (long) (base + i)).toList());
        }
    }

    /**
     * ST-W8, SC-F2: a job refused by the blob fence in a batch runs twice (the batch's first pass is
     * rolled back at its failure), but it is one refused write: the cosd_blob_fence_refusals_total
     * metric counts the outcome its caller gets, not the passes that led to it.
     */
    @Test
    void aFenceRefusalInABatchThatRunsTwiceIsCountedOnce_ST_W8_SC_F2() throws Exception {
        store.attachBlobCheck(id -> {
            if (id.equals("swept-blob")) throw new java.nio.file.NoSuchFileException(id);
        });
        Tx tx = store.tx();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
            Future<?> holder = holdBatcher(pool, inside, release);
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Object> kept = pool.submit(() -> tx.writeBatched(c -> {
                tx.fence().admit(c, "present-blob");
                return null;
            }));
            awaitQueued(tx.group(), 1);
            Future<Object> swept = pool.submit(() -> tx.writeBatched(c -> {
                tx.fence().admit(c, "swept-blob");
                return null;
            }));
            awaitQueued(tx.group(), 2);
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            kept.get(10, TimeUnit.SECONDS);
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> swept.get(10, TimeUnit.SECONDS));
            assertThat(io.cosd.store.meta.StoreException.busy(refused.getCause()))
                    .isEqualTo(io.cosd.store.meta.StoreException.Busy.BLOB_SWEPT);
        }
        assertThat(store.fenceRefusals()).isEqualTo(1);
    }

    /**
     * ST-W8, ST-W1: a batch whose one-savepoint pass ran clean but whose COMMIT fails (here a deferred
     * foreign key, checked only by the COMMIT; on a server a failed fsync or a full disk) answers
     * every job with that failure and keeps none of their writes: nothing of the pass is acknowledged.
     */
    @Test
    void aCleanPassWhoseCommitFailsFailsEveryJobAndKeepsNoneOfTheirWrites_ST_W8_ST_W1() throws Exception {
        Tx tx = store.tx();
        tx.writeBatched(c -> Sql.update(c, "CREATE TABLE gc_parent (id INTEGER PRIMARY KEY)"));
        tx.writeBatched(c -> Sql.update(c, "CREATE TABLE gc_child (id INTEGER PRIMARY KEY,"
                + " parent INTEGER REFERENCES gc_parent (id) DEFERRABLE INITIALLY DEFERRED)"));
        int n = 5;
        List<Future<Integer>> jobs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n + 2)) {
            CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
            Future<?> holder = holdBatcher(pool, inside, release);
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            long batchesBefore = tx.group().batches();
            for (int i = 0; i < n; i++) {
                int k = i;
                // the last job's row names no parent: legal until the COMMIT checks it
                jobs.add(pool.submit(() -> tx.writeBatched(c -> Sql.update(c, "INSERT INTO gc_child (id, parent) VALUES (?, ?)",
                        k, k == n - 1 ? 999 : null))));
                awaitQueued(tx.group(), i + 1);
            }
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                int k = i;
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> jobs.get(k).get(10, TimeUnit.SECONDS)))
                        .as("job " + i + " was answered done by a batch that did not commit").isNotNull();
            }
            assertThat(tx.group().batches()).isEqualTo(batchesBefore + 1); // the holder's alone
        }
        assertThat((Long) tx.read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM gc_child"); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        })).isZero();
        // the writer is out of the failed transaction: the next batch commits
        assertThat((Integer) tx.writeBatched(c -> Sql.update(c, "INSERT INTO gc_child (id) VALUES (100)"))).isEqualTo(1);
    }

    /**
     * ST-W8: when a job's failure took the whole transaction with it (SQLite rolls back by itself on
     * a full disk or an I/O error; here the job ends it), the batch cannot roll back to its savepoint
     * and every job fails; the error they get still carries the job's own failure (the disk, not
     * only "no such savepoint"), and the writer serves the next batch.
     */
    @Test
    void aJobWhoseFailureEndedTheTransactionFailsTheBatchWithItsOwnFailureAttached_ST_W8() throws Exception {
        Tx tx = store.tx();
        tx.writeBatched(c -> Sql.update(c, "CREATE TABLE gc_gone (id INTEGER PRIMARY KEY)"));
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            CountDownLatch inside = new CountDownLatch(1), release = new CountDownLatch(1);
            Future<?> holder = holdBatcher(pool, inside, release);
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Integer> first = pool.submit(() -> tx.writeBatched(c -> Sql.update(c, "INSERT INTO gc_gone (id) VALUES (1)")));
            awaitQueued(tx.group(), 1);
            Future<Integer> aborting = pool.submit(() -> tx.writeBatched(c -> {
                Sql.update(c, "ROLLBACK"); // as the engine's own rollback at SQLITE_FULL or SQLITE_IOERR
                throw new org.sqlite.SQLiteException("[SQLITE_FULL] database or disk is full (the job's own failure)",
                        org.sqlite.SQLiteErrorCode.SQLITE_FULL);
            }));
            awaitQueued(tx.group(), 2);
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            for (Future<Integer> f : List.of(first, aborting)) {
                Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> f.get(10, TimeUnit.SECONDS));
                assertThat(t).isNotNull();
                List<Throwable> seen = new ArrayList<>();
                for (Throwable x = t; x != null; x = x.getCause()) {
                    seen.add(x);
                    seen.addAll(List.of(x.getSuppressed()));
                }
                assertThat(seen).as("the job's own failure in " + t).anySatisfy(x ->
                        assertThat(x).hasMessageContaining("the job's own failure"));
                // ST-F6: the full disk is the batch failure's cause (suppressed ones decide nothing), so still a 503
                assertThat(io.cosd.store.meta.StoreException.busy(t.getCause())).as("%s", t)
                        .isEqualTo(io.cosd.store.meta.StoreException.Busy.UNAVAILABLE);
            }
        }
        assertThat((Integer) tx.writeBatched(c -> Sql.update(c, "INSERT INTO gc_gone (id) VALUES (2)"))).isEqualTo(1);
        assertThat((Long) tx.read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM gc_gone"); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        })).isEqualTo(1L);
    }

    @Test
    void aStoreClosedWithJobsDoneRefusesLaterBatchedWritesInsteadOfHanging_ST_W1() {
        store.close();
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> store.tx().writeBatched(c -> 1));
        assertThat(t).isInstanceOf(io.cosd.store.meta.StoreException.class);
        store = (JdbcMetadataStore) JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
    }

    /**
     * Writers wait for their batch untimed (docs/performance.md "The 1 MiB PUT at c=16"), so a job
     * queued while the batcher is stopping must still be answered: virtual threads write in a loop
     * while the store closes; every one of them ends, each write committed or refused as closed.
     */
    @Test
    void writersRacingAStoreThatClosesAreAllAnsweredCommittedOrRefusedNoneLeftWaiting_ST_W1() throws Exception {
        GroupCommit g = store.tx().group();
        List<Future<Integer>> writers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                writers.add(pool.submit(() -> {
                    int done = 0;
                    while (true) {
                        try {
                            store.tx().writeBatched(c -> 1);
                            done++;
                        } catch (io.cosd.store.meta.StoreException closed) {
                            return done;
                        }
                    }
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (g.jobs() < 200 && System.nanoTime() < deadline) Thread.sleep(5);
            g.close();
            for (Future<Integer> w : writers) assertThat(w.get(10, TimeUnit.SECONDS)).isNotNegative();
        }
        assertThat(g.queued()).isZero();
    }
}
