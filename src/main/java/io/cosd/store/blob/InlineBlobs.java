package io.cosd.store.blob;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.function.Consumer;

/**
 * Small object bodies kept in the metadata database beside their version row (docs/storage.md
 * "Small objects inline"): ids {@code inl-<32 hex>}, routed here by {@link TieredBlobStore}, so every
 * reader of blob ids (GET, copy, replication, lifecycle, scrubber, orphan scan) keeps working.
 * Contract:
 * - {@link #stage} holds a writer's committed bytes in memory until the transaction that inserts
 *   the version row naming the id takes them and stores them in that same transaction: one commit
 *   makes data and metadata durable together. Staged bytes are invisible to {@link #read}.
 * - A stored row lives exactly as long as a version row names its id: removing or re-pointing that
 *   version deletes it in the same transaction (the store guarantees it, not the callers).
 * - {@link #delete} drops staged bytes (a refused or failed write) and, idempotently, a stored row.
 */
public interface InlineBlobs {
    String PREFIX = "inl-";

    static boolean isInline(String blobId) {
        return blobId != null && blobId.startsWith(PREFIX);
    }

    void stage(String blobId, byte[] data);

    /** @throws NoSuchFileException if no stored row has this id (never stored, or released) */
    byte[] read(String blobId) throws IOException;

    /** @throws NoSuchFileException as {@link #read} */
    long size(String blobId) throws IOException;

    void delete(String blobId);

    /** Visits every stored id (the start-up orphan scan). */
    void forEach(Consumer<String> visitor);
}
