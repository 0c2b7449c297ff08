package io.cosd.app;

import io.cosd.store.fs.OwnerOnly;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One process per data dir (docs/storage.md "One process per data dir"): an OS lock on
 * {@code <data>/cosd.lock}, taken before anything else at start and held for the server's life.
 * Start-up cleanup removes every blob the metadata does not reference; run beside a live server it
 * would delete blobs of uploads in flight, so {@code cosd serve} and {@code cosd admin lifecycle
 * run} (which writes and removes blobs) take this lock, and metadata-only admin commands do not.
 * <p>
 * FileChannel locks belong to the process, and POSIX drops all of a process's locks on a file
 * when any descriptor of it closes. So a second holder in the same JVM (tests run several servers)
 * is refused from {@link #HELD} without opening the file at all; across processes the OS lock decides.
 */
final class DataDirLock implements AutoCloseable {
    static final String FILE = "cosd.lock";
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    /** The data dir is in use by another cosd. The message is one line. */
    static final class InUse extends RuntimeException {
        InUse(String message) { super(message); }
    }

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the data dir (0700) if needed and locks it.
     * @param holder what takes the lock, for the other side's message ("cosd serve")
     * @throws InUse if another process (or another server in this JVM) holds it
     */
    static DataDirLock acquire(Path dataDir, String holder) throws IOException {
        Path dir = OwnerOnly.createDirectories(dataDir).toRealPath();
        if (!HELD.add(dir)) throw inUse(dir, "another server in this process");
        try {
            Path file = dir.resolve(FILE);
            FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
                    OwnerOnly.file());
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String who = owner(file);
                ch.close();
                throw inUse(dir, who);
            }
            // Who holds it, for the refused side's message; the lock itself is what counts.
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((holder + " pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            return new DataDirLock(dir, ch, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(dir);
            throw e;
        }
    }

    private static InUse inUse(Path dir, String who) {
        return new InUse("data dir " + dir + " is in use by " + who + " (lock " + dir.resolve(FILE)
                + "); stop it first, or use another --data-dir");
    }

    private static String owner(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "another cosd process" : s;
        } catch (IOException e) {
            return "another cosd process";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // closing the channel releases the lock in any case
        } finally {
            HELD.remove(dir);
        }
    }
}
