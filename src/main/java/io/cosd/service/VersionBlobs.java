package io.cosd.service;

import io.cosd.store.blob.BlobStore;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.function.Consumer;

/**
 * The blob store as the writes of whole new versions (PUT, POST, copy, replica) see it: a new blob
 * of known size comes from {@link BlobStore#createVersion}, so a small one may be kept inline in the
 * version's own transaction (docs/storage.md "Small objects inline"). Everything else is the store's.
 */
final class VersionBlobs implements BlobStore {
    private final BlobStore blobs;

    VersionBlobs(BlobStore blobs) {
        this.blobs = blobs;
    }

    @Override public Writer create() throws IOException { return blobs.createVersion(-1); }

    @Override public Writer create(long expectedSize) throws IOException { return blobs.createVersion(expectedSize); }

    @Override public Writer createVersion(long expectedSize) throws IOException { return blobs.createVersion(expectedSize); }

    @Override public void checkFree(long bytes) throws IOException { blobs.checkFree(bytes); }

    @Override public long freeBytes() { return blobs.freeBytes(); }

    @Override public FileChannel open(String blobId) throws IOException { return blobs.open(blobId); }

    @Override public long size(String blobId) throws IOException { return blobs.size(blobId); }

    @Override public void delete(String blobId) { blobs.delete(blobId); }

    @Override public int collectTemporary() { return blobs.collectTemporary(); }

    @Override public void forEach(Consumer<String> visitor) throws IOException { blobs.forEach(visitor); }

    @Override public void forEach(String from, String to, Consumer<String> visitor) throws IOException { blobs.forEach(from, to, visitor); }
}
