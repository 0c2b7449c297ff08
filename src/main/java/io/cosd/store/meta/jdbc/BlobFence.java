package io.cosd.store.meta.jdbc;

import io.cosd.store.blob.InlineBlobs;
import io.cosd.store.meta.BlobCheck;
import io.cosd.store.meta.StoreException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The commit-time fence between the orphan sweep's "unreferenced, so delete" and a writer's "commit a
 * row that names this blob" (docs/scale-out.md "The orphan sweep's fence", SC-F1..F3). Without it a
 * writer paused longer than the grace between its blob's rename and its metadata commit could have
 * the blob swept and then commit, and acknowledge, a version whose bytes are gone.
 * <p>
 * SC-F1: a write that names a new blob calls {@link #admit} as its transaction's <em>last</em> step.
 * On PostgreSQL that takes the shared form of one transaction-scoped advisory lock and then touches
 * every blob it names ({@link BlobCheck}); the sweep ({@link #sweep}) holds the exclusive form while it
 * re-checks and deletes a batch. Either the writer's touch ran first, and the sweep, re-reading the
 * blob's stamp under its lock, sees it changed and keeps it; or the sweep deleted first, and the touch
 * finds the blob gone and the write rolls back (SC-F2). Last, so that a writer holding the shared
 * lock waits for nothing else before its commit: the sweep's wait for it stays short, and no cycle
 * with the row locks taken earlier (SC-T1) can form. On SQLite the single writer is the fence: the
 * sweep's batch runs as a write transaction (BEGIN IMMEDIATE, so other processes' writers wait too).
 */
final class BlobFence {
    /** "cosdblob": distinct from the outbox-id lock (SC-T3). */
    static final long KEY = 0x636f7364626c6f62L;
    static final String SHARED = "SELECT pg_advisory_xact_lock_shared(" + KEY + ")";
    static final String EXCLUSIVE = "SELECT pg_advisory_xact_lock(" + KEY + ")";
    /**
     * SC-F3: how long a sweep batch waits for writers inside their fence before it gives up (the
     * batch's orphans stay for a later sweep). While it waits, new writers queue behind it, so a
     * writer frozen inside its fence stalls other writes for at most this long.
     */
    static final String SWEEP_LOCK_TIMEOUT = "SET LOCAL lock_timeout = '2s'";

    private final boolean concurrentWriters;
    private volatile BlobCheck check = BlobCheck.NONE;
    private final LongAdder refused = new LongAdder();

    BlobFence(boolean concurrentWriters) {
        this.concurrentWriters = concurrentWriters;
    }

    void attach(BlobCheck check) {
        this.check = check;
    }

    /**
     * SC-F1, SC-F2: the last step of a write transaction that names {@code blobIds} (nulls skipped).
     * @throws StoreException {@link StoreException#blobSwept} when one is gone; another I/O failure is a plain one
     */
    void admit(Connection c, String... blobIds) throws SQLException {
        BlobCheck k = check;
        if (k == BlobCheck.NONE || !anyFile(blobIds)) return;
        if (concurrentWriters) Sql.query(c, SHARED);
        for (String id : blobIds) {
            if (id == null || InlineBlobs.isInline(id)) continue;
            try {
                k.touch(id);
            } catch (NoSuchFileException gone) {
                // Counted by counting(), once per refused write: a job can run twice (ST-W8)
                throw StoreException.blobSwept("blob " + id + " was swept as an orphan before its metadata committed"
                        + " (this writer was paused longer than the blob grace); nothing was recorded", gone);
            } catch (IOException e) {
                throw new StoreException("cannot check blob " + id + " before its metadata commit: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Whether any id names a file. An inline blob is written in the transaction that names it, and its
     * orphan row is deleted only while no row names it (one statement): it needs no fence, so a small
     * PUT pays nothing for it.
     */
    private static boolean anyFile(String[] ids) {
        for (String id : ids) if (id != null && !InlineBlobs.isInline(id)) return true;
        return false;
    }

    /** SC-F1, SC-F3: runs {@code batch} (re-check and delete some orphans) while no writer is inside its fence. */
    <T> T sweep(Tx tx, Supplier<T> batch) {
        if (!concurrentWriters) return tx.write(c -> batch.get());
        return tx.write(c -> {
            try (var s = c.createStatement()) {
                s.execute(SWEEP_LOCK_TIMEOUT);
                s.execute(EXCLUSIVE);
            }
            return batch.get();
        }, Connection.TRANSACTION_READ_COMMITTED);
    }

    /**
     * Runs a whole write, however many times its work runs (a PostgreSQL write after a serialization
     * failure; a group-committed job whose batch's first pass was rolled back, ST-W8), and counts it
     * refused when the outcome its caller gets is {@link #admit}'s refusal: one refused write, one count.
     */
    <T> T counting(Supplier<T> write) {
        try {
            return write.get();
        } catch (StoreException e) {
            if (StoreException.busy(e) == StoreException.Busy.BLOB_SWEPT) refused.increment();
            throw e;
        }
    }

    /** Writes refused because their blob was gone (SC-F2; the cosd_blob_fence_refusals_total metric). */
    long refused() {
        return refused.sum();
    }
}
