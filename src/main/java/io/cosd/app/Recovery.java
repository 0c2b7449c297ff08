package io.cosd.app;

import io.cosd.store.blob.BlobStore;
import io.cosd.store.meta.MetadataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Start-up cleanup after a crash: temporary files are removed, and committed blobs that no metadata
 * references (a crash between blob rename and metadata commit, or between a metadata delete and the
 * file delete) are collected. Runs before the port opens.
 */
final class Recovery {
    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    private static final int BATCH = 500;

    private Recovery() {}

    record Result(int temporary, int orphans) {}

    static Result run(MetadataStore meta, BlobStore blobs) throws IOException {
        int temp = blobs.collectTemporary();
        List<String> batch = new ArrayList<>(BATCH);
        int[] orphans = {0};
        blobs.forEach(id -> {
            batch.add(id);
            if (batch.size() == BATCH) {
                orphans[0] += collect(meta, blobs, batch);
                batch.clear();
            }
        });
        orphans[0] += collect(meta, blobs, batch);
        if (temp > 0 || orphans[0] > 0) log.info("recovery: removed {} temporary files and {} orphan blobs", temp, orphans[0]);
        return new Result(temp, orphans[0]);
    }

    private static int collect(MetadataStore meta, BlobStore blobs, List<String> ids) {
        if (ids.isEmpty()) return 0;
        Set<String> referenced = meta.referencedBlobs(ids);
        int n = 0;
        for (String id : ids) {
            if (!referenced.contains(id)) {
                blobs.delete(id);
                n++;
            }
        }
        return n;
    }
}
