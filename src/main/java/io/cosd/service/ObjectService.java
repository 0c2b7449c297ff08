package io.cosd.service;

import io.cosd.api.error.ErrorCode;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.BlobLayout;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.VersionIds;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.ObjectRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.time.Clock;
import java.time.Instant;
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
    private final VersionIds.Generator versionIds = new VersionIds.Generator();

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
        Instant now = clock.instant();
        ObjectVersion draft = new ObjectVersion(bucket.name(), c.key(), newVersionId(bucket, now), 0, true, false, size, etag,
                c.storageClass(), c.content(), c.userMetadata(), c.tags(), null, blobId, 0, now, null);
        ObjectRepository.PutOutcome out;
        try {
            out = meta.objects().put(draft, bucket.versioning());
        } catch (RuntimeException e) {
            blobs.delete(blobId);
            throw e;
        }
        release(out.releasedBlobs());
        return out.stored();
    }

    /** VER-I1/I4: a fresh id for every write in an Enabled bucket, "null" otherwise. */
    public String newVersionId(Bucket bucket, Instant now) {
        return bucket.versioning() == VersioningState.ENABLED ? versionIds.next(now) : ObjectVersion.NULL_VERSION;
    }

    public Optional<ObjectVersion> current(String bucket, String key) {
        return meta.objects().latest(bucket, key).filter(v -> !v.deleteMarker());
    }

    /**
     * The version a request addresses, delete markers included: the current one when
     * {@code versionId} is null or empty (VER-I7), else exactly that version ("null" included).
     * Absent: NoSuchKey / NoSuchVersion; malformed id: InvalidArgument (VER-I8).
     */
    public ObjectVersion lookup(String bucket, String key, String versionId) {
        if (versionId == null || versionId.isEmpty()) {
            return meta.objects().latest(bucket, key).orElseThrow(ErrorCode.NO_SUCH_KEY::exception);
        }
        checkVersionId(versionId);
        return meta.objects().version(bucket, key, versionId).orElseThrow(ErrorCode.NO_SUCH_VERSION::exception);
    }

    public static void checkVersionId(String versionId) {
        if (!VersionIds.isWellFormed(versionId)) throw ErrorCode.INVALID_ARGUMENT.exception("Invalid version id specified");
    }

    /**
     * The version a sub-resource request (tagging) addresses. A current delete marker means the key
     * is gone (NoSuchKey); a delete marker named by id has no sub-resources (VER-G5: 405).
     */
    public ObjectVersion resolve(String bucket, String key, String versionId) {
        ObjectVersion v = lookup(bucket, key, versionId);
        if (v.deleteMarker()) {
            if (versionId == null || versionId.isEmpty()) throw ErrorCode.NO_SUCH_KEY.exception();
            throw ErrorCode.METHOD_NOT_ALLOWED.exception();
        }
        return v;
    }

    /** Replaces the tags of the addressed version in place (validated by the caller). */
    public ObjectVersion setTags(Bucket bucket, String key, String versionId, java.util.Map<String, String> tags) {
        ObjectVersion v = resolve(bucket.name(), key, versionId);
        return meta.objects().setTags(bucket.name(), key, v.versionId(), tags)
                .orElseThrow(versionId == null || versionId.isEmpty() ? ErrorCode.NO_SUCH_KEY::exception : ErrorCode.NO_SUCH_VERSION::exception);
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

    /**
     * What a DELETE did, for the response headers: the version id to echo (null: none) and whether
     * a delete marker was created or removed (VER-D1..D5).
     */
    public record Deletion(String versionId, boolean deleteMarker) {}

    public Deletion delete(Bucket bucket, String key, String versionId) {
        if (versionId != null && !versionId.isEmpty()) {
            checkVersionId(versionId);
            // VER-D4/D5: exactly that version or marker; a well-formed unknown id is a 204 no-op.
            var out = meta.objects().deleteVersion(bucket.name(), key, versionId);
            release(out.releasedBlobs());
            return new Deletion(versionId, out.removed().map(ObjectVersion::deleteMarker).orElse(false));
        }
        Instant now = clock.instant();
        VersioningState mode = bucket.versioning();
        String markerId = mode == VersioningState.ENABLED ? versionIds.next(now) : null;
        var out = meta.objects().deleteCurrent(bucket.name(), key, mode, markerId, now);
        release(out.releasedBlobs());
        return switch (mode) {
            case UNVERSIONED -> new Deletion(null, false);                        // VER-D1
            case ENABLED -> new Deletion(markerId, true);                         // VER-D2
            case SUSPENDED -> new Deletion(ObjectVersion.NULL_VERSION, true);     // VER-D3
        };
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
