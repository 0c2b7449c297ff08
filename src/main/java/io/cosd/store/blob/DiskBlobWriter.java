package io.cosd.store.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes one blob into a temporary file. {@link #commit} is the durability sequence:
 * fsync the file (unless {@link #sync} already did, with nothing written since), close, create the fan-out directories (fsyncing their parents), atomically
 * rename into place, fsync the destination directory (one fsync shared by the writers that renamed
 * into it meanwhile: {@link DirSync}). Only then is the id returned, and only
 * after that may metadata refer to it.
 */
final class DiskBlobWriter implements BlobStore.Writer {
    private enum State { OPEN, COMMITTED, ABORTED }

    private final DiskBlobStore store;
    private FileChannel channel; // replaced once if the file system refuses the first direct write
    private final Path temp;
    private final String id;
    private long size;
    /** The size the last {@link #sync} made durable (-1: none): commit skips its fsync when nothing came after. */
    private long synced = -1;
    private State state = State.OPEN;
    /** Bytes between free-space checks of a writer of unknown size (one statvfs each). */
    static final long CHECK_BYTES = 8L << 20;
    private final boolean unknownSize;
    private long unchecked;
    /** Non-null: the file is open with O_DIRECT and the bytes go through this aligned buffer ({@link DirectStage}). */
    private DirectStage stage;

    DiskBlobWriter(DiskBlobStore store, FileChannel channel, Path temp, String id) {
        this(store, channel, temp, id, false, null);
    }

    DiskBlobWriter(DiskBlobStore store, FileChannel channel, Path temp, String id, boolean unknownSize, DirectStage stage) {
        this.unknownSize = unknownSize;
        this.stage = stage;
        this.store = store;
        this.channel = channel;
        this.temp = temp;
        this.id = id;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        if (state != State.OPEN) throw new ClosedChannelException();
        int n = 0;
        try {
            if (stage != null && stage.finished()) continueBuffered();
            if (stage != null) {
                int before = src.remaining();
                try {
                    n = stage.write(channel, src);
                } catch (IOException e) {
                    throwUnlessRefused(e);
                    n = before - src.remaining(); // the staged part went to the file with the refused bytes
                }
            }
            if (stage == null) while (src.hasRemaining()) n += channel.write(src);
        } catch (IOException e) {
            throw noSpace(e);
        }
        size += n;
        if (unknownSize && (unchecked += n) >= CHECK_BYTES) {
            unchecked = 0;
            store.checkInFlight(); // DiskFullException: the caller aborts, the temp file goes
        }
        return n;
    }

    /** True when this file is written with O_DIRECT (tests). */
    boolean direct() {
        return stage != null;
    }

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public synchronized void sync() throws IOException {
        if (state != State.OPEN) throw new IllegalStateException("writer already " + state);
        try {
            finishDirect(); // a direct file's staged tail first: no write may follow
            channel.force(true);
        } catch (IOException e) {
            throw noSpace(e);
        }
        synced = size;
    }

    @Override
    public synchronized String commit() throws IOException {
        if (state != State.OPEN) throw new IllegalStateException("writer already " + state);
        try {
            if (synced != size) { // else sync() fsynced exactly these bytes
                finishDirect();
                channel.force(true);
            }
            channel.close();
            releaseStage();
            Path dest = store.pathOf(id);
            store.ensureFanOut(dest.getParent());
            Files.move(temp, dest, StandardCopyOption.ATOMIC_MOVE);
            store.syncRename(dest.getParent()); // an fsync of the directory that started after the rename (shared, ST-W4)
            state = State.COMMITTED;
            return id;
        } catch (IOException e) {
            abort();
            throw noSpace(e); // delayed allocation: ENOSPC may only show at fsync or in the rename's directory
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** A direct file: its staged bytes written (the last block padded) and the file cut to {@link #size}. */
    private void finishDirect() throws IOException {
        if (stage == null) return;
        try {
            stage.finish(channel, size);
        } catch (IOException e) {
            throwUnlessRefused(e);
        }
    }

    /**
     * A failed direct write is thrown on unless it was the file's first and not a full disk: a file
     * system that took the O_DIRECT open but refuses the write (EINVAL, ST-W6). Then the bytes staged so
     * far are written again from offset 0 through the page cache, the file is cut to them, the buffer
     * goes back to the pool and the store writes buffered from now on; this writer goes on buffered.
     */
    private void throwUnlessRefused(IOException e) throws IOException {
        // An interrupt or a close from another thread is not the file system refusing anything.
        if (!stage.refusedFirstWrite() || DiskFullException.isNoSpace(e) || e instanceof ClosedChannelException) throw e;
        FileChannel buffered = FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE);
        try {
            channel.close();
        } catch (IOException ignored) {
            // The refused channel; the buffered one below rewrites everything it may have written.
        }
        channel = buffered;
        ByteBuffer staged = stage.staged();
        int n = staged.remaining();
        while (staged.hasRemaining()) channel.write(staged);
        channel.truncate(n); // a partial direct write may have left padding past the body's bytes
        releaseStage();
        stage = null;
        store.refuseDirect(e);
    }

    private void releaseStage() {
        if (stage != null) stage.release();
    }

    /**
     * A write after {@link #sync}: the direct file's tail was padded, written and cut, so the file holds
     * exactly {@link #size} bytes but no later direct write can start at an aligned offset. The
     * writer goes on through the page cache from there, as {@link BlobStore.Writer#sync} allows
     * (commit then fsyncs again: {@link #synced} no longer equals the size).
     */
    private void continueBuffered() throws IOException {
        FileChannel buffered = FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE);
        buffered.position(size);
        try {
            channel.close();
        } catch (IOException ignored) {
            // Its bytes were written and fsynced by sync(); only the descriptor is left behind.
        }
        channel = buffered;
        releaseStage();
        stage = null;
    }

    /** ENOSPC/EDQUOT as {@link DiskFullException} (the store's contract); anything else unchanged. */
    private IOException noSpace(IOException e) {
        if (e instanceof DiskFullException || !DiskFullException.isNoSpace(e)) return e;
        return new DiskFullException("No space left on device while writing blob " + id, e);
    }

    @Override
    public synchronized void abort() {
        if (state != State.OPEN) return;
        state = State.ABORTED;
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a file we only wrote to; the delete below is what matters.
        }
        releaseStage(); // after the close: nothing writes from the buffer any more
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Left for collectTemporary at the next start.
        }
    }

    @Override
    public synchronized boolean isOpen() {
        return state == State.OPEN;
    }

    /** Closing without commit discards the bytes. */
    @Override
    public void close() {
        abort();
    }
}
