package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * Group commit of write jobs (docs/storage.md "Group commit"). Concurrent callers queue their jobs;
 * one thread takes whatever has queued, runs each job as if inside its own SAVEPOINT of ONE
 * transaction on the writer connection (ST-W8: one savepoint for the batch, per job only after a
 * job failed, {@link #runOptimistically}), commits once (one WAL fsync under {@code synchronous=FULL} for the whole
 * batch), and only then completes every job. A job that throws is rolled back to its savepoint and
 * fails alone, with exactly the exception it would have thrown in a transaction of its own (a
 * refused condition, a {@link io.cosd.store.meta.ConflictException}, ...); the others commit.
 * <p>
 * Batches form by themselves: while one batch commits (fsyncs), the next jobs queue, and the
 * thread takes them all at once. No timer: a lone job is committed at once (c=1 latency unchanged).
 * Jobs of a batch see the earlier jobs' writes, exactly as if each had committed in queue order; if
 * the commit itself fails, every job of the batch fails and none of their writes exists.
 * <p>
 * The writer connection comes from the same pool of one as every other write transaction
 * ({@link Tx#write}), taken per batch: paths that still run their own transaction wait for it
 * between batches, as they waited for each other before. SQLite only: on PostgreSQL, whose writes
 * are SERIALIZABLE and run again after a serialization failure, one such failure would abort every
 * job of a batch, so {@link Tx#writeBatched} writes alone there (docs/scale-out.md "What stays SQLite-only").
 */
final class GroupCommit implements AutoCloseable {
    /** Bounds one transaction's size (and WAL growth) under a long queue; each batch is still one fsync. */
    static final int MAX_BATCH = 256;

    private record Job<T>(Tx.Work<T> work, CompletableFuture<T> done) {}

    private final DataSource writers;
    private final Function<SQLException, RuntimeException> translate;
    private final DbMeter meter;
    private final LinkedBlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    /** Set by the thread once it has left its loop, before its last drain of the queue. */
    private volatile boolean stopped;
    /** Batches committed and jobs run, for tests and the performance notes (not a metric yet). */
    private volatile long batches, jobs;

    /** Which failures of COMMIT leave its outcome unknown (Tx.Engine#commitOutcomeUnknown; ST-F8). */
    private final java.util.function.Predicate<SQLException> commitOutcomeUnknown;

    GroupCommit(DataSource writers, Function<SQLException, RuntimeException> translate, DbMeter meter) {
        this(writers, translate, meter, e -> false);
    }

    GroupCommit(DataSource writers, Function<SQLException, RuntimeException> translate, DbMeter meter,
                java.util.function.Predicate<SQLException> commitOutcomeUnknown) {
        this.commitOutcomeUnknown = commitOutcomeUnknown;
        this.writers = writers;
        this.translate = translate;
        this.meter = meter;
        this.thread = Thread.ofPlatform().name("cosd-group-commit").daemon(true).unstarted(this::loop);
        thread.start();
    }

    /**
     * Runs {@code work} in the next batch and returns its result once the batch's commit is durable.
     * Exceptions are the ones {@link Tx#write} would throw: the job's own runtime exceptions unchanged,
     * SQL errors translated.
     */
    <T> T write(Tx.Work<T> work) {
        if (closed) throw new StoreException("metadata store is closed", null);
        CompletableFuture<T> done = new CompletableFuture<>();
        Job<T> job = new Job<>(work, done);
        queue.add(job);
        // Closed between the check above and the add, after the thread's last look at the queue:
        // nobody would ever run this job. The thread sets stopped before its last drain of the
        // queue, so either it drains this job or this check sees stopped and drains it here (both
        // are ordered by the queue's lock and the volatile flag): the untimed wait below always ends.
        if (stopped) refuseLeftovers();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    // Untimed: a timed park of a virtual thread arms and cancels a timer on the JDK's
                    // unparker thread for every write (docs/performance.md "The 1 MiB PUT at c=16");
                    // every job is completed by the thread or by the check above.
                    return done.get();
                } catch (InterruptedException e) {
                    // The job is queued and will run; its outcome must still be waited for, since
                    // the caller acts on it (releases blobs, answers the client).
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException r) throw r;
                    if (cause instanceof Error err) throw err;
                    throw new StoreException("group commit failed: " + cause, cause);
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    long batches() { return batches; }

    /** Jobs waiting for the next batch (tests). */
    int queued() { return queue.size(); }

    long jobs() { return jobs; }

    private void loop() {
        try {
            runUntilClosed();
        } finally {
            // Also when the thread dies of an Error: no writer may wait for it untimed.
            stopped = true;
            refuseLeftovers();
        }
    }

    private void runUntilClosed() {
        List<Job<?>> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Job<?> first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                runBatch(batch);
            } catch (InterruptedException e) {
                if (closed) break;
            } catch (Throwable t) {
                for (Job<?> j : batch) j.done().completeExceptionally(t);
            } finally {
                batch.clear();
            }
        }
    }

    /** Fails every job still queued: the thread has stopped (or is stopping) and will run none of them. */
    private void refuseLeftovers() {
        for (Job<?> j; (j = queue.poll()) != null; ) j.done().completeExceptionally(new StoreException("metadata store is closed", null));
    }

    /** One transaction: each job in its savepoint, one commit, then every outcome is released. */
    private void runBatch(List<Job<?>> batch) {
        Object[] results = new Object[batch.size()];
        Throwable[] failures = new Throwable[batch.size()];
        try (Connection c = writers.getConnection()) {
            Tx.begin(c); // a failed BEGIN leaves the pooled connection in autocommit mode (ST-F9)
            try {
                try {
                    if (batch.size() == 1) runAlone(c, batch.get(0), results, failures);
                    else if (!runOptimistically(c, batch, results)) {
                        for (int i = 0; i < batch.size(); i++) runJob(c, batch.get(i), i, results, failures);
                    }
                } finally {
                    meter.transaction(StatementCache.releaseAll(c)); // no cached statement outlives its transaction
                }
                boolean anyWrote = false;
                for (Throwable f : failures) anyWrote |= f == null;
                if (anyWrote) commit(c); // COMMIT alone: a durable batch is never reported failed (Tx.commit)
                else endUnwritten(c); // nothing to make durable
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                try {
                    c.setAutoCommit(true); // as below; its own failure (no transaction left) must not hide e
                } catch (SQLException r) {
                    e.addSuppressed(r);
                }
                throw e;
            }
            c.setAutoCommit(true); // as Tx: an idle writer must not hold the write lock (IMMEDIATE mode); a no-op after Tx.commit
        } catch (SQLException e) {
            failAll(batch, translate.apply(e));
            return;
        } catch (RuntimeException | Error e) {
            failAll(batch, e);
            return;
        }
        batches++;
        jobs += batch.size();
        for (int i = 0; i < batch.size(); i++) complete(batch.get(i), results[i], failures[i]);
    }

    /** The batch's COMMIT; one whose outcome is unknown (ST-F8) fails every job as maybe-committed, so their blobs are kept. */
    private void commit(Connection c) throws SQLException {
        try {
            Tx.commit(c);
        } catch (SQLException e) {
            if (commitOutcomeUnknown.test(e)) throw new Tx.OutcomeUnknown(e);
            throw e;
        }
    }

    /**
     * ST-W8: the batch in ONE savepoint instead of one per job (one statement per batch instead of
     * two per job, and each changed page in the sub-journal once), since jobs nearly always succeed.
     * If every job succeeds, the transaction holds exactly what the per-job path would have left:
     * true, to commit (COMMIT releases the savepoint). At the first job that throws, everything since
     * the savepoint is rolled back (the transaction and its write lock stay), every result of this
     * pass is dropped, and false sends the batch through {@link #runJob} from its first job: each
     * job's outcome is then the per-job path's alone, as if this pass had never run. So a job may run
     * twice, the first time rolled back; jobs already allow that, as a PostgreSQL write runs again
     * after a serialization failure (their work is SQL on {@code c} plus idempotent checks such as
     * {@link BlobFence}'s touch). A batch with a refused job (a failed condition, a vanished bucket,
     * an object lock: rare) costs its jobs up to that one twice. Nothing a job does outside the
     * connection may count as done before the batch commits: futures complete after the commit,
     * released blobs are the caller's to act on with the result (dropped here), inline bytes stay
     * staged until the caller hears of the commit, and a fence refusal is counted once per refused
     * write by {@link BlobFence#counting}, not per pass.
     */
    private boolean runOptimistically(Connection c, List<Job<?>> batch, Object[] results) throws SQLException {
        Sql.update(c, BATCH_SAVEPOINT);
        for (int i = 0; i < batch.size(); i++) {
            try {
                results[i] = batch.get(i).work().run(c);
            } catch (SQLException | RuntimeException | Error e) {
                // A failure of these two (the engine aborted the transaction) fails the batch, as a job savepoint's would.
                rollBackTo(c, BATCH, e);
                java.util.Arrays.fill(results, null);
                return false;
            }
        }
        return true;
    }

    private static final String BATCH = "cosd_group_batch";
    private static final String BATCH_SAVEPOINT = "SAVEPOINT " + BATCH;

    /**
     * A job in its savepoint. Its failure rolls back to the savepoint only; a failure of the
     * savepoint machinery itself (the engine aborted the transaction: disk full, I/O error) is
     * thrown and fails the whole batch.
     */
    private void runJob(Connection c, Job<?> job, int i, Object[] results, Throwable[] failures) throws SQLException {
        Sql.update(c, SAVEPOINT);
        try {
            results[i] = job.work().run(c);
            Sql.update(c, RELEASE);
        } catch (SQLException e) {
            rollBackTo(c, JOB, e);
            failures[i] = translate.apply(e);
        } catch (RuntimeException | Error e) { // an Error too (an assertion, a bug): still this job's alone
            rollBackTo(c, JOB, e);
            failures[i] = e;
        }
    }

    /**
     * The job's savepoint as cached prepared statements (docs/performance.md "The PUT path's CPU"):
     * the driver's {@code setSavepoint} formats a fresh name and parses the statement for every job.
     * One fixed name is enough: jobs run one after another, never nested, and a job's own
     * savepoints (driver-named) are inside this one and released with it.
     */
    private static final String JOB = "cosd_group_job";
    private static final String SAVEPOINT = "SAVEPOINT " + JOB;
    private static final String RELEASE = "RELEASE " + JOB;

    /**
     * Undoes a job's (or a pass's) writes after {@code failure}. When that cannot be done, the engine
     * ended the whole transaction with the failure (SQLite does at a full disk or an I/O error), and
     * the batch fails; its error then carries {@code failure} as its cause, not only "no such savepoint":
     * the cause, since it is why the savepoint is gone, and ST-F6 (Tx.translate) classifies a failure by
     * its cause chain, never by what is attached as suppressed (ST-F6). A full disk here is still a 503.
     */
    private static void rollBackTo(Connection c, String savepoint, Throwable failure) throws SQLException {
        try {
            Sql.update(c, "ROLLBACK TO " + savepoint);
            Sql.update(c, "RELEASE " + savepoint);
        } catch (SQLException gone) {
            SQLException ended = new SQLException("the transaction ended under savepoint " + savepoint + " (" + gone.getMessage()
                    + ") after: " + failure, gone.getSQLState(), failure);
            ended.setNextException(gone); // an environmental failure of the ROLLBACK TO itself counts too
            throw ended;
        }
    }

    /**
     * A batch of one needs no savepoint (two statements fewer at c=1): its failure rolls back the
     * whole transaction, which is exactly its own writes.
     */
    private void runAlone(Connection c, Job<?> job, Object[] results, Throwable[] failures) throws SQLException {
        try {
            results[0] = job.work().run(c);
        } catch (SQLException e) {
            rollBackAlone(c, e);
            failures[0] = translate.apply(e);
        } catch (RuntimeException | Error e) {
            rollBackAlone(c, e);
            failures[0] = e;
        }
    }

    /**
     * Undoes a lone job's writes. When SQLite already ended the transaction with the job's failure
     * (a full disk, an I/O error: ST-F6) there is nothing left to roll back, and the job fails with
     * its own failure (SQLITE_FULL, a 503), not with "cannot rollback - no transaction is active"
     * (which would be a 500).
     */
    private static void rollBackAlone(Connection c, Throwable failure) {
        try {
            c.rollback();
        } catch (SQLException gone) {
            failure.addSuppressed(gone);
        }
    }

    /**
     * Ends a batch in which no job wrote, back in autocommit mode. Its transaction may be gone already
     * (SQLite rolled it back at a job's full disk or I/O error, ST-F6): then the rollback and the
     * driver's COMMIT of the switch to autocommit find none, which only confirms that nothing was
     * written; each job keeps its own failure. sqlite-jdbc counts the connection as in autocommit mode
     * even when that COMMIT fails (Tx.commit).
     */
    private static void endUnwritten(Connection c) {
        try {
            c.rollback();
        } catch (SQLException gone) {
            try {
                c.setAutoCommit(true);
            } catch (SQLException none) {
                // no transaction was left to end
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Job<T> job, Object result, Throwable failure) {
        if (failure != null) job.done().completeExceptionally(failure);
        else job.done().complete((T) result);
    }

    private static void failAll(List<Job<?>> batch, Throwable e) {
        for (Job<?> j : batch) j.done().completeExceptionally(e);
    }

    /** Runs what is queued, then stops the thread; later writes are refused. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
