package io.cosd.app;

/**
 * {@code cosd serve} cannot start, found before anything is created (docs/storage.md "Start-up
 * checks"): the message is one line that says what is wrong and how to fix it.
 */
final class StartupRefused extends RuntimeException {
    StartupRefused(String message) { super(message); }
}
