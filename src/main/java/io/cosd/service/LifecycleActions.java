package io.cosd.service;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.MetadataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The lifecycle executor's effects on one version, each idempotent and conditional on the version
 * the scan saw (its seq): expiring, deleting and transitioning. Blobs released by a commit are
 * deleted after it, as on the API delete path (docs/storage.md).
 */
public final class LifecycleActions {
    private static final Logger log = LoggerFactory.getLogger(LifecycleActions.class);

    private final MetadataStore meta;
    private final TieredBlobStore blobs;
    private final ObjectService objects;

    public LifecycleActions(MetadataStore meta, TieredBlobStore blobs, ObjectService objects) {
        this.meta = meta;
        this.blobs = blobs;
        this.objects = objects;
    }

    /** LC-E2: unversioned → delete; Enabled → a delete marker; Suspended → a null delete marker. */
    public boolean expireCurrent(Bucket bucket, ObjectVersion v, Instant now) {
        VersioningState mode = bucket.versioning();
        String markerId = mode == VersioningState.ENABLED ? objects.newVersionId(bucket, now) : null;
        var out = meta.lifecycle().expireCurrent(bucket.name(), v.key(), v.seq(), mode, markerId, now);
        out.ifPresent(o -> release(o.releasedBlobs()));
        return out.isPresent();
    }

    /** LC-E4, LC-E5: permanently removes exactly this version or delete marker. */
    public boolean deleteVersion(ObjectVersion v) {
        var out = meta.lifecycle().deleteVersion(v.bucket(), v.key(), v.versionId(), v.seq());
        out.ifPresent(o -> release(o.releasedBlobs()));
        return out.isPresent();
    }

    /**
     * LC-E3: changes the class in place. A move to ARCHIVE/DEEP_ARCHIVE first writes the bytes
     * compressed and durably to the cold tier, then switches the metadata in one transaction, then
     * deletes the hot blob: a crash in between leaves an orphan that start-up collects, never a
     * version without bytes.
     */
    public boolean transition(ObjectVersion v, StorageClass target) throws IOException {
        boolean toCold = target.isArchive() && !TieredBlobStore.isCold(v.blobId());
        if (!toCold) return meta.lifecycle().transition(v.bucket(), v.key(), v.versionId(), v.seq(), target, null).isPresent();
        String coldId = writeCold(v);
        var out = meta.lifecycle().transition(v.bucket(), v.key(), v.versionId(), v.seq(), target, coldId);
        if (out.isEmpty()) {
            blobs.delete(coldId); // the version changed meanwhile: nothing references the copy
            return false;
        }
        release(out.get());
        return true;
    }

    private String writeCold(ObjectVersion v) throws IOException {
        BlobStore.Writer w = blobs.createCold();
        try {
            try (FileChannel in = blobs.open(v.blobId()); InputStream src = Channels.newInputStream(in)) {
                OutputStream raw = Channels.newOutputStream(w);
                GZIPOutputStream gz = new GZIPOutputStream(new NonClosing(raw), 64 * 1024);
                src.transferTo(gz);
                gz.finish();
                gz.flush();
            }
            String id = w.commit();
            w = null;
            return id;
        } finally {
            if (w != null) w.abort();
        }
    }

    void release(List<String> ids) {
        for (String id : ids) {
            try {
                blobs.delete(id);
            } catch (RuntimeException e) {
                log.warn("could not delete released blob {}; start-up will collect it", id, e);
            }
        }
    }

    /** Keeps GZIPOutputStream.close from closing the blob writer before commit. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) { super(out); }

        @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

        @Override public void close() throws IOException { flush(); }
    }
}
