package io.cosd.service;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.BlobLayout;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.LifecycleRepository;
import io.cosd.store.meta.MetadataStore;

import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The lifecycle executor's effects on one version, each idempotent and conditional on the version
 * the scan saw (its seq): expiring, deleting and transitioning. Blobs released by a commit are
 * deleted after it, as on the API delete path (docs/storage.md).
 */
public final class LifecycleActions {
    private final MetadataStore meta;
    private final TieredBlobStore blobs;
    private final ObjectService objects;

    public LifecycleActions(MetadataStore meta, TieredBlobStore blobs, ObjectService objects) {
        this.meta = meta;
        this.blobs = blobs;
        this.objects = objects;
    }

    /**
     * LC-E2 (unversioned → delete; Enabled → a delete marker; Suspended → a null delete marker) for a
     * page of current versions of one bucket in one transaction (one
     * commit per page, not per key: docs/performance.md "Listing and lifecycle at scale"); returns
     * which applied, in order.
     */
    public boolean[] expireCurrents(Bucket bucket, List<ObjectVersion> versions, Instant now) {
        if (versions.isEmpty()) return new boolean[0];
        VersioningState mode = bucket.versioning();
        // AUTH-13: only in the bucket row the pass scanned and planned from, never a namesake created since
        // LC-C2, LC-C3: checked again in the transaction against what the scan saw
        var refs = versions.stream().map(v -> new LifecycleRepository.ExpireRef(v.bucket(), v.key(), v.seq(),
                mode == VersioningState.ENABLED ? objects.newVersionId(bucket, now) : null, bucket.incarnation(),
                LifecycleRepository.Scanned.of(v, mode, 0))).toList();
        var out = meta.lifecycle().expireCurrents(refs, mode, now);
        release(out.releasedBlobs());
        return out.applied();
    }

    /**
     * Deletes the blobs a page's commit released, in {@link #UNLINKERS} parallel slices when there are
     * many: unlinking them one by one was most of a 10%-expiring pass over 10M objects
     * (docs/performance.md "Listing and lifecycle at scale"). A large page's unlinks go on in the
     * background while the pass scans and commits its next page (one page in flight: this first waits
     * for the previous page's); {@link #awaitReleased} waits for them, and the executor calls it when a
     * bucket or a pass ends, so a finished pass has deleted everything it released. A failure is logged
     * and left to start-up's collection, as is whatever a crash interrupts: the rows are gone either way.
     */
    void release(List<String> ids) {
        awaitReleased();
        if (ids.size() < 2 * UNLINK_SLICE) {
            objects.release(ids);
            return;
        }
        var started = java.util.concurrent.CompletableFuture.runAsync(() -> unlinkInSlices(ids), RELEASER);
        synchronized (this) {
            inFlight = started;
        }
    }

