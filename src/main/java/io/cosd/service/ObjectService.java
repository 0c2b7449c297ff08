package io.cosd.service;

import io.cosd.api.error.ErrorCode;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.ObjectRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Object writes and reads. Write order (docs/storage.md): stream to a temp blob computing MD5 →
 * verify length and Content-MD5 → blob commit (fsync, rename, dir fsync) → metadata transaction
 * (the point of visibility) → delete blobs the transaction released.
 */
public final class ObjectService {
    private static final Logger log = LoggerFactory.getLogger(ObjectService.class);
    private static final int BUF = 256 * 1024;

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
        BlobStore.Writer w = null;
        String blobId = null;
        try {
            w = blobs.create();
            MessageDigest md5 = md5();
            byte[] buf = new byte[BUF];
            ByteBuffer bb = ByteBuffer.wrap(buf);
            long size = 0;
            for (int n; (n = body.read(buf)) > 0; ) {
                size += n;
                if (size > maxPutBytes) throw ErrorCode.ENTITY_TOO_LARGE.exception();
                md5.update(buf, 0, n);
                bb.clear().limit(n);
                while (bb.hasRemaining()) w.write(bb);
            }
            if (c.expectedLength() >= 0 && size != c.expectedLength()) throw ErrorCode.INCOMPLETE_BODY.exception();
            byte[] digest = md5.digest();
            if (c.contentMd5() != null && !MessageDigest.isEqual(digest, c.contentMd5())) throw ErrorCode.BAD_DIGEST.exception();
            blobId = w.commit();
            w = null;
            return record(bucket, c, blobId, size, "\"" + HexFormat.of().formatHex(digest) + "\"");
        } catch (IOException e) {
            throw ErrorCode.INCOMPLETE_BODY.exception(e.getMessage());
        } finally {
            if (w != null) w.abort();
        }
    }

    /** Copies {@code source}'s bytes into a new blob (zero-copy transfer) and records {@code target}. */
    public ObjectVersion copy(Bucket bucket, ObjectVersion source, PutCommand target) {
        String blobId = null;
        BlobStore.Writer w = null;
        try (FileChannel in = blobs.open(source.blobId())) {
            w = blobs.create();
            long pos = 0, size = in.size();
            while (pos < size) pos += in.transferTo(pos, size - pos, w);
            blobId = w.commit();
            w = null;
            return record(bucket, target, blobId, size, source.etag());
        } catch (IOException e) {
            throw new IllegalStateException("copy failed", e);
        } finally {
            if (w != null) w.abort();
        }
    }

    private ObjectVersion record(Bucket bucket, PutCommand c, String blobId, long size, String etag) {
        VersioningState mode = bucket.versioning();
        ObjectVersion draft = new ObjectVersion(bucket.name(), c.key(), ObjectVersion.NULL_VERSION, 0, true, false, size, etag,
                c.storageClass(), c.content(), c.userMetadata(), c.tags(), null, blobId, 0, clock.instant(), null);
        ObjectRepository.PutOutcome out;
        try {
            out = meta.objects().put(draft, mode == VersioningState.ENABLED ? VersioningState.SUSPENDED : mode);
        } catch (RuntimeException e) {
            blobs.delete(blobId);
            throw e;
        }
        release(out.releasedBlobs());
        return out.stored();
    }

    public Optional<ObjectVersion> current(String bucket, String key) {
        return meta.objects().latest(bucket, key).filter(v -> !v.deleteMarker());
    }

    /**
     * The version a sub-resource request addresses: the current one when {@code versionId} is null,
     * else exactly that version. A delete marker has no sub-resources (VER-G5: 405 MethodNotAllowed).
     */
    public ObjectVersion resolve(String bucket, String key, String versionId) {
        if (versionId == null) return current(bucket, key).orElseThrow(ErrorCode.NO_SUCH_KEY::exception);
        if (versionId.isEmpty()) throw ErrorCode.INVALID_ARGUMENT.exception("Version id cannot be the empty string.");
        ObjectVersion v = meta.objects().version(bucket, key, versionId).orElseThrow(ErrorCode.NO_SUCH_VERSION::exception);
        if (v.deleteMarker()) throw ErrorCode.METHOD_NOT_ALLOWED.exception();
        return v;
    }

    /** Replaces the tags of the addressed version in place (validated by the caller). */
    public ObjectVersion setTags(Bucket bucket, String key, String versionId, java.util.Map<String, String> tags) {
        ObjectVersion v = resolve(bucket.name(), key, versionId);
        return meta.objects().setTags(bucket.name(), key, v.versionId(), tags)
                .orElseThrow(versionId == null ? ErrorCode.NO_SUCH_KEY::exception : ErrorCode.NO_SUCH_VERSION::exception);
    }

    public FileChannel open(ObjectVersion v) throws IOException {
        return blobs.open(v.blobId());
    }

    public void delete(Bucket bucket, String key) {
        var out = meta.objects().deleteCurrent(bucket.name(), key, VersioningState.UNVERSIONED, null, clock.instant());
        release(out.releasedBlobs());
    }

    private void release(List<String> ids) {
        for (String id : ids) {
            try {
                blobs.delete(id);
            } catch (RuntimeException e) {
                log.warn("could not delete released blob {}; start-up will collect it", id, e);
            }
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
