package io.cosd.store.meta;

/** An unexpected storage failure (I/O, SQL). Mapped to InternalError at the edge. */
public final class StoreException extends RuntimeException {
    private final boolean mayHaveCommitted;
    private final boolean contended;
    private final Busy busy;

    /**
     * Why a write that committed nothing may simply be sent again (a 503, never a 500): the database
     * kept aborting it (SC-T4), no pooled connection came in time (SC-T8), or the blob it was about to
     * name had been swept as an orphan meanwhile (SC-F2), or the database failed it for an
     * environmental, passing reason (ST-F6: a full disk, a lock held past the busy timeout, an I/O
     * error, a connection lost or a server shutting down before COMMIT was sent).
     */
    public enum Busy { CONTENDED, POOL_TIMEOUT, BLOB_SWEPT, UNAVAILABLE }

    public StoreException(String message, Throwable cause) { this(message, cause, false, null); }

    private StoreException(String message, Throwable cause, boolean mayHaveCommitted, Busy busy) {
        super(message, cause);
        this.mayHaveCommitted = mayHaveCommitted;
        this.busy = busy;
        this.contended = busy == Busy.CONTENDED;
    }

    /**
     * A write the database kept aborting to keep concurrent writers apart (serialization failures,
     * deadlocks) until its attempts ran out: nothing was committed and the same request may simply be
     * sent again, so the edge answers the retryable 503 (docs/scale-out.md SC-T4), not a 500.
     */
    public static StoreException contended(String message, Throwable cause) {
        return new StoreException(message, cause, false, Busy.CONTENDED);
    }

    /**
     * SC-T8: no pooled connection became free within the pool's wait: nothing ran, so the request
     * may be sent again (503 SlowDown).
     */
    public static StoreException poolTimeout(String message, Throwable cause) {
        return new StoreException(message, cause, false, Busy.POOL_TIMEOUT);
    }

    /**
     * SC-F2: the blob a write was about to name is gone (another node's orphan sweep took it while
     * this writer was paused past the grace): the write was rolled back and nothing names the missing
     * blob; the client sends the body again (503).
     */
    public static StoreException blobSwept(String message, Throwable cause) {
        return new StoreException(message, cause, false, Busy.BLOB_SWEPT);
    }

    /**
     * ST-F6 (docs/storage.md "When the metadata database fails"): the database refused or lost a
     * transaction for a reason of its environment, not of the request (SQLite's SQLITE_FULL,
     * SQLITE_BUSY / SQLITE_LOCKED after the busy timeout, SQLITE_IOERR; PostgreSQL's connection lost
     * before COMMIT, admin or crash shutdown, disk full, out of memory, too many connections). It
     * rolled back: nothing was committed, so the request may be sent again once the cause is gone
     * (503), never a 500. The message names the store's reason, for the log.
     */
    public static StoreException unavailable(String message, Throwable cause) {
        return new StoreException(message, cause, false, Busy.UNAVAILABLE);
    }

    /** Why {@code e} committed nothing and may be retried ({@link Busy}); null when it is not such a failure. */
    public static Busy busy(Throwable e) {
        return e instanceof StoreException s ? s.busy : null;
    }

    /** Whether {@code e} is a write that gave up under contention ({@link #contended}) and changed nothing. */
    public static boolean isContended(Throwable e) {
        return e instanceof StoreException s && s.contended;
    }

    /**
     * A write whose COMMIT was sent but whose answer never came (the connection was lost): the
     * database may have committed it (docs/scale-out.md "Transactions", ST-P1). Its caller must keep
     * every blob the write names; an orphan left behind is only space, which start-up cleanup takes.
     */
    public static StoreException commitOutcomeUnknown(String message, Throwable cause) {
        return new StoreException(message, cause, true, null);
    }

    /** Whether {@code e} is a failed write that may nevertheless have committed ({@link #commitOutcomeUnknown}). */
    public static boolean mayHaveCommitted(Throwable e) {
        return e instanceof StoreException s && s.mayHaveCommitted;
    }
}
