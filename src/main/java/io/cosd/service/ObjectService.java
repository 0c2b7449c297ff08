package io.cosd.service;

import io.cosd.domain.lock.LockGuard;
import io.cosd.domain.acl.Acl;
import io.cosd.domain.acl.ObjectOwnership;

import io.cosd.domain.Refusal;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.lock.ObjectLock;
import io.cosd.domain.crypto.ChunkFormat;
import io.cosd.domain.crypto.Sealing;
import io.cosd.domain.object.BlobLayout;
import io.cosd.domain.object.ChecksumAlgorithm;
import io.cosd.domain.object.ObjectChecksum;
import io.cosd.domain.object.DeleteCondition;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.WriteCondition;
import io.cosd.domain.object.VersionIds;
import io.cosd.domain.replication.ReplicationStatus;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.StoreException;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.ObjectRepository;
import io.cosd.store.meta.ReplicationOutbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Object writes and reads. Write order (docs/storage.md): stream to a temp blob computing MD5 (a small
 * body of known length: into memory, "Small objects inline") → verify length and Content-MD5 → blob
 * commit (fsync, rename, shared dir fsync; inline: staged) → metadata transaction, group-committed
 * (the point of visibility; stores an inline body too) → delete blobs the transaction released.
 */
public final class ObjectService {
    private static final Logger log = LoggerFactory.getLogger(ObjectService.class);

    private final MetadataStore meta;
    private final BlobStore blobs;
    private final Clock clock;
    private final long maxPutBytes;
    private final VersionIds.Generator versionIds = new VersionIds.Generator();
    private final Replication replication;
    private volatile IntegrityEvents integrity = IntegrityEvents.NONE;
    /** Plain and decrypted streams over blobs (docs/encryption.md); tag failures come back to {@link #tampered}. */
    private final PlainStreams streams;
    /** New versions' blobs: small ones may be inline (docs/storage.md "Small objects inline"); parts and copies for parts use {@link #blobs}. */
    private final BlobStore versionBlobs;
    private final PlainStreams versionStreams;


