package io.cosd.store.meta;

/** A uniqueness or state conflict detected by the store; the transaction was rolled back. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) { super(message); }

    public ConflictException(String message, Throwable cause) { super(message, cause); }
}
