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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * writer finds the blob gone and commits nothing (SC-F2). The comparison with the mark trusts that one
 * clock stamps both, which a file system taking its times from each client's clock (CephFS, JuiceFS)
 * does not promise: so a blob is deleted only if its stamp ({@link BlobStore#stamp}) is also still the
 * one the walk read when it took the blob for an orphan. A touch after that look changes it whatever
 * the clocks; one between the mark and the look left an mtime younger than the grace (ST-R2), and the
 * walk did not take the blob.
 * <p>
 * SC-F4: "deleted" inside the fence means moved away ({@link BlobStore#sweepAway}); the unlink waits
 * for the fence's commit, since only a commit proves the fence was still held (PostgreSQL ends a
 * stalled transaction and releases its lock). A batch whose commit fails puts its blobs back, and so
 * does the next start for a sweep that died in between.
 */
public final class StartupCleanup {
    private static final Logger log = LoggerFactory.getLogger(StartupCleanup.class);
    /** Orphans deleted per hold of the fence: writers wait while it is held (SC-F3). */
    static final int BATCH = 64;

    public record Result(int temporaryFiles, int orphanBlobs) {}

    private StartupCleanup() {}

    public static Result run(BlobStore blobs, MetadataStore meta) throws IOException {
        // SC-F4: first, what a sweep that died between moving a blob away and its commit left there
        // goes back; a blob some writer named meanwhile is whole again, a true orphan is swept below.
        int back = blobs.unsweepLeftovers();
        if (back > 0) log.warn("start-up cleanup put back {} blobs an interrupted orphan sweep had moved away", back);
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
        Map<String, Object> batch = new LinkedHashMap<>(); // id -> its stamp when the walk took it for an orphan
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
                        Object seen;
                        try {
                            seen = blobs.stamp(id); // SC-F1: a touch after this look changes it, whatever clock stamps it
                        } catch (IOException e) {
                            log.warn("start-up cleanup keeps blob {}: cannot read its change time: {}", id, e.getMessage());
                            return;
                        }
                        batch.put(id, seen);
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
     * SC-F1, SC-F4: inside the fence, moves the batch's blobs untouched since the mark away
     * ({@link BlobStore#sweepAway}); only once the fence's transaction has committed are they unlinked.
     * On PostgreSQL the fence is a transaction-scoped lock, and the server ends a transaction idle
     * longer than ST-P9's timeout, lock and all: a sweeper stalled that long between its check and its
     * move (a GC pause, a hung NFS call) may move a blob a writer named after the lock was gone. Its
     * commit then fails, and every blob of the batch goes back ({@link BlobStore#unsweep}). A commit
     * that succeeded proves the lock was held from the checks to the last move. A fence not taken in
     * time (SC-F3) leaves the batch for a later start. Empties the batch.
     */
    private static int sweep(BlobStore blobs, MetadataStore meta, Map<String, Object> batch, Object mark) {
        if (batch.isEmpty()) return 0;
        List<String> moved = new ArrayList<>();
        try {
            meta.sweepFenced(() -> {
                unsweep(blobs, moved); // a transaction run again starts from the blobs where they were
                for (Map.Entry<String, Object> e : batch.entrySet()) {
                    String id = e.getKey();
                    try {
                        if (!blobs.untouchedSince(id, mark)) continue; // a writer named it after the walk's snapshot
                        // ...or touched it after the walk looked, with a clock behind the mark's (SC-F1)
                        if (!Objects.equals(blobs.stamp(id), e.getValue())) continue;
                        if (blobs.sweepAway(id)) moved.add(id);
                    } catch (IOException x) {
                        throw new UncheckedIOException("cannot sweep blob " + id, x);
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            int left = batch.size();
            unsweep(blobs, moved);
            batch.clear();
            if (!(e instanceof StoreException)) throw e;
            log.warn("start-up cleanup left {} orphan blobs for a later start: the sweep's fence was not free, or not held to its commit: {}",
                    left, e.getMessage());
            return 0;
        }
        batch.clear();
        for (String id : moved) {
            try {
                blobs.purgeSwept(id);
            } catch (IOException e) {
                log.warn("could not unlink swept blob {}; a later start puts it back and sweeps it again", id, e);
            }
        }
        return moved.size();
    }

    /** SC-F4: puts {@code moved} back under their names and empties it; a failure is logged, a later start retries it. */
    private static void unsweep(BlobStore blobs, List<String> moved) {
        for (String id : moved) {
            try {
                blobs.unsweep(id);
            } catch (IOException | RuntimeException e) {
                log.error("could not put back blob {} after an unconfirmed sweep; the next start does (SC-F4)", id, e);
            }
        }
        moved.clear();
    }
}
