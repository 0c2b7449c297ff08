package io.cosd.store;

import io.cosd.store.blob.BlobStore;
import io.cosd.store.meta.MetadataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;

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
 */
public final class StartupCleanup {
    private static final Logger log = LoggerFactory.getLogger(StartupCleanup.class);

    public record Result(int temporaryFiles, int orphanBlobs) {}

    private StartupCleanup() {}

    public static Result run(BlobStore blobs, MetadataStore meta) throws IOException {
        int temporary = blobs.collectTemporary();
        int[] orphans = {0};
        try {
            meta.walkReferencedBlobs(referenced -> {
                OrphanWalk walk = new OrphanWalk(referenced);
                try {
                    blobs.forEach(id -> {
                        if (walk.isOrphan(id) && blobs.mayCollect(id)) { // ST-R2: a shared root's young blobs may be another node's
                            blobs.delete(id);
                            orphans[0]++;
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (OrphanWalk.OutOfOrder e) {
            log.error("start-up cleanup stopped after {} orphan blobs, nothing more deleted: {}", orphans[0], e.getMessage());
        }
        return new Result(temporary, orphans[0]);
    }
}
