package io.cosd.service;

import io.cosd.api.error.ErrorCode;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.VersionIds;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.ObjectRepository;
import io.cosd.store.meta.ReplicationOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
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
    private final VersionIds.Generator versionIds = new VersionIds.Generator();
    private final Replication replication;

    /** Stored status of a replica (REP-S1); the COS dialect shows it as {@code Replica}. */
    public static final String REPLICA = "REPLICA";

    /** Which writes get a replication outbox row (issue 8), and a nudge for the worker after one did. */
    public interface Replication {
        ReplicationOutbox.Request forPut(Bucket bucket, String key);

        ReplicationOutbox.Request forDeleteMarker(Bucket bucket, String key);

        default void enqueued() { }

        Replication NONE = new Replication() {
            @Override public ReplicationOutbox.Request forPut(Bucket bucket, String key) { return null; }

            @Override public ReplicationOutbox.Request forDeleteMarker(Bucket bucket, String key) { return null; }
        };
    }

    public ObjectService(MetadataStore meta, BlobStore blobs, Clock clock, long maxPutBytes) {
        this(meta, blobs, clock, maxPutBytes, Replication.NONE);
    }

    public ObjectService(MetadataStore meta, BlobStore blobs, Clock clock, long maxPutBytes, Replication replication) {
        this.meta = meta;
        this.blobs = blobs;
        this.clock = clock;
        this.maxPutBytes = maxPutBytes;
        this.replication = replication;
    }

    public ObjectVersion put(Bucket bucket, PutCommand c, InputStream body) {
        Written w = write(c, body);
        return record(bucket, c, w.blobId, w.size, w.etag);
    }

    /**
     * A replica pushed by another region's replication worker (REP-R2): same version id and
     * creation time as the source, status REPLICA, never re-replicated (REP-R5). Idempotent: a
     * repeated delivery of the same version changes nothing (issue 8 "exactly once").
     */
    public ObjectVersion putReplica(Bucket bucket, PutCommand c, InputStream body, String versionId, Instant createdAt) {
        Written w = write(c, body);
        ObjectVersion draft = new ObjectVersion(bucket.name(), c.key(), versionId, 0, true, false, w.size, w.etag,
                c.storageClass(), c.content(), c.userMetadata(), c.tags(), REPLICA, w.blobId, 0,
                Instant.ofEpochMilli(createdAt.toEpochMilli()), null);
        ObjectRepository.PutOutcome out;
        try {
            out = meta.objects().putReplica(draft);
        } catch (RuntimeException e) {
            blobs.delete(w.blobId);
            throw e;
        }
        if (!w.blobId.equals(out.stored().blobId())) release(List.of(w.blobId)); // a repeated delivery
        return out.stored();
    }

    /** The delete-marker twin of {@link #putReplica}. */
    public ObjectVersion deleteMarkerReplica(Bucket bucket, String key, String versionId, Instant createdAt) {
        return meta.objects().putMarkerReplica(bucket.name(), key, versionId, createdAt);
    }

    private record Written(String blobId, long size, String etag) {}

    private Written write(PutCommand c, InputStream body) {
        BlobStore.Writer w = null;
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
            String blobId = w.commit();
            w = null;
            return new Written(blobId, size, "\"" + HexFormat.of().formatHex(digest) + "\"");
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
        Instant now = clock.instant();
        ReplicationOutbox.Request rep = replication.forPut(bucket, c.key()); // REP-R1, in the version's transaction
        ObjectVersion draft = new ObjectVersion(bucket.name(), c.key(), newVersionId(bucket, now), 0, true, false, size, etag,
                c.storageClass(), c.content(), c.userMetadata(), c.tags(), rep == null ? null : ReplicationOutbox.PENDING,
                blobId, 0, now, null);
        ObjectRepository.PutOutcome out;
        try {
            out = meta.objects().put(draft, bucket.versioning(), rep);
        } catch (RuntimeException e) {
            blobs.delete(blobId);
            throw e;
        }
        if (rep != null) replication.enqueued();
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

    public FileChannel open(ObjectVersion v) throws IOException {
        return blobs.open(v.blobId());
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
        ReplicationOutbox.Request rep = mode == VersioningState.ENABLED ? replication.forDeleteMarker(bucket, key) : null; // REP-R3
        var out = meta.objects().deleteCurrent(bucket.name(), key, mode, markerId, now, rep);
        if (rep != null) replication.enqueued();
        release(out.releasedBlobs());
        return switch (mode) {
            case UNVERSIONED -> new Deletion(null, false);                        // VER-D1
            case ENABLED -> new Deletion(markerId, true);                         // VER-D2
            case SUSPENDED -> new Deletion(ObjectVersion.NULL_VERSION, true);     // VER-D3
        };
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