    /** Which writes get a replication outbox row (docs/replication.md#engine), and a nudge for the worker after one did. */
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
        this.streams = new PlainStreams(blobs, this::tampered);
        this.versionBlobs = new VersionBlobs(blobs);
        this.versionStreams = new PlainStreams(versionBlobs, this::tampered);
    }

    /** ACL-O6: the setting read again when a version is committed; null (tests): never enforced. */
    private OwnershipService ownership;

    /** Wires the Object Ownership setting in (docs/acl.md "Object Ownership"); set once at wiring. */
    public ObjectService withOwnership(OwnershipService ownership) {
        this.ownership = ownership;
        return this;
    }

    /**
     * ACL-O6: the ACL a new version of {@code bucket} is committed with, the ownership setting read now (after
     * the body streamed, or at multipart completion) rather than when the write was accepted. A switch between
     * this read and the commit's transaction can still slip through; ACL-O3 then keeps it harmless while the
     * setting holds (the ACL in force is computed at read time) and the window is a few milliseconds.
     */
    public Acl aclAtCommit(Bucket bucket, Acl asked) {
        if (ownership == null) return asked;
        return ObjectOwnership.atCommit(ownership.effective(bucket), asked, bucket.ownerUin());
    }

    /** LOCK-2: the lock a new version is committed with (the bucket's default retention read at commit). */
    public interface LockDefaults {
        ObjectLock atCommit(Bucket bucket, ObjectLock asked, Instant now);

        LockDefaults NONE = (bucket, asked, now) -> asked;
    }

    private LockDefaults lockDefaults = LockDefaults.NONE;

    /** Wires object lock's default retention in (docs/object-lock.md); set once at wiring. */
    public ObjectService withLockDefaults(LockDefaults defaults) {
        this.lockDefaults = defaults;
        return this;
    }

    /** LOCK-2: the lock a new version of {@code bucket} gets, the bucket's default retention read now (at commit). */
    public ObjectLock lockAtCommit(Bucket bucket, ObjectLock asked, Instant now) {
        return lockDefaults.atCommit(bucket, asked, now);
    }
    /** Data keys for encryption at rest (docs/encryption.md); without it every encrypted write is refused. */
    private SseService sse = SseService.NONE;

    /** Wires encryption at rest in (docs/encryption.md); set once at wiring. */
    public ObjectService withSse(SseService keys) {
        this.sse = keys;
        return this;
    }

    public SseService sse() { return sse; }

    /** Where read-integrity failures are counted (the server's metrics); set once at wiring. */
    public ObjectService withIntegrityEvents(IntegrityEvents events) {
        this.integrity = events;
        return this;
    }

    public ObjectVersion put(Bucket bucket, PutCommand c, InputStream body) {
        return put(bucket, c, body, WriteCondition.NONE);
    }

    /**
     * A put whose new version becomes current only if {@code condition} holds (OBJ-CW1..CW4). The body
     * is streamed to its own blob first, as for any put; the condition is checked in the metadata
     * transaction that would make the version current, and a refused write's blob is deleted unseen.
     */
    public ObjectVersion put(Bucket bucket, PutCommand c, InputStream body, WriteCondition condition) {
        // A condition that already fails is answered before a byte of the body is stored; the check
        // that counts is the one in the transaction (a version may appear while the body streams).
        if (!condition.isNone()) condition.check(meta.objects().latest(bucket.name(), c.key(), bucket.incarnation())); // AUTH-15
        Sealing key = c.sse() == null ? null : sse.newKey(c.sse()); // SSE-1: a fresh data key per object
        BlobStreams.Written w = BlobStreams.write(versionBlobs, body, c.expectedLength(), c.contentMd5(), maxPutBytes, c.checksum(),
                c.checksumValue(), dataKey(key));
        return record(bucket, c, w.blobId(), w.size(), w.etag(key), w.crc64(), w.checksum(), condition, key);
    }

    private static byte[] dataKey(Sealing key) {
        return key == null ? null : key.dataKey();
    }

    /**
     * A replica pushed by another region's replication worker (REP-R2): same version id and
     * creation time as the source, status REPLICA, never re-replicated (REP-R5). Idempotent: a
     * repeated delivery of the same version changes nothing (docs/replication.md#engine, "Exactly once, nothing lost").
     * {@code etag}: the source's ETag when it is not the bytes' MD5 (multipart), else null.
     */
    public ObjectVersion putReplica(Bucket bucket, PutCommand c, InputStream body, String versionId, Instant createdAt, String etag) {
        // No single-PUT size limit: the source may hold a multipart object far above it.
        Sealing key = c.sse() == null ? null : sse.newKey(c.sse()); // the replica encrypted as this region's write asks
        BlobStreams.Written w = BlobStreams.write(versionBlobs, body, c.expectedLength(), c.contentMd5(), Long.MAX_VALUE, c.checksum(),
                c.checksumValue(), dataKey(key));
        ObjectVersion draft = ObjectVersion.builder(bucket.name(), c.key()).versionId(versionId).latest(true).size(w.size())
                .etag(etag != null ? etag : w.etag()).storageClass(c.storageClass()).content(c.content())
                .userMetadata(c.userMetadata()).tags(c.tags()).replicationStatus(ReplicationStatus.REPLICA).blobId(w.blobId())
                .lastModified(Instant.ofEpochMilli(createdAt.toEpochMilli()))
                .crc64(w.crc64()).checksum(w.checksum()) // CRC64 (and the checksum asked for) of the bytes as they arrived
                .encryption(key == null ? null : key.meta())
                // REP-V11: a replica takes the destination's own default retention (the source's lock is not sent)
                .lock(lockAtCommit(bucket, ObjectLock.NONE, clock.instant())).build();
        ObjectRepository.PutOutcome out;
        try {
            out = meta.objects().putReplica(draft, bucket.incarnation()); // AUTH-13
        } catch (RuntimeException e) {
            if (!StoreException.mayHaveCommitted(e)) blobs.delete(w.blobId()); // ST-P1: a maybe-committed row may name it
            throw e;
        }
        if (!w.blobId().equals(out.stored().blobId())) release(List.of(w.blobId())); // a repeated delivery
        return out.stored();
    }

    /** Whether a new version of {@code key} is replicated (multipart completion asks too); null: no. */
    public ReplicationOutbox.Request replicationFor(Bucket bucket, String key) {
        return replication.forPut(bucket, key);
    }

    public void replicationEnqueued() {
        replication.enqueued();
    }

    /** The delete-marker twin of {@link #putReplica}. */
    public ObjectVersion deleteMarkerReplica(Bucket bucket, String key, String versionId, Instant createdAt) {
        return meta.objects().putMarkerReplica(bucket.name(), key, versionId, createdAt, bucket.incarnation()); // AUTH-13
    }

    /**
     * Copies {@code source}'s bytes (one blob, or every part of a multipart object) into one new blob
     * by zero-copy transfer and records {@code target} with the source's ETag and CRC64 (the bytes
     * are the same; a source without a CRC64 gives a copy without one, as on COS).
     */
    public ObjectVersion copy(Bucket bucket, ObjectVersion source, PutCommand target) {
        return copy(bucket, source, target, WriteCondition.NONE);
    }

    /** As {@link #copy(Bucket, ObjectVersion, PutCommand)}, if {@code condition} holds for the destination (OBJ-CW5). */
    public ObjectVersion copy(Bucket bucket, ObjectVersion source, PutCommand target, WriteCondition condition) {
        return copy(bucket, source, null, target, condition);
    }

    /**
     * As {@link #copy(Bucket, ObjectVersion, PutCommand, WriteCondition)}, for a source whose data key
     * the caller opened ({@link SseService#open}: an SSE-C source needs the copy-source key) or null
     * (opened here: SSE-S3 and KMS need no key from the client). SSE-11: an encrypted source or an
     * encrypted destination is copied through plaintext and re-encrypted under the destination's own
     * fresh data key; two plain ones move by zero-copy transfer.
     */
    public ObjectVersion copy(Bucket bucket, ObjectVersion source, Sealing sourceKey, PutCommand target, WriteCondition condition) {
        return copy(bucket, null, source, sourceKey, target, condition);
    }

    /**
     * As {@link #copy(Bucket, ObjectVersion, Sealing, PutCommand, WriteCondition)}, with the source's
     * parts read in {@code sourceBucket}'s row only (AUTH-15), the one its GET was authorized on; null: any.
     */
    public ObjectVersion copy(Bucket bucket, Bucket sourceBucket, ObjectVersion source, Sealing sourceKey, PutCommand target,
                              WriteCondition condition) {
        // As for a put: a condition that already fails copies no byte; the transaction's check decides.
        if (!condition.isNone()) condition.check(meta.objects().latest(bucket.name(), target.key(), bucket.incarnation())); // AUTH-15
        // A damaged source is refused (StorageFault) rather than copied; one replaced meanwhile is gone.
        BlobLayout layout = (sourceBucket == null ? workerLayout(source) : layout(sourceBucket, source)).filter(l -> verifyReadable(source, l) == ReadCheck.OK)
                .orElseThrow(() -> new Refusal(Refusal.Reason.NO_SUCH_KEY));
        // OBJ-K9: an algorithm asked for is computed over the bytes copied; else the source's FULL_OBJECT checksum
        // is the copy's (same bytes), and a COMPOSITE one is recomputed as FULL_OBJECT (the copy has one part).
        ObjectChecksum kept = source.checksum();
        ChecksumAlgorithm compute = target.checksum() != null ? target.checksum()
                : kept != null && kept.type() == ObjectChecksum.Type.COMPOSITE ? kept.algorithm() : null;
        if (source.encryption() == null && target.sse() == null) {
            BlobStreams.Written w;
            try {
                w = BlobStreams.copy(versionBlobs, layout.extents(), false, compute);
            } catch (IOException e) {
                throw new IllegalStateException("copy failed", e);
            }
            return record(bucket, target, w.blobId(), w.size(), source.etag(), source.crc64(),
                    compute != null ? w.checksum() : kept, condition, null);
        }
        // SSE-11: through the plaintext, re-encrypted under the destination's fresh data key; checksums are the plaintext's.
        Sealing from = sourceKey != null ? sourceKey : sse.open(source.encryption(), null);
        Sealing to = target.sse() == null ? null : sse.newKey(target.sse());
        BlobStreams.Written w = versionStreams.copy(source, from, layout, 0, source.size(), to, compute);
        // SSE-6: an SSE-C source's ETag is not its bytes' MD5 and an SSE-C destination's must not be: either way the
        // copy's is computed from the bytes just copied; otherwise it keeps the source's, as every copy does.
        boolean sseC = io.cosd.domain.crypto.Encryption.customerKeyed(source.encryption())
                || to != null && io.cosd.domain.crypto.Encryption.customerKeyed(to.meta());
        return record(bucket, target, w.blobId(), w.size(), sseC ? w.etag(to) : source.etag(), source.crc64(),
                compute != null ? w.checksum() : kept, condition, to);
    }

    private ObjectVersion record(Bucket bucket, PutCommand c, String blobId, long size, String etag, Long crc64,
                                 ObjectChecksum checksum, WriteCondition condition, Sealing key) {
        Instant now = clock.instant();
        ReplicationOutbox.Request rep;
        ObjectRepository.PutOutcome out;
        try {
            rep = replication.forPut(bucket, c.key()); // REP-R1, in the version's transaction
            ObjectVersion draft = ObjectVersion.builder(bucket.name(), c.key()).versionId(newVersionId(bucket, now)).latest(true)
                    .size(size).etag(etag).storageClass(c.storageClass()).content(c.content()).userMetadata(c.userMetadata())
                    .tags(c.tags()).replicationStatus(rep == null ? null : ReplicationStatus.PENDING).blobId(blobId)
                    .lastModified(now).crc64(crc64).acl(aclAtCommit(bucket, c.acl())).checksum(checksum)
                    .encryption(key == null ? null : key.meta())
                    .lock(lockAtCommit(bucket, c.lock(), now)).build(); // LOCK-4: in the version's own transaction
            CommitPause.before(c.key()); // a test hook, off unless set: a node frozen between rename and commit (SC-F1)
            // AUTH-13: into the bucket this request was authorized against, not a namesake created since
            out = meta.objects().put(draft, bucket.versioning(), rep, condition, bucket.incarnation());
        } catch (RuntimeException e) {
            // never referenced: a refused condition (OBJ-CW3) or a failed transaction; an inline
            // blob's staged bytes go too (docs/storage.md "Small objects inline"); but not when the
            // commit's answer was lost (ST-P1): the version may exist and name the blob
            if (!StoreException.mayHaveCommitted(e)) blobs.delete(blobId);
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

    /**
     * The version a request addresses, delete markers included: the current one when
     * {@code versionId} is null or empty (VER-I7), else exactly that version ("null" included).
     * Absent: NoSuchKey / NoSuchVersion; malformed id: InvalidArgument (VER-I8).
     */
    public ObjectVersion lookup(String bucket, String key, String versionId) {
        return lookup(bucket, key, versionId, Bucket.ANY_INCARNATION);
    }

    /**
     * As {@link #lookup(String, String, String)}, in the bucket row the request was authorized against
     * only (docs/security.md AUTH-15): a namesake created since is NoSuchBucket, never its version.
     */
    public ObjectVersion lookup(Bucket bucket, String key, String versionId) {
        return lookup(bucket.name(), key, versionId, bucket.incarnation());
    }

    private ObjectVersion lookup(String bucket, String key, String versionId, long incarnation) {
        if (versionId == null || versionId.isEmpty()) {
            return meta.objects().latest(bucket, key, incarnation).orElseThrow(() -> new Refusal(Refusal.Reason.NO_SUCH_KEY));
        }
        checkVersionId(versionId);
        return meta.objects().version(bucket, key, versionId, incarnation).orElseThrow(() -> new Refusal(Refusal.Reason.NO_SUCH_VERSION));
    }

    public static void checkVersionId(String versionId) {
        if (!VersionIds.isWellFormed(versionId)) throw new Refusal(Refusal.Reason.INVALID_ARGUMENT, "Invalid version id specified");
    }

    /**
     * The version a sub-resource request (tagging) addresses. A current delete marker means the key
     * is gone (NoSuchKey); a delete marker named by id has no sub-resources (VER-G5: 405).
     */
    public ObjectVersion resolve(String bucket, String key, String versionId) {
        return resolve(bucket, key, versionId, Bucket.ANY_INCARNATION);
    }

    /** As {@link #resolve(String, String, String)}, in the authorized bucket row only (AUTH-15). */
    public ObjectVersion resolve(Bucket bucket, String key, String versionId) {
        return resolve(bucket.name(), key, versionId, bucket.incarnation());
    }

    private ObjectVersion resolve(String bucket, String key, String versionId, long incarnation) {
        ObjectVersion v = lookup(bucket, key, versionId, incarnation);
        if (v.deleteMarker()) {
            if (versionId == null || versionId.isEmpty()) throw new Refusal(Refusal.Reason.NO_SUCH_KEY);
            throw new Refusal(Refusal.Reason.VERSION_IS_DELETE_MARKER);
        }
        return v;
    }

    /** Replaces the tags of the addressed version in place (validated by the caller). */
    public ObjectVersion setTags(Bucket bucket, String key, String versionId, Map<String, String> tags) {
        ObjectVersion v = resolve(bucket, key, versionId);
        return meta.objects().setTags(bucket.name(), key, v.versionId(), tags, bucket.incarnation())
                .orElseThrow(() -> new Refusal(versionId == null || versionId.isEmpty() ? Refusal.Reason.NO_SUCH_KEY : Refusal.Reason.NO_SUCH_VERSION));
    }

    /** Replaces the ACL of the addressed version in place (ACL-S1); null: none of its own (private, ACL-C2). */
    public ObjectVersion setAcl(Bucket bucket, String key, String versionId, Acl acl) {
        ObjectVersion v = resolve(bucket, key, versionId);
        return meta.objects().setAcl(bucket.name(), key, v.versionId(), acl, bucket.incarnation())
                .orElseThrow(() -> new Refusal(versionId == null || versionId.isEmpty() ? Refusal.Reason.NO_SUCH_KEY : Refusal.Reason.NO_SUCH_VERSION));
    }

    /**
     * Where {@code v}'s bytes are: its blob, or its parts' blobs in order for a completed multipart
     * version. Empty if a multipart version was replaced or removed since it was read. The worker
     * form: it reads the parts in any bucket row of the name, so it is for callers that hold no
     * request's bucket read (restore, SSE-13's restored copy); a request, and the replication worker, which
     * reads in the bucket row its outbox row was written in, read through
     * {@link #layout(Bucket, ObjectVersion)} (AUTH-15, {@code UncheckedIncarnationCallersTest}).
     */
    public Optional<BlobLayout> workerLayout(ObjectVersion v) {
        if (v.partsCount() == 0) return Optional.of(BlobLayout.single(v.blobId(), v.size()));
        return meta.uploads().objectParts(v.bucket(), v.key(), v.versionId(), v.seq()).map(BlobLayout::ofParts);
    }

    /** As {@link #workerLayout(ObjectVersion)}, for a read authorized against {@code bucket}'s row (AUTH-15). */
    public Optional<BlobLayout> layout(Bucket bucket, ObjectVersion v) {
        if (v.partsCount() == 0) return Optional.of(BlobLayout.single(v.blobId(), v.size())); // the row was read in that bucket
        return meta.uploads().objectParts(v.bucket(), v.key(), v.versionId(), v.seq(), bucket.incarnation()).map(BlobLayout::ofParts);
    }

    /**
     * A completed multipart version's parts (number, size) as stored at completion, in part-number
     * order (GetObjectAttributes, OBJ-A3), read in {@code bucket}'s row only (AUTH-15); empty if the
     * version was replaced or removed since it was read.
     */
    public Optional<List<io.cosd.domain.object.UploadedPart>> parts(Bucket bucket, ObjectVersion v) {
        return meta.uploads().objectParts(v.bucket(), v.key(), v.versionId(), v.seq(), bucket.incarnation());
    }

    /**
     * {@code v}'s bytes as one stream (the replication worker's request body): each extent's blob is
     * opened lazily, so a multipart object streams part after part without buffering.
     *
     * @throws java.nio.file.NoSuchFileException if the version was replaced or removed meanwhile
     */
    public InputStream openStream(Bucket bucket, ObjectVersion v) throws IOException {
        return openStream(bucket, v, 0, v.size());
    }

    /**
     * Bytes {@code [start, start + length)} of {@code v}, opened the same lazy way (a part of a multipart push).
     * {@code bucket}: the row {@code v} was read in; a multipart version's parts are read in that row only (AUTH-15).
     */
    public InputStream openStream(Bucket bucket, ObjectVersion v, long start, long length) throws IOException {
        BlobLayout layout = layout(bucket, v).orElseThrow(() -> new NoSuchFileException(v.key()));
        // SSE-12: the plaintext of an encrypted version (SSE-S3, KMS); an SSE-C one cannot be opened without its key.
        if (v.encryption() != null) return streams.plain(v, sse.open(v.encryption(), null), layout, start, length);
        return streams.raw(layout, start, length);
    }

    /** The outcome of {@link #verifyReadable}: the bytes are where the metadata says, or the version changed meanwhile. */
    public enum ReadCheck { OK, CHANGED }

    /**
     * Before any byte or header of {@code v} is served (GET, HEAD, copy source): a version the
     * scrubber marked damaged, or whose blobs are missing or not the size its metadata says, is
     * refused with {@link StorageFault} DAMAGED and counted (docs/storage.md "Read integrity and
     * scrubbing"). Bodies go out by sendfile, so their content is not checked here; size and
     * presence are, with one stat per blob. A blob that vanished because a write replaced the
     * version since it was read is not damage: CHANGED, read again.
     *
     * @param layout {@code v}'s whole blobs (from {@link #layout(Bucket, ObjectVersion)}, or a restored copy's single blob);
     *               cold-tier blobs are gzip, so only their presence is checked
     */
    public ReadCheck verifyReadable(ObjectVersion v, BlobLayout layout) {
        return verifyReadable(v, layout, () -> changed(v));
    }

    /** As {@link #verifyReadable(ObjectVersion, BlobLayout)}; {@code changed} says whether a missing blob was released meanwhile. */
    public ReadCheck verifyReadable(ObjectVersion v, BlobLayout layout, BooleanSupplier changed) {
        if (v.damage() != null) {
            integrity.readFailure("marked");
            // The client gets the kind (crc64, size, ...); the detail may hold a blob's path from an
            // IOException and stays in the log and the scrub report.
            int colon = v.damage().indexOf(':');
            String kind = colon < 0 ? v.damage() : v.damage().substring(0, colon);
            log.error("read integrity: {} is marked damaged: {}", what(v), v.damage());
            throw StorageFault.damaged("The stored data of " + what(v) + " is damaged (" + kind + ") and cannot be served.");
        }
        for (BlobLayout.Extent e : layout.extents()) {
            long actual;
            try {
                actual = blobs.size(e.blobId());
            } catch (NoSuchFileException x) {
                if (changed.getAsBoolean()) return ReadCheck.CHANGED;
                integrity.readFailure("missing");
                log.error("read integrity: {} has no blob {}", what(v), e.blobId());
                throw StorageFault.damaged("The stored data of " + what(v) + " is missing and cannot be served.");
            } catch (IOException x) {
                integrity.readFailure("missing");
                log.error("read integrity: blob {} of {} cannot be read", e.blobId(), what(v), x);
                throw StorageFault.damaged("The stored data of " + what(v) + " cannot be read.");
            }
            if (TieredBlobStore.isCold(e.blobId())) continue; // compressed: its size is not the object's
            long expected = v.encryption() == null ? e.position() + e.length() : ChunkFormat.cipherSize(e.position() + e.length()); // SSE-2
            if (actual != expected) {
                if (changed.getAsBoolean()) return ReadCheck.CHANGED;
                integrity.readFailure("size");
                log.error("read integrity: blob {} of {} has {} bytes, metadata says {}", e.blobId(), what(v), actual, expected);
                throw StorageFault.damaged("The stored data of " + what(v) + " has the wrong size (" + actual + " bytes instead of "
                        + expected + ") and cannot be served.");
            }
        }
        return ReadCheck.OK;
    }

    /**
     * Marks {@code v} damaged (ST-I6) unless it changed since it was read; logged and counted.
     * For the background copies that find bad bytes on their way (ST-I10).
     */
    void markDamaged(ObjectVersion v, String kindAndDetail) {
        // One statement: the UPDATE marks only the very version read (its seq, blob id, write time and
        // ETag), never one that replaced it or a namesake's of the same key and seq (AUTH-13).
        if (!meta.objects().markDamaged(v, kindAndDetail, clock.instant())) return;
        log.error("read integrity: {}/{} version {} is damaged: {}", v.bucket(), v.key(), v.versionId(), kindAndDetail);
        integrity.damageFound(kindAndDetail.substring(0, Math.max(0, kindAndDetail.indexOf(':'))));
    }

    /**
     * Plaintext bytes {@code [start, start + length)} of the encrypted blob open on {@code ch}, one
     * extent of {@code v} (docs/encryption.md "Ranges", SSE-2): only the covering chunks are read. A
     * chunk that does not authenticate is counted and marks {@code v} damaged (SSE-4); when it is the
     * first of an eager stream, the read is refused here with the ST-I1 error, so no header of a bad
     * answer goes out.
     */
    public InputStream openPlain(ObjectVersion v, Sealing key, FileChannel ch, long start, long length, boolean eager) {
        return streams.plain(v, key, ch, start, length, eager);
    }

    /** SSE-13: the restored copy of an archived encrypted version ({@link PlainStreams#restoredCopy}). */
    String restoredCopy(ObjectVersion v) throws IOException {
        BlobLayout layout = workerLayout(v).orElseThrow(() -> new NoSuchFileException(v.key()));
        return streams.restoredCopy(v, layout, v.partsCount() == 0 ? null : sse.open(v.encryption(), null));
    }

    /** SSE-11, SSE-14: {@link PlainStreams#copy}. */
    BlobStreams.Written copyPlain(ObjectVersion source, Sealing from, BlobLayout layout, long start, long length, Sealing to,
                                  ChecksumAlgorithm checksum) {
        return streams.copy(source, from, layout, start, length, to, checksum);
    }

    private void tampered(ObjectVersion v, String detail) {
        integrity.readFailure("sse-tag");
        log.error("read integrity: {} does not authenticate: {}", what(v), detail);
        markDamaged(v, "sse-tag: " + detail);
    }

    static String what(ObjectVersion v) {
        return v.bucket() + "/" + v.key() + " version " + v.versionId();
    }

    /** Whether {@code v} was replaced or removed since it was read (its blob may have been released). */
    public boolean changed(ObjectVersion v) {
        return meta.objects().version(v.bucket(), v.key(), v.versionId())
                // seq and blob id alone do not tell a namesake's version (AUTH-13): a re-created bucket's seqs
                // start at 1 again and a multipart version has no blob id; its write time and ETag do
                .map(now -> now.seq() != v.seq() || !Objects.equals(now.blobId(), v.blobId())
                        || !Objects.equals(now.lastModified(), v.lastModified()) || !Objects.equals(now.etag(), v.etag()))
                .orElse(true);
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
        return delete(bucket, key, versionId, DeleteCondition.NONE);
    }

    /**
     * A delete that happens only if {@code condition} holds for what it addresses (OBJ-CD1..CD3): the
     * current version (a delete marker included) or the version named. A key with no version is left
     * alone: 204 and nothing made (no delete marker), as nothing matched.
     */
    public Deletion delete(Bucket bucket, String key, String versionId, DeleteCondition condition) {
        return delete(bucket, key, versionId, condition, false);
    }

    /**
     * As {@link #delete(Bucket, String, String, DeleteCondition)}. A delete by version id removes the
     * version only if its lock allows it (LOCK-5), checked in the delete's transaction;
     * {@code bypassGovernance}: the caller asked to bypass GOVERNANCE retention and holds
     * s3:BypassGovernanceRetention. A delete without a version id only adds a marker in a lock
     * bucket (always Enabled), which a lock does not forbid.
     */
    public Deletion delete(Bucket bucket, String key, String versionId, DeleteCondition condition, boolean bypassGovernance) {
        if (versionId != null && !versionId.isEmpty()) {
            checkVersionId(versionId);
            // VER-D4/D5: exactly that version or marker; a well-formed unknown id is a 204 no-op.
            var guard = new LockGuard(bypassGovernance, clock.instant());
            var out = meta.objects().deleteVersion(bucket.name(), key, versionId, condition, guard, bucket.incarnation()); // AUTH-13
            release(out.releasedBlobs());
            return new Deletion(versionId, out.removed().map(ObjectVersion::deleteMarker).orElse(false));
        }
        Instant now = clock.instant();
        VersioningState mode = bucket.versioning();
        String markerId = mode == VersioningState.ENABLED ? versionIds.next(now) : null;
        ReplicationOutbox.Request rep = mode == VersioningState.ENABLED ? replication.forDeleteMarker(bucket, key) : null; // REP-R3
        var out = meta.objects().deleteCurrent(bucket.name(), key, mode, markerId, now, rep, condition, bucket.incarnation()); // AUTH-13
        if (rep != null && out.marker().isPresent()) replication.enqueued();
        release(out.releasedBlobs());
        // OBJ-CD2: a conditional delete of a key with no version made no marker and names none.
        if (!condition.isNone() && out.removed().isEmpty() && out.marker().isEmpty()) return new Deletion(null, false);
        return switch (mode) {
            case UNVERSIONED -> new Deletion(null, false);                        // VER-D1
            case ENABLED -> new Deletion(markerId, true);                         // VER-D2
            case SUSPENDED -> new Deletion(ObjectVersion.NULL_VERSION, true);     // VER-D3
        };
    }

    /** Deletes blobs whose rows a committed transaction removed; a failure is left to start-up's collection. */
    public void release(List<String> ids) {
        for (String id : ids) {
            try {
                blobs.delete(id);
            } catch (RuntimeException e) {
                log.warn("could not delete released blob {}; start-up will collect it", id, e);
            }
        }
    }

}
