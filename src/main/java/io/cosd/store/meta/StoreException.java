package io.cosd.store.meta;

/** An unexpected storage failure (I/O, SQL). Mapped to InternalError at the edge. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) { super(message, cause); }
}