    private void unlinkInSlices(List<String> ids) {
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            int slices = Math.min(UNLINKERS, ids.size() / UNLINK_SLICE);
            for (int i = 0; i < slices; i++) {
                List<String> slice = ids.subList(ids.size() * i / slices, ids.size() * (i + 1) / slices);
                pool.submit(() -> objects.release(slice));
            }
        } // close() waits for every slice
    }

    /** Waits until the blobs released by earlier pages are deleted (or their deletion failed and was logged). */
    public void awaitReleased() {
        java.util.concurrent.CompletableFuture<Void> f;
        synchronized (this) {
            f = inFlight;
            inFlight = null;
        }
        if (f != null) f.join(); // objects.release logs and swallows its own failures
    }

    private java.util.concurrent.CompletableFuture<Void> inFlight;
    private static final java.util.concurrent.Executor RELEASER = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    /**
     * Parallel unlinks per page, and the least a slice holds (fewer blobs are deleted in the caller's
     * thread). An unlink mostly waits (for the file system's journal, which other writers' fsyncs keep
     * busy), not computes: JFR put 75% of a 10%-expiring pass's native time in unlink while the pass
     * used a fraction of a core, so more of them in flight shortens the page (docs/performance.md
     * "Lifecycle over 10M unversioned objects"). Virtual threads: a blocked unlink holds no carrier.
     */
    static final int UNLINKERS = 16, UNLINK_SLICE = 32;

    /**
     * A version due for permanent removal as the scan saw it, and the NewerNoncurrentVersions of the rule that
     * made it due (0: none), which the removal checks again (LC-C5).
     */
    public record Due(ObjectVersion version, int keepNewer) {}

    /**
     * LC-E4, LC-E5: permanently removes exactly these versions or delete markers of {@code bucket}, a
     * page in one transaction; returns which
     * applied. With {@code now} a version object lock protects at {@code now} is left alone (LOCK-10);
     * only in the bucket row the pass scanned (AUTH-13: a namesake's versions can have the same key and seq).
     */
    public boolean[] deleteVersions(Bucket bucket, List<Due> versions, Instant now) {
        // LC-C1..C5: each checked again in the transaction against what the scan saw
        var refs = versions.stream().map(d -> new LifecycleRepository.VersionRef(d.version().bucket(), d.version().key(),
                d.version().versionId(), d.version().seq(), bucket.incarnation(),
                LifecycleRepository.Scanned.of(d.version(), bucket.versioning(), d.keepNewer()))).toList();
        var out = meta.lifecycle().deleteVersions(refs, now);
        release(out.releasedBlobs());
        return out.applied();
    }

    /**
     * LC-E3: changes the class in place. A move to ARCHIVE/DEEP_ARCHIVE first writes the bytes
     * compressed and durably to the cold tier, then switches the metadata in one transaction, then
     * deletes the hot blob: a crash in between leaves an orphan that start-up collects, never a
     * version without bytes.
     */
    public boolean transition(Bucket bucket, ObjectVersion v, StorageClass target) throws IOException {
        // SSE-13: an encrypted version's bytes stay where they are (ciphertext does not compress); only its class changes.
        boolean toCold = target.isArchive() && v.encryption() == null && !TieredBlobStore.isCold(v.blobId());
        if (!toCold) return meta.lifecycle().transition(v.bucket(), v.key(), v.versionId(), v.seq(), target, null,
                bucket.incarnation(), LifecycleRepository.Scanned.of(v, bucket.versioning(), 0)).isPresent(); // AUTH-13, LC-C1, LC-C3
        var layout = objects.layout(bucket, v); // AUTH-15: the parts of the bucket row the pass scanned
        if (layout.isEmpty()) return false; // replaced meanwhile (or a namesake's)
        // ST-I10: damaged bytes are not archived as if they were fine; they stay hot and marked, and
        // the pass moves on instead of failing on the same version every day.
        if (v.damage() != null) return false;
        Cold cold;
        try {
            cold = writeCold(layout.get());
        } catch (NoSuchFileException e) {
            // Usually released by a concurrent change (another pass moved it, a delete, an overwrite):
            // then markDamaged does nothing. Otherwise the blob is gone: damage.
            objects.markDamaged(v, "missing: blob file is missing");
            return false;
        } catch (EOFException e) {
            objects.markDamaged(v, "size: " + e.getMessage());
            return false;
        }
        String coldId = cold.blobId();
        String bad = cold.read().mismatch(v);
        if (bad != null) {
            blobs.delete(coldId);
            objects.markDamaged(v, bad);
            return false;
        }
        var out = meta.lifecycle().transition(v.bucket(), v.key(), v.versionId(), v.seq(), target, coldId, bucket.incarnation(),
                LifecycleRepository.Scanned.of(v, bucket.versioning(), 0)); // AUTH-13, LC-C1, LC-C3
        if (out.isEmpty()) {
            blobs.delete(coldId); // the version changed meanwhile: nothing references the copy
            return false;
        }
        objects.release(out.get());
        return true;
    }

    /** A new cold blob and what was read into it (size and CRC64 of the uncompressed bytes, ST-I10). */
    private record Cold(String blobId, CheckedCopy read) {}

    /** The object's bytes (one blob, or a multipart object's parts in order) as one gzip blob in the cold tier. */
    private Cold writeCold(BlobLayout layout) throws IOException {
        BlobStore.Writer w = blobs.createCold();
        try {
            GZIPOutputStream gz = new GZIPOutputStream(new NonClosing(Channels.newOutputStream(w)), 64 * 1024);
            CheckedCopy read = new CheckedCopy(gz);
            copyExtents(blobs, layout, read);
            gz.finish();
            gz.flush();
            String id = w.commit();
            w = null;
            return new Cold(id, read);
        } finally {
            if (w != null) w.abort();
        }
    }

    /** LC-T7: aborts the upload and releases its parts, like the API abort; false if it is already gone. */
    public boolean abortUpload(MultipartUpload u) {
        var out = meta.uploads().abort(u.bucket(), u.key(), u.uploadId());
        out.ifPresent(objects::release);
        return out.isPresent();
    }

    static void copyExtents(BlobStore blobs, BlobLayout layout, OutputStream out) throws IOException {
        for (BlobLayout.Extent e : layout.extents()) {
            try (FileChannel in = blobs.open(e.blobId())) {
                in.position(e.position());
                InputStream src = Channels.newInputStream(in);
                long left = e.length();
                byte[] buf = new byte[64 * 1024];
                while (left > 0) {
                    int n = src.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) throw new EOFException("blob " + e.blobId() + " is shorter than its extent");
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
        }
    }

    /** Keeps GZIPOutputStream.close from closing the blob writer before commit. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) { super(out); }

        @Override public void write(byte[] b, int off, int len) throws IOException { out.write(b, off, len); }

        @Override public void close() throws IOException { flush(); }
    }
}
