package io.cosd.store.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.Consumer;

/**
 * The hot store plus a cold tier for ARCHIVE/DEEP_ARCHIVE data (docs/lifecycle.md#archive-tier-and-restore): a separate directory
 * ({@code <data>/cold}) holding compressed blobs. Cold ids carry the prefix {@code cold-} so that
 * one {@code blob_id} column, one release path and one start-up orphan scan cover both tiers.
 * New writes go to the hot store; {@link #createCold} writes to the cold one.
 */
public final class TieredBlobStore implements BlobStore {
    public static final String COLD_PREFIX = "cold-";

    private final BlobStore hot;
    private final BlobStore cold;

    public TieredBlobStore(BlobStore hot, BlobStore cold) {
        this.hot = hot;
        this.cold = cold;
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
        return isCold(blobId) ? cold.open(strip(blobId)) : hot.open(blobId);
    }

    @Override
    public long size(String blobId) throws IOException {
        return isCold(blobId) ? cold.size(strip(blobId)) : hot.size(blobId);
    }

    @Override
    public void delete(String blobId) {
        if (isCold(blobId)) cold.delete(strip(blobId));
        else hot.delete(blobId);
    }

    @Override
    public int collectTemporary() {
        return hot.collectTemporary() + cold.collectTemporary();
    }

    @Override
    public void forEach(Consumer<String> visitor) throws IOException {
        hot.forEach(visitor);
        cold.forEach(id -> visitor.accept(COLD_PREFIX + id));
    }

    private static String strip(String id) {
        return id.substring(COLD_PREFIX.length());
    }
}
