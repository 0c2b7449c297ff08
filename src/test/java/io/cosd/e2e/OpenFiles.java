package io.cosd.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's open file descriptors (the in-process server's and the test's), for the checks that bad
 * or refused connections leak none. A socket closed by either side leaves the table a moment later,
 * and later still on a loaded machine, so a check waits for the count to come down instead of reading
 * it once after a fixed pause.
 */
final class OpenFiles {
    private OpenFiles() {}

    static long count() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    /** The count once it is at most {@code max}, or after 30 s (a bound on a leak, not a speed claim). */
    static long awaitAtMost(long max) throws Exception {
        long until = System.nanoTime() + 30_000_000_000L, n;
        while ((n = count()) > max && System.nanoTime() < until) Thread.sleep(50);
        return n;
    }
}
