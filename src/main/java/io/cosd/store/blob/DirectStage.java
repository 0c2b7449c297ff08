package io.cosd.store.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bytes of one blob file opened with {@code O_DIRECT} on their way to it (ST-W6, docs/performance.md
 * "The 1 MiB PUT", "Writing around the page cache"; docs/storage.md "Write order of an object").
 * A direct write must start at an aligned file offset, from an aligned address, for a multiple of the
 * alignment; a body arrives in pieces of any length. So the bytes are copied into one aligned buffer
 * and written a full buffer at a time; at the end the last partial block is written padded with zeros
 * and the file is cut back to its true size. The file's fsync, rename and directory fsync are the
 * writer's, unchanged: {@code O_DIRECT} skips the page cache, not the device's cache, which only the
 * fsync flushes.
 *
 * <p>Why: a buffered write copies every byte into page-cache pages the kernel must find first; on the
 * VMs this was measured on, a fresh page costs far more than the copy (2-2.8 ms of kernel time per
 * MiB against 0.13 ms for the same bytes written direct), and the file's fsync then writes them back.
 * One copy into a pooled, already-touched buffer replaces both. Not thread-safe: one writer uses it.
 */
final class DirectStage {
    /** Bytes staged before one direct write: a 1 MiB body is one write at its end. */
    static final int SIZE = 1 << 20;
    /** Declared sizes from here up take the direct path (below it, the buffered write is cheap: few pages). */
    static final long MIN_BODY = 256 * 1024;

    private final Pool pool;
    private ByteBuffer buf; // null once released
    private boolean finished;
    /** A write to the file or the tail's truncate failed: the file's content is unknown, only abort is left. */
    private boolean broken;
    /** Bytes the direct writes put in the file so far (0: the file is still empty). */
    private long flushed;
    /** The body's bytes in {@link #buf}, the padding not counted. */
    private int staged;

    private DirectStage(Pool pool, ByteBuffer buf) {
        this.pool = pool;
        this.buf = buf;
    }

    /** Copies all of {@code src} in, writing each full buffer to {@code ch}; returns the bytes taken. */
    int write(FileChannel ch, ByteBuffer src) throws IOException {
        if (broken) throw brokenFile();
        if (finished) throw new IllegalStateException("direct blob file already finished");
        int n = src.remaining();
        while (src.hasRemaining()) {
            int k = Math.min(buf.remaining(), src.remaining());
            buf.put(buf.position(), src, src.position(), k);
            buf.position(buf.position() + k);
            src.position(src.position() + k);
            if (!buf.hasRemaining()) flush(ch, buf.position());
        }
        return n;
    }

    /**
     * Writes what is still staged, its last block padded with zeros, then cuts the file to
     * {@code size}, the bytes the writer took. No write may follow. Repeatable.
     */
    void finish(FileChannel ch, long size) throws IOException {
        if (broken) throw brokenFile();
        if (finished) return;
        finished = true;
        int tail = buf.position();
        if (tail == 0) return;
        int padded = (tail + pool.align - 1) / pool.align * pool.align;
        buf.put(pool.zeros, 0, padded - tail);
        flush(ch, tail);
        if (padded != tail) {
            try {
                ch.truncate(size);
            } catch (IOException e) {
                broken = true; // the padding is still in the file: it must never be committed
                throw e;
            }
        }
    }

    /**
     * Writes the buffer's first {@code body} bytes, padded up to its position. A failure marks the
     * stage broken: the file may hold part of the buffer, the caller's piece is partly consumed, so no
     * later write, sync or commit may act as if the file held what the writer counted (ST-W6).
     */
    private void flush(FileChannel ch, int body) throws IOException {
        staged = body;
        buf.flip();
        try {
            while (buf.hasRemaining()) ch.write(buf);
        } catch (IOException | RuntimeException e) {
            broken = true;
            throw e;
        }
        flushed += body;
        staged = 0;
        buf.clear();
    }

    /**
     * True when a direct write failed before any byte of this file was written direct: a file system
     * that takes the O_DIRECT open but refuses the write (EINVAL there instead of at open). The writer
     * then rewrites {@link #staged()} through the page cache and goes on without this stage.
     */
    boolean refusedFirstWrite() {
        return broken && flushed == 0 && buf != null;
    }

    /** The body's bytes the failed first write held, from offset 0 of the file (see {@link #refusedFirstWrite}). */
    ByteBuffer staged() {
        return buf.duplicate().clear().limit(staged);
    }

    private static IOException brokenFile() {
        return new IOException("an earlier write to this direct blob file failed; it can only be aborted");
    }

    /** True once {@link #finish} wrote the tail and cut the file: the file holds exactly the body so far. */
    boolean finished() {
        return finished && !broken;
    }

    /** Gives the buffer back to the pool; once. */
    void release() {
        ByteBuffer b = buf;
        if (b == null) return;
        buf = null;
        pool.give(b);
    }

    /**
     * Aligned buffers for direct writes to one file system, at most {@link #max} of them: a writer that
     * finds none free writes through the page cache as before, so memory stays bounded (32 MiB) however
     * many bodies arrive at once.
     */
    static final class Pool {
        final int align;
        private final int max;
        private final byte[] zeros;
        private final ConcurrentLinkedQueue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
        private final AtomicInteger created = new AtomicInteger();

        Pool(int align, int max) {
            if (align <= 0 || Integer.bitCount(align) != 1 || align > SIZE) throw new IllegalArgumentException("alignment " + align);
            this.align = align;
            this.max = max;
            this.zeros = new byte[align];
        }

        /** A stage for one file, or null when all {@link #max} buffers are in use. */
        DirectStage take() {
            ByteBuffer b = free.poll();
            if (b == null) {
                if (created.incrementAndGet() > max) {
                    created.decrementAndGet();
                    return null;
                }
                b = ByteBuffer.allocateDirect(SIZE + align).alignedSlice(align);
            }
            return new DirectStage(this, b);
        }

        /** Buffers allocated and not in use now (tests: every stage given back). */
        int idle() {
            return free.size();
        }

        private void give(ByteBuffer b) {
            free.offer(b.clear());
        }
    }
}
