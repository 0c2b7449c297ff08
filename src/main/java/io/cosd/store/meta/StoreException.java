package io.cosd.store.meta;

/** An unexpected storage failure (I/O, SQL). Mapped to InternalError at the edge. */
public final class StoreException extends RuntimeException {
    private final boolean mayHaveCommitted;

    public StoreException(String message, Throwable cause) { this(message, cause, false); }

    private StoreException(String message, Throwable cause, boolean mayHaveCommitted) {
        super(message, cause);
        this.mayHaveCommitted = mayHaveCommitted;
    }

    /**
     * A write whose COMMIT was sent but whose answer never came (the connection was lost): the
     * database may have committed it (docs/scale-out.md "Transactions", ST-P1). Its caller must keep
     * every blob the write names; an orphan left behind is only space, which start-up cleanup takes.
     */
    public static StoreException commitOutcomeUnknown(String message, Throwable cause) {
        return new StoreException(message, cause, true);
    }

    /** Whether {@code e} is a failed write that may nevertheless have committed ({@link #commitOutcomeUnknown}). */
    public static boolean mayHaveCommitted(Throwable e) {
        return e instanceof StoreException s && s.mayHaveCommitted;
    }
}
