package io.cosd.service;

import io.cosd.api.error.ErrorCode;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.BlobLayout;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.ObjectRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Object writes and reads. Write order (docs/storage.md): stream to a temp blob computing MD5 →
 * verify length and Content-MD5 → blob commit (fsync, rename, dir fsync) → metadata transaction
 * (the point of visibility) → delete blobs the transaction released.
 */
public final class ObjectService {
    private static final Logger log = LoggerFactory.getLogger(ObjectService.class);

    private final MetadataStore meta;
    private final BlobStore blobs;
    private final Clock clock;
    private final long maxPutBytes;

    public ObjectService(MetadataStore meta, BlobStore blobs, Clock clock, long maxPutBytes) {
        this.meta = meta;
        this.blobs = blobs;
        this.clock = clock;
        this.maxPutBytes = maxPutBytes;
    }

    public ObjectVersion put(Bucket bucket, PutCommand c, InputStream body) {
        BlobStreams.Written w = BlobStreams.write(blobs, body, c.expectedLength(), c.contentMd5(), maxPutBytes);
        return record(bucket, c, w.blobId(), w.size(), w.etag());
    }

    /**
     * Copies {@code source}'s bytes (one blob, or every part of a multipart object) into one new blob
     * by zero-copy transfer and records {@code target} with the source's ETag.
     */
    public ObjectVersion copy(Bucket bucket, ObjectVersion source, PutCommand target) {
        BlobLayout layout = layout(source).orElseThrow(ErrorCode.NO_SUCH_KEY::exception);
        BlobStreams.Written w;
        try {
            w = BlobStreams.copy(blobs, layout.extents(), false);
        } catch (IOException e) {
            throw new IllegalStateException("copy failed", e);
        }
        return record(bucket, target, w.blobId(), w.size(), source.etag());
    }

    private ObjectVersion record(Bucket bucket, PutCommand c, String blobId, long size, String etag) {
        ObjectVersion draft = new ObjectVersion(bucket.name(), c.key(), ObjectVersion.NULL_VERSION, 0, true, false, size, etag,
                c.storageClass(), c.content(), c.userMetadata(), c.tags(), null, blobId, 0, clock.instant(), null);
        ObjectRepository.PutOutcome out;
        try {
            out = meta.objects().put(draft, writeMode(bucket));
        } catch (RuntimeException e) {
            blobs.delete(blobId);
            throw e;
        }
        release(out.releasedBlobs());
        return out.stored();
    }

    /**
     * The versioning mode writes use. Versioning is a later issue: for now every write is a "null"
     * version (ENABLED is written as SUSPENDED); multipart completion uses the same mode.
     */
    static VersioningState writeMode(Bucket bucket) {
        VersioningState mode = bucket.versioning();
        return mode == VersioningState.ENABLED ? VersioningState.SUSPENDED : mode;
    }

    public Optional<ObjectVersion> current(String bucket, String key) {
        return meta.objects().latest(bucket, key).filter(v -> !v.deleteMarker());
    }

    /**
     * Where {@code v}'s bytes are: its blob, or its parts' blobs in order for a completed multipart
     * version. Empty if a multipart version was replaced or removed since it was read.
     */
    public Optional<BlobLayout> layout(ObjectVersion v) {
        if (v.partsCount() == 0) return Optional.of(BlobLayout.single(v.blobId(), v.size()));
        return meta.uploads().objectParts(v.bucket(), v.key(), v.versionId(), v.seq()).map(BlobLayout::ofParts);
    }

    /** @throws java.nio.file.NoSuchFileException if the blob was released meanwhile */
    public FileChannel open(String blobId) throws IOException {
        return blobs.open(blobId);
    }

    public void delete(Bucket bucket, String key) {
        var out = meta.objects().deleteCurrent(bucket.name(), key, VersioningState.UNVERSIONED, null, clock.instant());
        release(out.releasedBlobs());
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

}
