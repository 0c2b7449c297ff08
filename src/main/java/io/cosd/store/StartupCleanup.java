package io.cosd.store;

import io.cosd.store.blob.BlobStore;
import io.cosd.store.meta.MetadataStore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Start-up garbage collection (docs/spec/design.md §5). A crash can leave (a) temporary files of unfinished
 * uploads and (b) committed blobs whose metadata never committed, or whose release after a
 * replacing commit was never carried out. Both are unreachable, so both are removed.
 * Must run before the server accepts writes: a blob committed by an in-flight upload is not yet
 * referenced and would be taken for an orphan. On a blob root shared with other live nodes the
 * store keeps what is younger than its grace ({@link BlobStore#mayCollect}; docs/scale-out.md ST-R2).
 */
public final class StartupCleanup {
    private static final int BATCH = 1000;

    public record Result(int temporaryFiles, int orphanBlobs) {}

    private StartupCleanup() {}

    public static Result run(BlobStore blobs, MetadataStore meta) throws IOException {
        int temporary = blobs.collectTemporary();
        int[] orphans = {0};
        List<String> batch = new ArrayList<>(BATCH);
        blobs.forEach(id -> {
            batch.add(id);
            if (batch.size() == BATCH) {
                orphans[0] += sweep(blobs, meta, batch);
                batch.clear();
            }
        });
        orphans[0] += sweep(blobs, meta, batch);
        return new Result(temporary, orphans[0]);
    }

    private static int sweep(BlobStore blobs, MetadataStore meta, List<String> ids) {
        if (ids.isEmpty()) return 0;
        Set<String> referenced = meta.referencedBlobs(ids);
        int removed = 0;
        for (String id : ids) {
            if (!referenced.contains(id) && blobs.mayCollect(id)) { // ST-R2: a shared root's young blobs may be another node's
                blobs.delete(id);
                removed++;
            }
        }
        return removed;
    }
}
