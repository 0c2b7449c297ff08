package io.cosd.store.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.Consumer;

/**
 * The hot store, inline small blobs ({@link InlineBlobs}, ids {@code inl-}; docs/storage.md "Small
 * objects inline") plus a cold tier for ARCHIVE/DEEP_ARCHIVE data (docs/lifecycle.md#archive-tier-and-restore): a separate directory
 * ({@code <data>/cold}) holding compressed blobs. Cold ids carry the prefix {@code cold-} so that
 * one {@code blob_id} column, one release path and one start-up orphan scan cover both tiers.
 * New writes go to the hot store; {@link #createCold} writes to the cold one.
 */
public final class TieredBlobStore implements BlobStore {
    public static final String COLD_PREFIX = "cold-";

    private final BlobStore hot;
    private final BlobStore cold;
    /** Null: no inline blobs (every write is a file). */
    private final InlineBlobs inline;
    /** New versions of at most this many stored bytes are kept inline; -1: none. */
    private final long inlineMax;
    /**
     * Bytes of inline bodies being received at once, at most: a writer holds its declared size from
     * the start, so without a bound idle connections that declared small bodies would hold the heap
     * (docs/storage.md "Small objects inline"). Beyond it a small body goes to a file.
     */
    static final long INLINE_BUFFER_BUDGET = 64L << 20;

    public TieredBlobStore(BlobStore hot, BlobStore cold) {
        this(hot, cold, null, -1);
    }

    /** @param inlineMax the inline threshold in stored bytes (ciphertext for SSE); -1 turns inline blobs off for new writes */
    public TieredBlobStore(BlobStore hot, BlobStore cold, InlineBlobs inline, long inlineMax) {
        this.hot = hot;
        this.cold = cold;
        this.inline = inline;
        this.inlineMax = inline == null ? -1 : inlineMax;
    }

    /** The hot tier's write probe ({@link DiskBlobStore#probeWritable}); every new file goes there first. */
    public void probeWritable() throws IOException {
        if (!(hot instanceof DiskBlobStore disk)) throw new IOException("the hot tier has no write probe");
        disk.probeWritable();
    }

    public long inlineMax() {
        return inlineMax;
    }

    /**
     * A new version's body of {@code expectedSize} stored bytes: inline when the size is known and at
     * most the threshold (held in memory, stored by the version's own transaction), else a file.
     * Only the version write paths (PUT, POST, copy, replica) ask for this: multipart parts, restored
     * copies and cold blobs stay files.
     */
    @Override
    public Writer createVersion(long expectedSize) throws IOException {
        if (expectedSize < 0 || expectedSize > inlineMax || !reserveBuffer(expectedSize)) return hot.create(expectedSize);
        try {
            hot.checkFree(expectedSize); // the database lives on the same disk: the reserve holds for it too
        } catch (IOException | RuntimeException e) {
            buffered.addAndGet(-expectedSize);
            throw e;
        }
        return new InlineWriter(inline, (int) expectedSize, () -> buffered.addAndGet(-expectedSize));
    }

    private final java.util.concurrent.atomic.AtomicLong buffered = new java.util.concurrent.atomic.AtomicLong();

    /** Takes {@code n} bytes of {@link #INLINE_BUFFER_BUDGET}; false when they do not fit. */
    private boolean reserveBuffer(long n) {
        for (long b; (b = buffered.get()) + n <= INLINE_BUFFER_BUDGET; ) {
            if (buffered.compareAndSet(b, b + n)) return true;
        }
        return false;
    }

    public static boolean isCold(String blobId) {
        return blobId != null && blobId.startsWith(COLD_PREFIX);
    }

    @Override
    public Writer create() throws IOException {
        return hot.create();
    }

    @Override
    public Writer create(long expectedSize) throws IOException {
        return hot.create(expectedSize);
    }

    /** The hot tier's: it takes every client write. */
    @Override
    public long freeBytes() {
        return hot.freeBytes();
    }

    /** A writer on the cold tier; its commit returns a {@code cold-} id. The caller compresses. */
    public Writer createCold() throws IOException {
        Writer w = cold.create();
        return new Writer() {
            @Override public long size() { return w.size(); }

            @Override public String commit() throws IOException { return COLD_PREFIX + w.commit(); }

            @Override public void abort() { w.abort(); }

            @Override public int write(ByteBuffer src) throws IOException { return w.write(src); }

            @Override public boolean isOpen() { return w.isOpen(); }

            @Override public void close() throws IOException { w.close(); }
        };
    }

