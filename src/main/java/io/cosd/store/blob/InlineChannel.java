package io.cosd.store.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * A read-only {@link FileChannel} over the bytes of an inline blob ({@link InlineBlobs}), so that
 * every reader of {@link BlobStore#open} (positional reads, streams, transferTo) works unchanged.
 * The HTTP layer sends it as bytes ({@link #bytes}) rather than as a file region: there is no file
 * descriptor to sendfile from. Not mappable, not lockable, not writable.
 */
public final class InlineChannel extends FileChannel {
    private final byte[] data;
    private long position;

    public InlineChannel(byte[] data) {
        this.data = data;
    }

    /** Bytes {@code [from, from + length)}: the array itself when that is all of it (never written to). */
    public byte[] bytes(long from, long length) {
        if (from < 0 || length < 0 || from + length > data.length) throw new IndexOutOfBoundsException(from + "+" + length);
        if (from == 0 && length == data.length) return data;
        return Arrays.copyOfRange(data, (int) from, (int) (from + length));
    }

    private void ensureOpen() throws IOException {
        if (!isOpen()) throw new ClosedChannelException();
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) position += n;
        return n;
    }

    @Override
    public synchronized long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int n = read(dsts[i]);
            if (n < 0) return total == 0 ? -1 : total;
            total += n;
            if (dsts[i].hasRemaining()) break;
        }
        return total;
    }

    @Override
    public int read(ByteBuffer dst, long pos) throws IOException {
        ensureOpen();
        if (pos < 0) throw new IllegalArgumentException("negative position");
        if (pos >= data.length) return -1;
        int n = (int) Math.min(dst.remaining(), data.length - pos);
        dst.put(data, (int) pos, n);
        return n;
    }

    @Override
    public long transferTo(long pos, long count, WritableByteChannel target) throws IOException {
        ensureOpen();
        if (pos >= data.length) return 0;
        int n = (int) Math.min(count, data.length - pos);
        ByteBuffer bb = ByteBuffer.wrap(data, (int) pos, n);
        while (bb.hasRemaining()) target.write(bb);
        return n;
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) throw new IllegalArgumentException("negative position");
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return data.length;
    }

    @Override
    public int write(ByteBuffer src) { throw new NonWritableChannelException(); }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) { throw new NonWritableChannelException(); }

    @Override
    public int write(ByteBuffer src, long pos) { throw new NonWritableChannelException(); }

    @Override
    public FileChannel truncate(long size) { throw new NonWritableChannelException(); }

    @Override
    public void force(boolean metaData) {
        // nothing buffered: the bytes are committed in the metadata database
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long pos, long count) { throw new NonWritableChannelException(); }

    @Override
    public MappedByteBuffer map(MapMode mode, long pos, long size) {
        throw new UnsupportedOperationException("an inline blob cannot be mapped");
    }

    @Override
    public FileLock lock(long pos, long size, boolean shared) {
        throw new UnsupportedOperationException("an inline blob cannot be locked");
    }

    @Override
    public FileLock tryLock(long pos, long size, boolean shared) {
        throw new UnsupportedOperationException("an inline blob cannot be locked");
    }

    @Override
    protected void implCloseChannel() {
        // nothing to release
    }
}
