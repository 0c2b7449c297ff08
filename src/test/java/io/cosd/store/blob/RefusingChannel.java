package io.cosd.store.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A real O_DIRECT file channel whose write number {@code failAt} (1-based, counting the calls of
 * {@link #write(ByteBuffer)}) and every later one fail as a file system that took the open but refuses
 * the write does (EINVAL), or whose {@link #truncate} fails: the faults ST-W6 must survive without a
 * wrong blob. Everything else goes to the real channel.
 */
final class RefusingChannel extends FileChannel {
    private final FileChannel real;
    private final int failAt;
    private final boolean failTruncate;
    private int writes;

    RefusingChannel(FileChannel real, int failAt, boolean failTruncate) {
        this.real = real;
        this.failAt = failAt;
        this.failTruncate = failTruncate;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (++writes >= failAt && failAt > 0) throw new IOException("Invalid argument");
        return real.write(src);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (failTruncate) throw new IOException("Input/output error");
        real.truncate(size);
        return this;
    }

    @Override public int read(ByteBuffer dst) throws IOException { return real.read(dst); }
    @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return real.read(dsts, offset, length); }
    @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException { throw new UnsupportedOperationException("not used by the writer"); }
    @Override public long position() throws IOException { return real.position(); }
    @Override public FileChannel position(long p) throws IOException { real.position(p); return this; }
    @Override public long size() throws IOException { return real.size(); }
    @Override public void force(boolean metaData) throws IOException { real.force(metaData); }
    @Override public long transferTo(long position, long count, WritableByteChannel target) throws IOException { return real.transferTo(position, count, target); }
    @Override public long transferFrom(ReadableByteChannel src, long position, long count) { throw new UnsupportedOperationException("not used by the writer"); }
    @Override public int read(ByteBuffer dst, long position) throws IOException { return real.read(dst, position); }
    @Override public int write(ByteBuffer src, long position) { throw new UnsupportedOperationException("not used by the writer"); }
    @Override public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException { return real.map(mode, position, size); }
    @Override public FileLock lock(long position, long size, boolean shared) throws IOException { return real.lock(position, size, shared); }
    @Override public FileLock tryLock(long position, long size, boolean shared) throws IOException { return real.tryLock(position, size, shared); }
    @Override protected void implCloseChannel() throws IOException { real.close(); }
}
