package io.cosd.store.blob;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A new object version's body of known, small size, held in memory (docs/storage.md "Small objects
 * inline": the one place a body is held whole, bounded by the inline threshold) and handed to
 * {@link InlineBlobs#stage} on commit; the version's own transaction stores it. Bytes beyond the
 * declared size are counted, not kept: the caller refuses a body whose size is not the declared one
 * before it commits, and {@link #commit} refuses it too.
 */
final class InlineWriter implements BlobStore.Writer {
    private final InlineBlobs inline;
    private final byte[] data;
    private long size;
    private boolean open = true;

    /** Runs once, when the writer ends (committed or aborted): its buffer's share of the budget is free again. */
    private Runnable ended;

    InlineWriter(InlineBlobs inline, int expectedSize) {
        this(inline, expectedSize, () -> { });
    }

    InlineWriter(InlineBlobs inline, int expectedSize, Runnable ended) {
        this.inline = inline;
        this.data = new byte[expectedSize];
        this.ended = ended;
    }

    private void end() {
        Runnable r = ended;
        ended = null;
        if (r != null) r.run();
    }

    @Override
    public synchronized int write(ByteBuffer src) throws ClosedChannelException {
        if (!open) throw new ClosedChannelException();
        int n = src.remaining();
        long room = data.length - size;
        if (room > 0) src.get(data, (int) size, (int) Math.min(room, n));
        src.position(src.limit());
        size += n;
        return n;
    }

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public synchronized String commit() {
        if (!open) throw new IllegalStateException("writer already closed");
        if (size != data.length) throw new IllegalStateException("inline blob of " + data.length + " bytes got " + size);
        open = false;
        end(); // staged next, until its transaction a moment later: no longer a body being received
        String id = newId();
        inline.stage(id, data);
        return id;
    }

    /** Seeded from the clock so that ids of a later run sort after this one's, as a rule. */
    private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() << 12);

    /**
     * {@code inl-} + 16 hex digits of a rising sequence + 16 random hex digits (docs/performance.md
     * "The PUT path's CPU"). The id is indexed twice (the {@code inline_blobs} key and
     * {@code objects_by_blob}); with 128 random bits each new id landed on a random leaf of both
     * indexes, so every small PUT read a leaf the page cache did not hold and wrote two more pages
     * to the WAL. Rising ids append to the indexes' last leaves, which concurrent writers of one
     * group commit share. Ids are internal, never shown to clients: they need uniqueness, which
     * the 64 random bits give even across restarts and clock steps, not unpredictability.
     */
    static String newId() {
        HexFormat hex = HexFormat.of();
        return InlineBlobs.PREFIX + hex.toHexDigits(SEQUENCE.getAndIncrement()) + hex.toHexDigits(ThreadLocalRandom.current().nextLong());
    }

    @Override
    public synchronized void abort() {
        open = false;
        end();
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        abort();
    }
}
