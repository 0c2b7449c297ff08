package io.cosd.store.blob;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

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
        var r = ThreadLocalRandom.current();
        String id = InlineBlobs.PREFIX + HexFormat.of().toHexDigits(r.nextLong()) + HexFormat.of().toHexDigits(r.nextLong());
        inline.stage(id, data);
        return id;
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
