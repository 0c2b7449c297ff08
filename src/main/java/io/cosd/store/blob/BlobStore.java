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
 * - {@link #collectTemporary} removes every temporary file (call at start-up, before serving); on a
 *   shared root only those older than the grace ({@link #mayCollect}).
 * - Running out of space (ENOSPC, or below the store's free-space reserve) is always reported as
 *   {@link DiskFullException}, never as another {@link IOException} (docs/storage.md "Full disk").
 */
public interface BlobStore {
    interface Writer extends WritableByteChannel {
        long size();

        String commit() throws IOException;

        /**
         * Optional early step of {@link #commit}: makes the bytes written so far durable in the
         * still-temporary file (a writer on disk fsyncs it), so the caller can overlap that fsync with
         * work of its own, such as finishing a digest that decides whether to commit at all
         * (docs/performance.md "The 1 MiB PUT"). The blob stays invisible and is removed by
         * {@link #abort} as before; {@link #commit} then skips the data fsync when nothing was written
         * since. Default: nothing (commit does it all).
         */
        default void sync() throws IOException {
        }

        void abort();
    }

    Writer create() throws IOException;

    /**
     * A writer for about {@code expectedSize} bytes (-1: unknown). Refused up front with
     * {@link DiskFullException} when the store's free-space reserve would not survive the write.
     */
    default Writer create(long expectedSize) throws IOException {
        return create();
    }

    /**
     * A writer for a new object version's whole body of {@code expectedSize} stored bytes (-1: unknown).
     * A store may keep a small one inline in the metadata database ({@link TieredBlobStore},
     * docs/storage.md "Small objects inline"); then its id is only valid once the transaction that
     * records the version commits. Default: {@link #create(long)}.
     */
    default Writer createVersion(long expectedSize) throws IOException {
        return create(expectedSize);
    }

    /** Refuses with {@link DiskFullException} when {@code bytes} more would eat into the free-space reserve; default: no reserve. */
    default void checkFree(long bytes) throws IOException {
    }

    /** Bytes still usable on the store's file system (the cosd_disk_free_bytes gauge); -1 if unknown. */
    default long freeBytes() {
        return -1;
    }

    /** @throws java.nio.file.NoSuchFileException if the blob does not exist */
    FileChannel open(String blobId) throws IOException;

    long size(String blobId) throws IOException;

    void delete(String blobId);

    /** @return how many temporary files were removed (on a shared root only those past the grace, ST-R2) */
    int collectTemporary();

    /**
     * Whether a blob that no metadata references may be removed as an orphan by start-up cleanup.
     * A store whose root other live nodes share says no while the blob is younger than its grace:
     * its writer may commit the metadata a moment later (docs/scale-out.md "Shared blob root", ST-R2).
     */
    default boolean mayCollect(String blobId) {
        return true;
    }

    /**
     * SC-F1: the writer's half of the orphan sweep's fence, called inside the write transaction that
     * is about to name the committed blob {@code blobId}: proves it still exists and marks it as just
     * referenced, so its {@link #stamp} changes and a sweep that chose it before keeps it.
     * Default: nothing to mark (a store without orphan sweeping).
     * @throws java.nio.file.NoSuchFileException when the blob is gone
     */
    default void touch(String blobId) throws IOException {
    }

    /**
     * SC-F1: the blob's change stamp (its ctime) as it is now, opaque: the sweep reads it when its walk
     * takes the blob for an orphan and deletes the blob only if it is the same inside the fence, so a
     * touch after the walk looked keeps the blob whatever clock stamped it (a file system that takes
     * its times from each client's clock, as CephFS and JuiceFS do, with the writer's clock behind the
     * sweeper's). Null when the blob is gone. Default: null (a store whose blobs {@link #touch} does not mark).
     */
    default Object stamp(String blobId) throws IOException {
        return null;
    }

    /**
     * SC-F1: "now" on the clock that stamps this store's files' change times, taken by the sweep
     * while it holds the fence and before its walk's snapshot; opaque, for {@link #untouchedSince}.
     * Default: null (a store whose blobs {@link #touch} does not mark).
     */
    default Object sweepMark() throws IOException {
        return null;
    }

    /**
     * SC-F1: whether {@code blobId} exists and was neither written nor {@link #touch}ed at or after
     * {@code mark} ({@link #sweepMark}): a file's ctime, which only the file system sets, strictly
     * before the mark's. Ties, and a blob that is gone, answer false. Default: true.
     */
    default boolean untouchedSince(String blobId, Object mark) throws IOException {
        return true;
    }

    /**
     * SC-F4: the sweep's "delete" inside its fence, undoable: moves the blob away from its name (so a
     * writer's {@link #touch} finds it gone) to where {@link #purgeSwept} unlinks it once the fence's
     * commit proved the fence was held throughout, or {@link #unsweep} puts it back when it may not
     * have been (PostgreSQL ended the sweeper's transaction, and its lock, while it stalled).
     * Default: a plain delete (a store whose blobs no writer shares). False when it was already gone.
     */
    default boolean sweepAway(String blobId) throws IOException {
        delete(blobId);
        return true;
    }

    /** SC-F4: unlinks a blob {@link #sweepAway} moved away, after the fence's commit. Default: nothing left to do. */
    default void purgeSwept(String blobId) throws IOException {
    }

    /** SC-F4: puts a blob {@link #sweepAway} moved away back under its name. Default: nothing to put back. */
    default void unsweep(String blobId) throws IOException {
    }

    /**
     * SC-F4: at start, before anything is swept, puts back every blob a sweep moved away and neither
     * purged nor put back (it died in between): whether its fence held is unknown, and a blob put
     * back is at worst an orphan a later sweep takes. Returns how many. Default: none.
     */
    default int unsweepLeftovers() throws IOException {
        return 0;
    }

    /**
     * Visits every committed blob id once, in ascending {@link String#compareTo} order: the start-up
     * orphan scan merges this with the sorted referenced ids (docs/storage.md "Start-up cleanup", ST-G2).
     */
    void forEach(Consumer<String> visitor) throws IOException;

    /** As {@link #forEach(Consumer)}, only the ids {@code from <= id < to} (null: unbounded); a store may skip the rest unread. */
    default void forEach(String from, String to, Consumer<String> visitor) throws IOException {
        forEach(id -> {
            if ((from == null || id.compareTo(from) >= 0) && (to == null || id.compareTo(to) < 0)) visitor.accept(id);
        });
    }
}
