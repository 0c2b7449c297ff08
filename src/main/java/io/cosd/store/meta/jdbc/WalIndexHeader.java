package io.cosd.store.meta.jdbc;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * SQLite's WAL-index header, read from the database's {@code -shm} file without a lock or a
 * transaction (https://www.sqlite.org/walformat.html, "The WAL-Index Header"): the per-request
 * check that a thread's remembered rows are still current ({@link ThreadReaders}, docs/performance.md
 * "The GET path").
 *
 * <p>Why it is exact. Every commit, by this server's writer or another process, rewrites the header:
 * its change counter and last valid frame always change (a WAL restart also changes the salts), and
 * a new reader's snapshot is decided by this header, so while its bytes are unchanged no commit is
 * visible to any reader. The writer updates the first copy last; a read that catches it half-written
 * either differs (the memo is forgotten: harmless) or still shows the old bytes, which is the
 * database before that commit returned, and so before its write was acknowledged to anyone. This is
 * what {@code PRAGMA data_version} tells, without the read transaction that pragma starts: that
 * transaction takes SQLite's process-wide VFS mutex and a file lock, on which the event loops
 * queued for each other.
 *
 * <p>Anything unexpected (no {@code -shm} file, another header version, an uninitialised header, a
 * failed read) answers false and the caller uses the pragma, as before.
 */
final class WalIndexHeader implements AutoCloseable {
    /** The header is 48 bytes; the first copy starts at offset 0 (native byte order). */
    static final int LONGS = 6;
    private static final int SIZE = LONGS * Long.BYTES;
    private static final int FORMAT_VERSION = 3007000;
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final FileChannel channel;
    private final MappedByteBuffer map;

    private WalIndexHeader(FileChannel channel, MappedByteBuffer map) {
        this.channel = channel;
        this.map = map;
    }

    /** The header of {@code dbFile}'s WAL index, or null when it cannot be read (then the pragma decides). */
    static WalIndexHeader open(Path dbFile) {
        if (dbFile == null) return null;
        FileChannel ch = null;
        try {
            // SQLite resolves a symlinked database (and directory) to its target and keeps -shm beside
            // the target; a -shm beside the link is none of its business, and may be a stale one that
            // never changes, which would make every memo entry look current for ever (SC-C7).
            Path real = dbFile.toRealPath();
            Path shm = real.resolveSibling(real.getFileName() + "-shm");
            if (!Files.isRegularFile(shm)) return null;
            ch = FileChannel.open(shm, StandardOpenOption.READ);
            if (ch.size() < SIZE) {
                ch.close();
                return null;
            }
            WalIndexHeader h = new WalIndexHeader(ch, ch.map(FileChannel.MapMode.READ_ONLY, 0, SIZE));
            if (!h.read(new long[LONGS])) {
                h.close();
                return null;
            }
            return h;
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // not used
                }
            }
            return null;
        }
    }

    /** Reads the header's first copy into {@code into}; false when it is not a readable, initialised header. */
    boolean read(long[] into) {
        try {
            for (int i = 0; i < LONGS; i++) into[i] = (long) LONG.getAcquire(map, i * Long.BYTES);
        } catch (InternalError | RuntimeException e) { // e.g. the file was truncated under the mapping
            return false;
        }
        boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        int version = little ? (int) into[0] : (int) (into[0] >>> 32);
        // isInit is the byte at offset 12: in the second long, its byte 4 (little-endian) or byte 3.
        int isInit = (int) (into[1] >>> (little ? 32 : 24)) & 0xff;
        return version == FORMAT_VERSION && isInit == 1;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }
}
