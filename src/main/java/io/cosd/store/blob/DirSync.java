package io.cosd.store.blob;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shared directory fsyncs (docs/storage.md "Write order of an object", ST-W4). A writer that has
 * just renamed its blob into a directory needs that directory fsynced after its rename. One fsync
 * that <em>starts</em> after the rename is enough, whoever starts it: so concurrent writers into the
 * same directory register, one of them fsyncs for all who registered before it started, and the
 * others wait for it (or start the next one). A failed fsync covers nobody: its waiters try again.
 * Writers share directories because {@link DiskBlobStore} gives ids made close together the same
 * fan-out prefix.
 */
final class DirSync {
    private static final class State {
        long requested, done;
        boolean running;
    }

    private final ConcurrentHashMap<Path, State> dirs = new ConcurrentHashMap<>();
    /** fsyncs actually made (tests, performance notes). */
    private volatile long fsyncs;

    /** Returns once an fsync of {@code dir} that started after this call began has completed. */
    void sync(Path dir) throws IOException {
        State s = dirs.computeIfAbsent(dir, d -> new State());
        long mine;
        synchronized (s) {
            mine = ++s.requested;
        }
        while (true) {
            long target;
            synchronized (s) {
                while (s.running && s.done < mine) {
                    try {
                        s.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException("interrupted waiting for a directory fsync");
                    }
                }
                if (s.done >= mine) return;
                s.running = true;
                target = s.requested; // every rename registered so far happened before this fsync starts
            }
            boolean ok = false;
            try {
                DiskBlobStore.fsyncDir(dir);
                fsyncs++;
                ok = true;
            } finally {
                synchronized (s) {
                    s.running = false;
                    if (ok) s.done = Math.max(s.done, target);
                    s.notifyAll();
                }
            }
        }
    }

    long fsyncs() {
        return fsyncs;
    }
}
