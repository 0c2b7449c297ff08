package io.cosd.store;

import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.InlineBlobs;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up garbage collection (docs/spec/design.md §5, docs/storage.md "Start-up cleanup"). A crash can
 * leave (a) temporary files of unfinished uploads and (b) committed blobs whose metadata never
 * committed, or whose release after a replacing commit was never carried out. Both are unreachable,
 * so both are removed.
 * Must run before the server accepts writes: a blob committed by an in-flight upload is not yet
 * referenced and would be taken for an orphan.
 * <p>
 * (b) is a merge walk ({@link OrphanWalk}, ST-G1..G2): the blob ids present, in ascending order, against
 * the ids the metadata references, in ascending order, one pass over each. Should either side ever
 * come out of order the scan stops deleting, says so in the log, and start-up goes on: an orphan left
 * is only space, a referenced blob deleted would be data lost.
 * <p>
 * On a blob root shared with other live nodes the store keeps what is younger than its grace
 * ({@link BlobStore#mayCollect}; docs/scale-out.md ST-R2), so an orphan that young is left for a later start.
 * <p>
 * SC-F1: other nodes keep writing while this walk runs, and a writer paused past the grace may still
 * commit a row naming a blob that looks like an orphan. So, first, inside the metadata's fence
 * ({@link MetadataStore#sweepFenced}), when no writer is between its fence and its commit, the sweep
 * takes a mark on the file system's clock ({@link BlobStore#sweepMark}); the walk's snapshot follows,
 * so every write that touched its blob before the mark is in it. Then orphans are deleted in batches
 * of {@link #BATCH}, each batch inside the fence again, and each blob only if nothing touched it since
 * the mark ({@link BlobStore#untouchedSince}): a writer touches its blob inside the fence before it
 * commits, so either its touch came first and the blob stays, or the delete came first and the
 * writer finds the blob gone and commits nothing (SC-F2).
 */
public final class StartupCleanup {
    private static final Logger log = LoggerFactory.getLogger(StartupCleanup.class);
    /** Orphans deleted per hold of the fence: writers wait while it is held (SC-F3). */
    static final int BATCH = 64;

    public record Result(int temporaryFiles, int orphanBlobs) {}

    private StartupCleanup() {}

    public static Result run(BlobStore blobs, MetadataStore meta) throws IOException {
        int temporary = blobs.collectTemporary();
        Object mark;
        try {
            mark = meta.sweepFenced(() -> {
                try {
                    return new Object[] {blobs.sweepMark()};
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            })[0];
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (StoreException e) {
            // SC-F3: a writer held the fence past the sweep's wait; every orphan stays for a later start.
            log.warn("start-up cleanup removed no orphan blob: the sweep's fence was not free: {}", e.getMessage());
            return new Result(temporary, 0);
        }
        int[] orphans = {0};
        List<String> batch = new ArrayList<>();
        try {
            meta.walkReferencedBlobs(referenced -> {
                OrphanWalk walk = new OrphanWalk(referenced);
                try {
                    blobs.forEach(id -> {
                        if (!walk.isOrphan(id) || !blobs.mayCollect(id)) return; // ST-R2: a shared root's young blobs may be another node's
                        if (InlineBlobs.isInline(id)) {
                            // Deleted by one statement only while no row names it: fenced by the database
                            // itself, and a write transaction of its own (inside the fence it would wait
                            // for SQLite's one writer, which the fence holds).
                            blobs.delete(id);
                            orphans[0]++;
                            return;
                        }
                        batch.add(id);
                        if (batch.size() >= BATCH) orphans[0] += sweep(blobs, meta, batch, mark);
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
            orphans[0] += sweep(blobs, meta, batch, mark);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (OrphanWalk.OutOfOrder e) {
            log.error("start-up cleanup stopped after {} orphan blobs, nothing more deleted: {}", orphans[0], e.getMessage());
        }
        return new Result(temporary, orphans[0]);
    }

    /**
     * SC-F1: inside the fence, deletes the batch's blobs untouched since the mark, and empties the
     * batch. A fence not taken in time (SC-F3) leaves them for a later start.
     */
    private static int sweep(BlobStore blobs, MetadataStore meta, List<String> batch, Object mark) {
        if (batch.isEmpty()) return 0;
        int deleted;
        try {
            deleted = meta.sweepFenced(() -> {
                int n = 0;
                for (String id : batch) {
                    try {
                        if (!blobs.untouchedSince(id, mark)) continue; // a writer named it after the walk's snapshot
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read the change time of blob " + id, e);
                    }
                    blobs.delete(id);
                    n++;
                }
                return n;
            });
        } catch (StoreException e) {
            log.warn("start-up cleanup left {} orphan blobs for a later start: the sweep's fence was not free: {}",
                    batch.size(), e.getMessage());
            deleted = 0;
        }
        batch.clear();
        return deleted;
    }
}
