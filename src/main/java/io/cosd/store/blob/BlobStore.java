package io.cosd.store.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.function.Consumer;

/**
 * Object bytes on durable storage, addressed by a store-chosen id (never by key: no key can reach
 * outside the data directory).
 * Contract:
 * - {@link #create} gives a writer on a temporary file that is invisible to {@link #open}.
 * - {@link Writer#commit} makes the bytes durable (fsync file, atomic rename, fsync directory) and
 *   returns the id; after it returns, a crash never loses or truncates the blob.
 * - {@link Writer#abort} (or close without commit) removes the temporary file.
 * - {@link #delete} is idempotent.
 * - {@link #collectTemporary} removes every temporary file (call at start-up, before serving).
 */
public interface BlobStore {
    interface Writer extends WritableByteChannel {
        long size();

        String commit() throws IOException;

        void abort();
    }

    Writer create() throws IOException;

    /** @throws java.nio.file.NoSuchFileException if the blob does not exist */
    FileChannel open(String blobId) throws IOException;

    long size(String blobId) throws IOException;

    void delete(String blobId);

    /** @return how many temporary files were removed */
    int collectTemporary();

    /** Visits every committed blob id (for the start-up orphan scan). */
    void forEach(Consumer<String> visitor) throws IOException;
}
