package io.cosd.store.meta;

/**
 * The master key that seals SecretKeys is missing, unreadable or not the one the database was
 * sealed with. The message is one line that says what to do; {@code cosd} prints it and exits.
 */
public final class MasterKeyException extends RuntimeException {
    public MasterKeyException(String message) { super(message); }
}
