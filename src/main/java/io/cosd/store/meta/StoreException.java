package io.cosd.store.meta;

/** An unexpected storage failure (I/O, SQL). Mapped to InternalError at the edge. */
public final class StoreException extends RuntimeException {
    private final boolean mayHaveCommitted;
    private final boolean contended;

    public StoreException(String message, Throwable cause) { this(message, cause, false, false); }

    private StoreException(String message, Throwable cause, boolean mayHaveCommitted, boolean contended) {
        super(message, cause);
        this.mayHaveCommitted = mayHaveCommitted;
        this.contended = contended;
    }

    /**
     * A write the database kept aborting to keep concurrent writers apart (serialization failures,
     * deadlocks) until its attempts ran out: nothing was committed and the same request may simply be
     * sent again, so the edge answers the retryable 503 (docs/scale-out.md SC-T4), not a 500.
     */
    public static StoreException contended(String message, Throwable cause) {
        return new StoreException(message, cause, false, true);
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
        return new StoreException(message, cause, true, false);
    }

    /** Whether {@code e} is a failed write that may nevertheless have committed ({@link #commitOutcomeUnknown}). */
    public static boolean mayHaveCommitted(Throwable e) {
        return e instanceof StoreException s && s.mayHaveCommitted;
    }
}
