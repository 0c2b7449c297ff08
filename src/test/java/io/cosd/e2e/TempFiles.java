package io.cosd.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The temporary files under a running server's {@code tmp/}, where a body is written while it arrives
 * (docs/storage.md: temp file, fsync, rename). A race test that changes the bucket while a write is in
 * flight waits for the write's temporary file: then the handler was dispatched, has passed its checks
 * and is streaming the body. A fixed pause (300 ms) was no such proof on a loaded machine.
 */
final class TempFiles {
    private TempFiles() {}

    static List<Path> under(Path dataDir) throws Exception {
        Path tmp = dataDir.resolve("tmp");
        return Files.isDirectory(tmp) ? LiveDir.files(tmp) : List.of();
    }

    /** Waits until {@code dataDir}'s {@code tmp/} holds a file ({@code some}) or none; 60 s at most, a bound on a hung server, not a speed claim. */
    static void await(Path dataDir, boolean some) throws Exception {
        long until = System.nanoTime() + 60_000_000_000L;
        while (true) {
            int n = under(dataDir).size();
            if ((n > 0) == some) return;
            if (System.nanoTime() > until) throw new AssertionError(some ? "no temporary file appeared" : n + " temporary files left");
            Thread.sleep(10);
        }
    }
}
