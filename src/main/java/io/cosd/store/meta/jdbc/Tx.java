package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.ChangeFeed;
import io.cosd.store.meta.ConflictException;
import io.cosd.store.meta.EventLoopReads;
import io.cosd.store.meta.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Predicate;

/**
 * Runs one unit of work as one transaction. Writes and reads use different data sources: SQLite
 * allows one writer at a time, so its writer pool holds a single connection (waiting for it is the
 * write lock), while readers run concurrently against WAL snapshots. PostgreSQL passes a larger
 * READ COMMITTED writer pool ({@link PostgresSetup}): a write of a bucket's or an upload's rows names
 * them ({@link WriteScope}) and locks them first; every other write runs SERIALIZABLE, which protects
 * it only from other SERIALIZABLE writes (SC-T2, {@code UnscopedWritesTest}). One the engine aborts
 * (SQLSTATE 40001, or a deadlock 40P01) is run again from its start, a bounded number of times
 * ({@link Engine}; docs/scale-out.md "Transactions"). A {@link Work} must therefore have no effect
 * outside its connection before it returns.
 */
final class Tx {
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * What differs between engines in running transactions: which errors are conflicts, which mean
     * "run it again" and how often, whether hot writes share a commit ({@link GroupCommit}), and which
     * failures of COMMIT leave its outcome unknown (the connection lost after COMMIT was sent: the
     * server may have committed; ST-P1).
     */
    record Engine(Predicate<SQLException> isConstraintViolation, Predicate<SQLException> isRetryable, int attempts,
                  boolean groupCommit, Predicate<SQLException> commitOutcomeUnknown, Locking locking,
                  Predicate<SQLException> isUnavailable) {
        /**
         * SQLite: one writer, so nothing is ever retried or locked; hot writes group-committed; a failed
         * COMMIT did not commit, except one whose WAL write or fsync failed with an I/O error (ST-F8).
         */
        static Engine singleWriter(Predicate<SQLException> isConstraintViolation) {
            return new Engine(isConstraintViolation, e -> false, 1, true, SqliteSetup::isCommitOutcomeUnknown, null,
                    SqliteSetup::isUnavailable);
        }
    }

    /**
     * An engine with concurrent writers whose pool runs READ COMMITTED (docs/scale-out.md
     * "Transactions"): the statement that makes an unscoped write SERIALIZABLE (SC-T2), and the lock
     * statements of a {@link WriteScope} (SC-T1, SC-T3), each taking its row (or lock) until the commit.
     */
    record Locking(String serializable, String lockBucket, String lockBucketUploads, String lockUpload, String lockOutboxIds,
                   String allocateSeq) {}

    /**
     * A COMMIT whose outcome is unknown ({@link Engine#commitOutcomeUnknown}: its answer lost with the
     * connection, ST-P1; SQLite's WAL write or fsync failed, ST-F8): never retried, reported as such.
     */
    static final class OutcomeUnknown extends SQLException {
        OutcomeUnknown(SQLException cause) {
            super("COMMIT failed without saying whether it committed (the connection was lost, or the log's write or fsync failed);"
                    + " the transaction may have committed: " + cause.getMessage(),
                    cause.getSQLState(), cause);
        }
    }

    private final DataSource writers;
    private final DataSource readers;
    private final Engine engine;
    private final GroupCommit group; // null: every write is its own transaction
    private final ThreadReaders own; // null: no event-loop reads (EventLoopReads defers them)
    private final Changes changes;
    private final java.util.concurrent.atomic.LongAdder retries = new java.util.concurrent.atomic.LongAdder();
    private final DbMeter meter = new DbMeter();
    private final java.util.concurrent.atomic.LongAdder poolTimeouts = new java.util.concurrent.atomic.LongAdder();
    private final BlobFence fence;

    Tx(DataSource writers, DataSource readers, Predicate<SQLException> isConstraintViolation) {
        this(writers, readers, isConstraintViolation, null);
    }

    Tx(DataSource writers, DataSource readers, Predicate<SQLException> isConstraintViolation, ThreadReaders own) {
        this(writers, readers, Engine.singleWriter(isConstraintViolation), own);
    }

    Tx(DataSource writers, DataSource readers, Engine engine, ThreadReaders own) {
        this(writers, readers, engine, own, Changes.local());
    }

