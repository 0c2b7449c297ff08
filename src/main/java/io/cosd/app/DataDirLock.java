package io.cosd.app;

import io.cosd.store.fs.OwnerOnly;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One process per data dir (docs/storage.md "One process per data dir"), with OS locks on two
 * bytes of {@code <data>/cosd.lock}:
 * <ul>
 *   <li>byte 0, exclusive, held by {@code cosd serve} for its whole life, taken before anything
 *       else at start: a second server exits there, before its start-up cleanup could take the live
 *       server's in-flight blobs for orphans;</li>
 *   <li>byte 1: held shared by an admin command that writes blobs ({@code cosd admin lifecycle run}),
 *       and exclusive by a starting server only while its start-up cleanup runs. So that command
 *       works beside a running server, but a server cannot start (and sweep the command's new,
 *       not yet committed blobs) while it runs.</li>
 * </ul>
 * Metadata-only admin commands take no lock: SQLite's own locking serialises their writes.
 * <p>
 * POSIX drops all of a process's locks on a file when <em>any</em> descriptor of that file is closed
 * (checked on JDK 25), so each JVM keeps one channel per lock file, shared by every holder in it
 * (tests run several servers in one JVM), and never opens the file a second time.
 */
final class DataDirLock implements AutoCloseable {
    static final String FILE = "cosd.lock";
    private static final long SERVE = 0, WRITERS = 1;
    private static final Map<Path, Entry> OPEN = new HashMap<>(); // guarded by DataDirLock.class

    /** The data dir is in use. The message is one line that says what to do. */
    static final class InUse extends RuntimeException {
        InUse(String message) { super(message); }
    }

    /** A lock held for a block. */
    interface Held extends AutoCloseable {
        @Override
        void close() throws IOException;
    }

    private static final class Entry {
        final Path dir;
        final FileChannel channel;
        FileLock serve;
        FileLock writers;
        int writerCount;
        boolean cleaning;

        Entry(Path dir, FileChannel channel) {
            this.dir = dir;
            this.channel = channel;
        }
    }

    private final Entry entry;
    private final boolean server;
    private boolean closed;

    private DataDirLock(Entry entry, boolean server) {
        this.entry = entry;
        this.server = server;
    }

    /** For {@code cosd serve}: creates the data dir (0700) if needed and takes byte 0 for the server's life. */
    static DataDirLock serve(Path dataDir) throws IOException {
        synchronized (DataDirLock.class) {
            Entry e = entry(dataDir);
            try {
                if (e.serve != null) throw inUse(e, "another server in this process", "stop it first, or use another --data-dir");
                FileLock l = e.channel.tryLock(SERVE, 1, false);
                if (l == null) throw inUse(e, owner(e), "stop it first, or use another --data-dir");
                e.serve = l;
                // Who holds it, for the refused side's message; the lock is what counts.
                e.channel.truncate(0);
                e.channel.write(ByteBuffer.wrap(("cosd serve pid " + ProcessHandle.current().pid() + "\n")
                        .getBytes(StandardCharsets.UTF_8)), 0);
                return new DataDirLock(e, true);
            } catch (IOException | RuntimeException x) {
                releaseIfUnused(e);
                throw x;
            }
        }
    }

    /** For an admin command that writes blobs: byte 1, shared. Works beside a running server. */
    static DataDirLock blobWriter(Path dataDir, String command) throws IOException {
        synchronized (DataDirLock.class) {
            Entry e = entry(dataDir);
            try {
                if (e.writerCount == 0) {
                    FileLock l = e.cleaning ? null : e.channel.tryLock(WRITERS, 1, true);
                    if (l == null) throw inUse(e, "a starting cosd serve (start-up cleanup)", "run " + command + " again in a moment");
                    e.writers = l;
                }
                e.writerCount++;
                return new DataDirLock(e, false);
            } catch (IOException | RuntimeException x) {
                releaseIfUnused(e);
                throw x;
            }
        }
    }

    /**
     * Byte 1, exclusive, while start-up cleanup runs (only on the server's own lock).
     * @throws InUse if an admin command that writes blobs is running
     */
    Held forCleanup() throws IOException {
        synchronized (DataDirLock.class) {
            if (!server || closed) throw new IllegalStateException("start-up cleanup needs the server's lock");
            FileLock l = entry.writerCount > 0 ? null : entry.channel.tryLock(WRITERS, 1, false);
            if (l == null) {
                throw inUse(entry, "cosd admin lifecycle run, which writes blobs that start-up cleanup would take for orphans",
                        "start the server again when it has finished");
            }
            entry.cleaning = true;
            return () -> {
                synchronized (DataDirLock.class) {
                    entry.cleaning = false;
                    l.release();
                }
            };
        }
    }

    private static Entry entry(Path dataDir) throws IOException {
        Path dir = OwnerOnly.createDirectories(dataDir).toRealPath();
        Entry e = OPEN.get(dir);
        if (e == null) {
            FileChannel ch = FileChannel.open(dir.resolve(FILE),
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE), OwnerOnly.file());
            e = new Entry(dir, ch);
            OPEN.put(dir, e);
        }
        return e;
    }

    /** Reads through the entry's own channel: opening the file again would drop this process's locks. */
    private static String owner(Entry e) {
        try {
            ByteBuffer b = ByteBuffer.allocate(200);
            e.channel.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "another cosd process" : s;
        } catch (IOException x) {
            return "another cosd process";
        }
    }

    private static InUse inUse(Entry e, String who, String todo) {
        return new InUse("data dir " + e.dir + " is in use by " + who + " (lock " + e.dir.resolve(FILE) + "); " + todo);
    }

    private static void releaseIfUnused(Entry e) {
        if (e.serve != null || e.writerCount > 0) return;
        OPEN.remove(e.dir);
        try {
            e.channel.close();
        } catch (IOException ignored) {
            // nothing is locked through it
        }
    }

    @Override
    public void close() {
        synchronized (DataDirLock.class) {
            if (closed) return;
            closed = true;
            try {
                if (server) {
                    entry.serve.release();
                    entry.serve = null;
                } else if (--entry.writerCount == 0) {
                    entry.writers.release();
                    entry.writers = null;
                }
            } catch (IOException ignored) {
                // closing the channel below releases it in any case
            } finally {
                releaseIfUnused(entry);
            }
        }
    }
}