    @Override
    public FileChannel open(String blobId) throws IOException {
        if (InlineBlobs.isInline(blobId)) return new InlineChannel(inline().read(blobId));
        return isCold(blobId) ? cold.open(strip(blobId)) : hot.open(blobId);
    }

    @Override
    public long size(String blobId) throws IOException {
        if (InlineBlobs.isInline(blobId)) return inline().size(blobId);
        return isCold(blobId) ? cold.size(strip(blobId)) : hot.size(blobId);
    }

    @Override
    public void delete(String blobId) {
        if (InlineBlobs.isInline(blobId)) {
            if (inline != null) inline.delete(blobId);
        } else if (isCold(blobId)) cold.delete(strip(blobId));
        else hot.delete(blobId);
    }

    @Override
    public void checkFree(long bytes) throws IOException {
        hot.checkFree(bytes);
    }

    private InlineBlobs inline() throws java.nio.file.NoSuchFileException {
        if (inline == null) throw new java.nio.file.NoSuchFileException("no inline blob store");
        return inline;
    }

    /** Inline blobs live and die with their rows, so only the file tiers have an age to ask about. */
    @Override
    public boolean mayCollect(String blobId) {
        if (InlineBlobs.isInline(blobId)) return true;
        return isCold(blobId) ? cold.mayCollect(strip(blobId)) : hot.mayCollect(blobId);
    }

    /** SC-F1: an inline blob is written in the transaction that names it, so there is nothing to check. */
    @Override
    public void touch(String blobId) throws IOException {
        if (InlineBlobs.isInline(blobId)) return;
        if (isCold(blobId)) cold.touch(strip(blobId));
        else hot.touch(blobId);
    }

    /** SC-F1: inline blobs need no stamp (see {@link #untouchedSince}). */
    @Override
    public Object stamp(String blobId) throws IOException {
        if (InlineBlobs.isInline(blobId)) return null;
        return isCold(blobId) ? cold.stamp(strip(blobId)) : hot.stamp(blobId);
    }

    /** SC-F1: one mark per file tier (each may be its own file system). */
    @Override
    public Object sweepMark() throws IOException {
        return new Object[] {hot.sweepMark(), cold.sweepMark()};
    }

    /** SC-F1: inline blobs are deleted only while no row names them (one statement), so they need no mark. */
    @Override
    public boolean untouchedSince(String blobId, Object mark) throws IOException {
        if (InlineBlobs.isInline(blobId)) return true;
        Object[] m = (Object[]) mark;
        return isCold(blobId) ? cold.untouchedSince(strip(blobId), m[1]) : hot.untouchedSince(blobId, m[0]);
    }

    /** SC-F4: inline blobs are not swept inside the fence (StartupCleanup deletes them by one guarded statement). */
    @Override
    public boolean sweepAway(String blobId) throws IOException {
        if (InlineBlobs.isInline(blobId)) {
            delete(blobId);
            return true;
        }
        return isCold(blobId) ? cold.sweepAway(strip(blobId)) : hot.sweepAway(blobId);
    }

    @Override
    public void purgeSwept(String blobId) throws IOException {
        if (InlineBlobs.isInline(blobId)) return;
        if (isCold(blobId)) cold.purgeSwept(strip(blobId));
        else hot.purgeSwept(blobId);
    }

    @Override
    public void unsweep(String blobId) throws IOException {
        if (InlineBlobs.isInline(blobId)) return;
        if (isCold(blobId)) cold.unsweep(strip(blobId));
        else hot.unsweep(blobId);
    }

    @Override
    public int unsweepLeftovers() throws IOException {
        return hot.unsweepLeftovers() + cold.unsweepLeftovers();
    }

    @Override
    public int collectTemporary() {
        return hot.collectTemporary() + cold.collectTemporary();
    }

    /**
     * All three tiers in one ascending order (BlobStore's contract): hot ids are 32 hex digits, so
     * {@code cold-…} sorts after the hot ids starting with {@code 0}-{@code c} ({@code 'o'} is above
     * every hex digit) and before those starting with {@code d}-{@code f}, and {@code inl-…} after
     * all of them.
     */
    @Override
    public void forEach(Consumer<String> visitor) throws IOException {
        hot.forEach(null, COLD_PREFIX, visitor);
        cold.forEach(id -> visitor.accept(COLD_PREFIX + id));
        hot.forEach(COLD_PREFIX, null, visitor);
        if (inline != null) inline.forEach(visitor);
    }

    private static String strip(String id) {
        return id.substring(COLD_PREFIX.length());
    }
}