    Tx(DataSource writers, DataSource readers, Engine engine, ThreadReaders own, Changes changes) {
        this.changes = changes;
        this.writers = writers;
        this.readers = readers;
        this.engine = engine;
        this.group = engine.groupCommit() ? new GroupCommit(writers, this::translate, meter, engine.commitOutcomeUnknown()) : null;
        this.own = own;
        this.fence = new BlobFence(engine.locking() != null);
    }

    /** The orphan sweep's commit-time fence (SC-F1): writes that name a new blob admit it last. */
    BlobFence fence() { return fence; }

    /** Waits for a pooled connection that ran out (SC-T8; the cosd_db_pool_timeouts_total metric). */
    long poolTimeouts() {
        return poolTimeouts.sum();
    }

    /**
     * A write transaction that locks nothing first; never on an event loop ({@link EventLoopReads}:
     * it would wait for the writer). On PostgreSQL it runs SERIALIZABLE ({@link Locking#serializable}),
     * so a read-then-write in it is as atomic as under SQLite's single writer (SC-T2).
     */
    <T> T write(Work<T> work) {
        return attempts(work, engine.locking() == null ? null : engine.locking().serializable());
    }

    /**
     * A write transaction that first locks {@code scope}'s rows ({@link WriteScope}, SC-T1): on
     * PostgreSQL at the pool's READ COMMITTED, so writers of one bucket or upload queue behind the
     * lock instead of aborting each other, and each statement of {@code work} sees every write
     * committed before it. On SQLite (one writer) exactly {@link #write(Work)}.
     */
    <T> T write(WriteScope scope, Work<T> work) {
        return write(scope, null, work);
    }

    /**
     * As {@link #write(WriteScope, Work)}; on PostgreSQL {@code unlocked} runs first, in the same
     * transaction, before the scope's locks are taken, so the locks are held for less of it (a
     * bucket takes one write at a time for as long as its lock is held, SC-T1). Only for statements
     * that read or write nothing another writer of the scope can touch (an inline blob's bytes under
     * a fresh id). On SQLite (one writer) {@code unlocked} is not run: the caller does that work
     * inside {@code work}, where it always was.
     */
    <T> T write(WriteScope scope, Work<?> unlocked, Work<T> work) {
        if (engine.locking() == null) return write(work);
        return attempts(c -> {
            if (unlocked != null) unlocked.run(c);
            lock(c, scope);
            return work.run(c);
        }, null);
    }

    /** Whether writers run concurrently and lock rows (PostgreSQL), rather than one at a time (SQLite). */
    boolean locksRows() {
        return engine.locking() != null;
    }

    /** Runs {@code work} until it commits, fails for good, or has used {@link Engine#attempts}. */
    private <T> T attempts(Work<T> work, String first) {
        if (EventLoopReads.active()) throw new EventLoopReads.Defer("metadata write");
        return fence.counting(() -> attemptsUncounted(work, first)); // SC-F2's metric: per write, not per attempt
    }

