package io.cosd.app;

/**
 * {@code cosd serve} cannot start, found before anything is created (docs/storage.md ST-B1), or an
 * admin command has no data dir to work on: the message is one line that says what is wrong and how
 * to fix it (ST-B2), printed by {@link Main} as {@code cosd: <message>} with exit status 1.
 */
final class StartupRefused extends RuntimeException {
    StartupRefused(String message) { super(message); }
}
