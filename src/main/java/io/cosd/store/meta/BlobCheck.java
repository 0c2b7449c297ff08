package io.cosd.store.meta;

import java.io.IOException;

/**
 * The blob store's half of the commit-time fence (docs/scale-out.md "The orphan sweep's fence",
 * SC-F1): called inside a write transaction that is about to name a blob, after the fence is held.
 * It proves the blob still exists and marks it as just referenced (a file's mtime and ctime change),
 * so a sweep that chose it earlier sees the change and keeps it.
 */
@FunctionalInterface
public interface BlobCheck {
    /** @throws java.nio.file.NoSuchFileException when the blob is gone (swept as an orphan) */
    void touch(String blobId) throws IOException;

    /** No blob store attached (tests of the metadata alone): nothing to check. */
    BlobCheck NONE = id -> { };
}