    private <T> T attemptsUncounted(Work<T> work, String first) {
        Work<T> run = first == null ? work : c -> {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute(first); // must be the transaction's first statement
            }
            meter.statements(1);
            return work.run(c);
        };
        for (int attempt = 1; ; attempt++) {
            // Each attempt collects its own changes: an aborted one published nothing (SC-C1).
            List<ChangeFeed.Change> published = changes.collect();
            T result;
            try (Connection c = writers.getConnection()) {
                result = inTransaction(c, run);
            } catch (SQLException e) {
                if (!retryable(e)) throw translate(e);
                if (attempt >= engine.attempts()) throw StoreException.contended(
                        "metadata write still conflicting after " + attempt + " attempts: " + e.getMessage(), e); // SC-T4: 503
                retries.increment();
                backOff(attempt);
                continue;
            } finally {
                changes.stopCollecting();
                HeldSeq.drop(); // an allocated seq never outlives its attempt
            }
            changes.delivered(published); // committed: this process's caches hear it before the caller returns
            return result;
        }
    }

    /**
     * The scope's locks, in {@link WriteScope}'s one order. A row that is not there locks nothing: the
     * work's own reads then find the bucket or upload gone, as on SQLite.
     */
    private void lock(Connection c, WriteScope scope) throws SQLException {
        Locking l = engine.locking();
        if (scope.allocatesSeq()) {
            // The lock is the next_seq bump the write makes anyway: one statement instead of two (HeldSeq).
            String b = scope.buckets().get(0);
            try (java.sql.PreparedStatement ps = Sql.prepare(c, l.allocateSeq(), b); java.sql.ResultSet rs = ps.executeQuery()) {
                // no row: the bucket is gone, and the work's nextSeq says so; nor does it check the
                // incarnation here (AUTH-13): the work's nextSeq, which knows the one expected, does
                if (rs.next()) HeldSeq.hold(c, b, rs.getLong(1), rs.getLong(2));
            }
        } else {
            for (String b : scope.buckets()) Sql.query(c, l.lockBucket(), b);
        }
        if (scope.bucketsUploads()) for (String b : scope.buckets()) Sql.query(c, l.lockBucketUploads(), b);
        if (scope.uploadId() != null) Sql.query(c, l.lockUpload(), scope.uploadId());
        if (scope.outboxIds()) Sql.query(c, l.lockOutboxIds());
    }

    /** Transactions run again after a serialization failure or deadlock since this store opened (SC-T5). */
    long retries() {
        return retries.sum();
    }

    /** The store's change feed; repositories {@link Changes#publish} inside a {@link #write}'s work. */
    Changes changes() { return changes; }

    /**
     * As {@link #write}, at transaction isolation {@code isolation}, or as a plain write when negative
     * ({@link Dialect#claimIsolation}). Only READ COMMITTED is offered: it is the PostgreSQL writer
     * pool's own level (SC-T1), so nothing is set for it, and the claim (FOR UPDATE SKIP LOCKED) is the
     * one write that asks for it without a {@link WriteScope}.
     */
    <T> T write(Work<T> work, int isolation) {
        if (isolation < 0) return write(work);
        if (engine.locking() == null || isolation != Connection.TRANSACTION_READ_COMMITTED) {
            throw new IllegalArgumentException("isolation " + isolation + " is not offered by this engine");
        }
        return attempts(work, null);
    }

    /**
     * As {@link #write}, run as one savepoint of a group-committed transaction ({@link GroupCommit},
     * docs/storage.md "Group commit"): same result, same exceptions, durable when it returns, but
     * concurrent callers share one commit (one WAL fsync). For the hot write paths.
     */
    <T> T writeBatched(Work<T> work) {
        if (EventLoopReads.active()) throw new EventLoopReads.Defer("metadata write");
        // Without group commit (PostgreSQL: concurrent writers, and the engine already shares one WAL
        // flush among the transactions committing together) a plain write.
        return group == null ? write(work) : fence.counting(() -> group.write(work));
    }

    /** As {@link #write(WriteScope, Work)}, group-committed where {@link #writeBatched(Work)} is. */
    <T> T writeBatched(WriteScope scope, Work<T> work) {
        return writeBatched(scope, null, work);
    }

    /** As {@link #write(WriteScope, Work, Work)}, group-committed where {@link #writeBatched(Work)} is (SQLite: {@code unlocked} not run). */
    <T> T writeBatched(WriteScope scope, Work<?> unlocked, Work<T> work) {
        if (EventLoopReads.active()) throw new EventLoopReads.Defer("metadata write");
        return group == null ? write(scope, unlocked, work) : fence.counting(() -> group.write(work));
    }

    GroupCommit group() { return group; }

    /** Stops the group-commit thread after what is queued has run; call before closing the pools. */
    void close() {
        changes.close();
        if (group != null) group.close();
    }

    /** A serialization failure or deadlock anywhere in the exception's chain (a batch wraps it). */
    private boolean retryable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause()
                : t instanceof SQLException s ? s.getNextException() : null) {
            if (t instanceof OutcomeUnknown) return false; // never run again: a committed write would be applied twice
            if (t instanceof SQLException s && engine.isRetryable().test(s)) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    /** Random back-off, growing with the attempt (1..2^attempt ms, at most 32 ms), so that racers spread out. */
    private static void backOff(int attempt) {
        long bound = Math.min(32, 1L << Math.min(attempt, 5));
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A read transaction: all statements see one consistent snapshot. On an event loop
     * ({@link EventLoopReads}) through the thread's own connection, so it never waits for a pooled one.
     */
    <T> T read(Work<T> work) {
        if (EventLoopReads.active()) {
            if (own == null) throw new EventLoopReads.Defer("no event-loop reader");
            ThreadReaders.Reader r = own.reader();
            try {
                return inTransaction(r.connection, work);
            } catch (SQLException e) {
                own.discard(r); // the next read on this thread opens a fresh connection
                throw translate(e);
            }
        }
        return run(readers, work);
    }

    /**
     * As {@link #read}, for a {@code work} that runs exactly one statement: on PostgreSQL it runs
     * outside a transaction (autocommit), one round trip instead of two (BEGIN goes with the
     * statement, COMMIT is a round trip of its own; docs/scale-out.md "What a request costs the
     * database"). A single statement sees one snapshot whatever the isolation, and the reader pool is
     * read-only on the server (transaction_read_only), so nothing is lost. On SQLite exactly
     * {@link #read}.
     */
    <T> T readOne(Work<T> work) {
        if (engine.locking() == null || EventLoopReads.active()) return read(work);
        Connection c = null;
        try {
            c = readers.getConnection();
            try {
                return work.run(c);
            } finally {
                meter.statements(StatementCache.releaseAll(c));
            }
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // back to the pool failed: the pool drops it
                }
            }
        }
    }

    /** Transactions begun and statements run by this store ({@link DbMeter}). */
    DbMeter meter() {
        return meter;
    }

    /**
     * As {@link #read}, remembered under {@code key} on an event loop while the database is unchanged
     * ({@link ThreadReaders}: SQLite's WAL-index header or data_version, checked once per request). {@code work}'s result
     * must be immutable, must depend only on the database and {@code key}, and must run one statement
     * ({@link #readOne} off the event loop).
     */
    @SuppressWarnings("unchecked")
    <T> T readRemembered(String key, Work<T> work) {
        if (!EventLoopReads.active() || own == null) return readOne(work);
        ThreadReaders.Reader r = own.reader();
        try {
            r.freshen(EventLoopReads.runId());
            Object hit = r.memo(key);
            if (hit != null) return (T) hit;
            T value = inTransaction(r.connection, work);
            if (value != null) r.remember(key, value);
            return value;
        } catch (SQLException e) {
            own.discard(r);
            throw translate(e);
        }
    }

    /**
     * As {@link #readRemembered}; off an event loop on SQLite too, in the process-wide memo checked
     * against the WAL-index header at every lookup ({@link UnchangedMemo}). Only for small rows read on
     * nearly every request (a bucket's): the memo is bounded by entries, not bytes.
     */
    <T> T readRememberedEverywhere(String key, Work<T> work) {
        UnchangedMemo shared = own == null || EventLoopReads.active() ? null : own.shared();
        if (shared == null) return readRemembered(key, work);
        return shared.get(key, () -> readOne(work));
    }

    /** Whether {@link #readRemembered} remembers on this thread now (an event loop with its own reader). */
    boolean remembers() {
        return own != null && EventLoopReads.active();
    }

    /** Tests: the event-loop readers and the process-wide memo (SQLite), else null. */
    ThreadReaders ownReaders() {
        return own;
    }

    /** Tests: whether this thread's event-loop reader checks the WAL-index header (ThreadReaders). */
    boolean ownReaderChecksWalHeader() {
        return own != null && own.reader().readsWalHeader();
    }

    private <T> T run(DataSource ds, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return inTransaction(c, work);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        begin(c);
        Throwable failed = null;
        try {
            T result;
            try {
                result = work.run(c);
            } finally {
                meter.transaction(StatementCache.releaseAll(c)); // no cached statement outlives its transaction
            }
            try {
                commit(c);
            } catch (SQLException e) {
                if (engine.commitOutcomeUnknown().test(e)) throw new OutcomeUnknown(e);
                throw e;
            }
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            failed = e;
            rollbackQuietly(c, e);
            throw e;
        } finally {
            // sqlite-jdbc opens the next transaction right after commit/rollback while
            // autoCommit is off; with IMMEDIATE mode an idle pooled writer would then hold the
            // database write lock and block other processes (cosd admin). Back to autocommit.
            // On a lost connection this fails too; the failure already thrown is the one that
            // says what happened (OutcomeUnknown above all), so it must not be replaced.
            try {
                c.setAutoCommit(true);
            } catch (SQLException e) {
                if (failed == null) throw e;
                failed.addSuppressed(e);
            }
        }
    }

    /**
     * Begins a transaction on {@code c} (JDBC: autocommit off). ST-F9: when it fails (SQLite's
     * {@code BEGIN IMMEDIATE} answering SQLITE_BUSY after the busy timeout, another process holding
     * the write lock), sqlite-jdbc still counts the connection as inside a transaction; returned to
     * the pool so, the connection's next transaction would skip its BEGIN, run every statement in
     * autocommit mode (each durable at once, none atomic with the others) and then fail its COMMIT
     * ("no transaction is active"), a write reported failed whose statements exist. So the
     * connection is switched back to autocommit before the failure is thrown (the driver's COMMIT
     * for that finds no transaction, as expected).
     */
    static void begin(Connection c) throws SQLException {
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            try {
                c.setAutoCommit(true);
            } catch (SQLException none) {
                e.addSuppressed(none);
            }
            throw e;
        }
    }

    /**
     * Commits with exactly one statement, COMMIT, and leaves {@code c} in autocommit mode (JDBC:
     * switching autocommit on commits). Not {@code c.commit()}: sqlite-jdbc's runs the next
     * {@code BEGIN IMMEDIATE} in the same call, which waits for the write lock and can fail
     * (SQLITE_BUSY, another process holding the lock) after the COMMIT made everything durable; the
     * caller, told "failed", would delete the blobs a committed version names (CommitOutcomeTest,
     * docs/storage.md "Group commit"). A failed COMMIT is rolled back here: the driver already
     * counts the connection as in autocommit mode, so its own rollback() would refuse.
     */
    static void commit(Connection c) throws SQLException {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            } catch (SQLException r) {
                e.addSuppressed(r); // no transaction left open: the engine already rolled it back
            }
            throw e;
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }

    /** The one translation point: constraint violations are conflicts, anything else a store failure. */
    RuntimeException translate(SQLException e) {
        if (e instanceof java.sql.SQLTransientConnectionException) {
            // SC-T8: Hikari gave up waiting for a free connection (every one busy, or none could be
            // made): nothing ran, so the request may be sent again (503 SlowDown), not a 500.
            poolTimeouts.increment();
            return StoreException.poolTimeout("no metadata database connection within the pool's wait: " + e.getMessage(), e);
        }
        if (e instanceof OutcomeUnknown) return StoreException.commitOutcomeUnknown("metadata database error: " + e.getMessage(), e);
        if (engine.isConstraintViolation().test(e)) return new ConflictException(e.getMessage(), e);
        SQLException passing = environmental(e);
        if (passing != null) {
            // ST-F6: rolled back for a reason of the database's environment (a full disk, a lock held
            // past the busy timeout, an I/O error, a lost connection before COMMIT): nothing committed,
            // so the request may be sent again (503), not a 500. The reason found is named for the log.
            return StoreException.unavailable("metadata database unavailable (" + reason(passing) + "): " + e.getMessage(), e);
        }
        return new StoreException("metadata database error: " + e.getMessage(), e);
    }

    /**
     * The environmental failure in {@code e} itself or its chain of causes and next exceptions (a batch's
     * statement wraps its failure as the next one); null when there is none (a real bug: an unexpected
     * SQL error stays a 500). Suppressed exceptions are not looked at (ST-F6): what is attached so is
     * the failure of a cleanup after {@code e}, a rollback's, a close's, the switch back to autocommit,
     * and says nothing of why {@code e} happened. sqlite-jdbc's {@code rollback()} begins the next
     * {@code BEGIN IMMEDIATE} at once, so a bug's rollback meeting another process's write lock would
     * attach SQLITE_BUSY to a "no such column" and make the bug a retryable 503. The one place the
     * environmental reason comes after the failure thrown, a group-committed batch whose job's full disk
     * ended the transaction under its savepoint, makes that reason the cause (GroupCommit.rollBackTo).
     */
    private SQLException environmental(Throwable e) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t) || seen.size() > 64) continue;
            if (t instanceof SQLException s && engine.isUnavailable().test(s)) return s;
            if (t.getCause() != null) todo.add(t.getCause());
            if (t instanceof SQLException s && s.getNextException() != null) todo.add(s.getNextException());
        }
        return null;
    }

    private static String reason(SQLException s) {
        if (s instanceof org.sqlite.SQLiteException se) return se.getResultCode().name();
        return "SQLSTATE " + s.getSQLState();
    }
}
