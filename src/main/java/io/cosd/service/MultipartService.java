package io.cosd.service;

import io.cosd.domain.acl.Acl;
import io.cosd.domain.lock.ObjectLock;

import io.cosd.domain.Refusal;
import io.cosd.domain.crypto.EncryptionRequest;
import io.cosd.domain.crypto.Sealing;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.object.BlobLayout;
import io.cosd.domain.object.ChecksumAlgorithm;
import io.cosd.domain.object.MultipartChecksums;
import io.cosd.domain.object.ObjectChecksum;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.MultipartCompletion;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.object.UploadedPart;
import io.cosd.domain.object.WriteCondition;
import io.cosd.domain.replication.ReplicationStatus;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.meta.StoreException;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.UploadRepository;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Multipart upload use cases. A part streams into its own blob (same write order as a PUT, see
 * docs/storage.md), then one transaction records it. Completion copies no byte: it moves part rows
 * to the new object version in one transaction (cost grows with the part count, not the size).
 * Blobs released by a transaction are deleted after its commit; a part whose upload vanished
 * (aborted or completed meanwhile) has its blob deleted at once.
 */
public final class MultipartService {
    /** Retries of a completion that raced an UploadPart replacing one of its parts. */
    private static final int COMPLETE_ATTEMPTS = 5;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MetadataStore meta;
    private final BlobStore blobs;
    private final ObjectService objects;
    private final Clock clock;
    private final long maxPartBytes;
    private final long minPartSize;
    private final int maxParts;

    public MultipartService(MetadataStore meta, BlobStore blobs, ObjectService objects, Clock clock,
                            long maxPartBytes, long minPartSize, int maxParts) {
        this.meta = meta;
        this.blobs = blobs;
        this.objects = objects;
        this.clock = clock;
        this.maxPartBytes = maxPartBytes;
        this.minPartSize = minPartSize;
        this.maxParts = maxParts;
    }

    public MultipartUpload initiate(Bucket bucket, String key, StorageClass storageClass, ContentHeaders content,
                                    Map<String, String> userMetadata, Map<String, String> tags, String initiatorUin) {
        return initiate(bucket, key, storageClass, content, userMetadata, tags, initiatorUin, null);
    }

    /** @param acl the completed object's own ACL (ACL-C1), or null: none of its own, private (ACL-C2) */
    public MultipartUpload initiate(Bucket bucket, String key, StorageClass storageClass, ContentHeaders content,
                                    Map<String, String> userMetadata, Map<String, String> tags, String initiatorUin, Acl acl) {
        return initiate(bucket, key, storageClass, content, userMetadata, tags, initiatorUin, acl, null, null, ObjectLock.NONE, null);
    }

    /** As above, encrypted as {@code ask} says (SSE-14); see the full form. */
    public MultipartUpload initiate(Bucket bucket, String key, StorageClass storageClass, ContentHeaders content,
                                    Map<String, String> userMetadata, Map<String, String> tags, String initiatorUin, Acl acl,
                                    EncryptionRequest ask) {
        return initiate(bucket, key, storageClass, content, userMetadata, tags, initiatorUin, acl, null, null, ObjectLock.NONE, ask);
    }

    /**
     * @param checksum     the additional checksum every part gets and the object's is made of (OBJ-K5), or null
     * @param checksumType the type asked for ({@code x-amz-checksum-type}), or null: the algorithm's default
     * @param lock         the retention and legal hold the completed object gets (LOCK-2), stored with the upload
     * @param ask          how the upload is encrypted (SSE-14): the upload's one data key is drawn now and kept
     *                     wrapped on the upload; every part is sealed under it (each blob with its own nonce prefix)
     *                     and the completed object takes it over. Null: in the clear.
     */
    public MultipartUpload initiate(Bucket bucket, String key, StorageClass storageClass, ContentHeaders content,
                                    Map<String, String> userMetadata, Map<String, String> tags, String initiatorUin, Acl acl,
                                    ChecksumAlgorithm checksum, ObjectChecksum.Type checksumType, ObjectLock lock, EncryptionRequest ask) {
        ObjectChecksum.Type type = MultipartChecksums.initiate(checksum, checksumType);
        var u = new MultipartUpload(newUploadId(clock.millis()), bucket.name(), key, clock.instant(), storageClass, content,
                userMetadata, tags, initiatorUin, acl, checksum, type, lock, ask == null ? null : objects.sse().newKey(ask).meta());
        meta.uploads().create(u, bucket.incarnation()); // AUTH-13
        return u;
    }

    public MultipartUpload find(Bucket bucket, String key, String uploadId) {
        return meta.uploads().find(bucket.name(), key, uploadId, bucket.incarnation()).orElseThrow(() -> new Refusal(Refusal.Reason.NO_SUCH_UPLOAD));
    }

    /** Streams the body into a new blob and records it as part {@code partNumber}. */
    public UploadedPart uploadPart(Bucket bucket, String key, String uploadId, int partNumber, long expectedLength,
                                   byte[] contentMd5, InputStream body) {
        return uploadPart(bucket, key, uploadId, partNumber, expectedLength, contentMd5, body, null, null, null);
    }

    /** As above; {@code customerKey}: the SSE-C key the request carried (SSE-14: an SSE-C upload's every part needs it). */
    public UploadedPart uploadPart(Bucket bucket, String key, String uploadId, int partNumber, long expectedLength,
                                   byte[] contentMd5, InputStream body, byte[] customerKey) {
        return uploadPart(bucket, key, uploadId, partNumber, expectedLength, contentMd5, body, null, null, customerKey);
    }

    /**
     * As above; {@code checksum} is the algorithm the request's checksum (header or trailer) names, or null, and
     * {@code checksumValue} the value a header sent for it (checked before the commit), or null.
     * OBJ-K6: it must be the upload's; the part gets the upload's algorithm computed while it streams, or the
     * request's when the upload has none. {@code customerKey}: the upload's SSE-C key (SSE-14), or null.
     */
    public UploadedPart uploadPart(Bucket bucket, String key, String uploadId, int partNumber, long expectedLength,
                                   byte[] contentMd5, InputStream body, ChecksumAlgorithm checksum, byte[] checksumValue, byte[] customerKey) {
        MultipartUpload u = find(bucket, key, uploadId); // refuse a dead upload before reading the body
        MultipartChecksums.checkPartAlgorithm(u.checksumAlgorithm(), checksum);
        Sealing sealing = objects.sse().open(u.encryption(), customerKey); // SSE-8: the upload's key, or refused unread
        ChecksumAlgorithm compute = u.checksumAlgorithm() != null ? u.checksumAlgorithm() : checksum;
        // SSE-14: the part blob is sealed under its part's key, so it is never served as another part's bytes
        BlobStreams.Written w = BlobStreams.write(blobs, body, expectedLength, contentMd5, maxPartBytes, compute, checksumValue,
                sealing == null ? null : sealing.forPart(partNumber).dataKey());
        return record(bucket, key, uploadId, partNumber, w, sealing);
    }

    /**
     * The upload a part goes to, looked up before its body is read, in the bucket row the request was
     * authorized against only (AUTH-15): empty when there is none there; a bucket deleted and created
     * again since is {@link io.cosd.store.meta.NoSuchBucketException}.
     */
    public Optional<MultipartUpload> live(Bucket bucket, String key, String uploadId) {
        CommitPause.beforePart(key); // a test hook, off unless set
        return meta.uploads().find(bucket.name(), key, uploadId, bucket.incarnation());
    }

    /** UploadPartCopy: {@code length} bytes of {@code source} from {@code start} become the part. */
    public UploadedPart uploadPartCopy(Bucket bucket, String key, String uploadId, int partNumber, ObjectVersion source,
                                       long start, long length) {
        return uploadPartCopy(bucket, key, uploadId, partNumber, source, null, start, length, null);
    }

    /**
     * As above with encryption (SSE-14): {@code sourceKey} is the source's opened data key (null: opened
     * here, or a plain source), {@code customerKey} the upload's SSE-C key. An encrypted source or upload
     * goes through plaintext: the part is sealed under its part's key, derived from the upload's data key.
     */
    public UploadedPart uploadPartCopy(Bucket bucket, String key, String uploadId, int partNumber, ObjectVersion source,
                                       Sealing sourceKey, long start, long length, byte[] customerKey) {
        return uploadPartCopy(bucket, key, uploadId, partNumber, null, source, sourceKey, start, length, customerKey);
    }

    /** As above, the source's parts read in {@code sourceBucket}'s row only (AUTH-15); null: any. */
    public UploadedPart uploadPartCopy(Bucket bucket, String key, String uploadId, int partNumber, Bucket sourceBucket, ObjectVersion source,
                                       Sealing sourceKey, long start, long length, byte[] customerKey) {
        MultipartUpload u = find(bucket, key, uploadId);
        Sealing to = objects.sse().open(u.encryption(), customerKey);
        if (length > maxPartBytes) throw new Refusal(Refusal.Reason.BODY_TOO_LARGE);
        // A damaged source is refused (StorageFault), as for CopyObject (docs/storage.md "Read integrity").
        BlobLayout layout = (sourceBucket == null ? objects.workerLayout(source) : objects.layout(sourceBucket, source)).filter(l -> objects.verifyReadable(source, l) == ObjectService.ReadCheck.OK)
                .orElseThrow(() -> new Refusal(Refusal.Reason.NO_SUCH_KEY));
        if (source.encryption() != null || to != null) {
            Sealing from = source.encryption() == null ? null : sourceKey != null ? sourceKey : objects.sse().open(source.encryption(), null);
            Sealing partKey = to == null ? null : to.forPart(partNumber); // SSE-14: sealed under its part's key
            return record(bucket, key, uploadId, partNumber, objects.copyPlain(source, from, layout, start, length, partKey, u.checksumAlgorithm()), to); // OBJ-K6
        }
        BlobStreams.Written w;
        try {
            w = BlobStreams.copy(blobs, layout.slice(start, length), true, u.checksumAlgorithm()); // OBJ-K6
        } catch (IOException e) {
            throw new IllegalStateException("part copy failed", e);
        }
        return record(bucket, key, uploadId, partNumber, w, null);
    }

    /** @param sealing the upload's data key when its parts are encrypted (an SSE-C part's ETag is not its MD5, SSE-6), else null */
    private UploadedPart record(Bucket bucket, String key, String uploadId, int partNumber, BlobStreams.Written w, Sealing sealing) {
        var part = new UploadedPart(partNumber, w.size(), w.etag(sealing), w.blobId(), clock.instant(), w.crc64(), w.checksum());
        UploadRepository.PutPartOutcome out;
        try {
            out = meta.uploads().putPart(bucket.name(), key, uploadId, part);
        } catch (RuntimeException e) {
            if (!StoreException.mayHaveCommitted(e)) blobs.delete(w.blobId()); // ST-P1: a maybe-committed part row may name it
            throw e;
        }
        if (!out.stored()) {
            // Aborted or completed while the body streamed: no row was written, so no orphan file either.
            blobs.delete(w.blobId());
            throw new Refusal(Refusal.Reason.NO_SUCH_UPLOAD);
        }
        objects.release(out.releasedBlobs());
        return part;
    }

    public ObjectVersion complete(Bucket bucket, String key, String uploadId, List<MultipartCompletion.Requested> requested) {
        return complete(bucket, key, uploadId, requested, WriteCondition.NONE);
    }

    /**
     * A completion whose version becomes current only if {@code condition} holds (OBJ-CW1..CW4),
     * checked in the completion's transaction. A version committed since the upload was initiated
     * that fails it is a conflict (409), as S3 answers; when refused the upload stays as it was.
     */
    public ObjectVersion complete(Bucket bucket, String key, String uploadId, List<MultipartCompletion.Requested> requested,
                                  WriteCondition condition) {
        return complete(bucket, key, uploadId, requested, condition, MultipartChecksums.Asked.NONE, null);
    }

    /**
     * As above, with what the request says of checksums, checked before anything is committed (OBJ-K7, OBJ-K8),
     * and an SSE-C key sent with the completion, which must be the upload's (SSE-14); none is needed.
     */
    public ObjectVersion complete(Bucket bucket, String key, String uploadId, List<MultipartCompletion.Requested> requested,
                                  WriteCondition condition, MultipartChecksums.Asked checksums, byte[] customerKey) {
        if (requested.size() > maxParts) throw new Refusal(Refusal.Reason.INVALID_ARGUMENT, "Part count exceeds " + maxParts + ".");
        for (int attempt = 1; ; attempt++) {
            MultipartUpload u = find(bucket, key, uploadId);
            if (customerKey != null) objects.sse().open(u.encryption(), customerKey);
            Map<Integer, UploadedPart> uploaded = new HashMap<>();
            for (UploadedPart p : meta.uploads().listParts(uploadId, 0, maxParts)) uploaded.put(p.partNumber(), p);
            var plan = MultipartCompletion.plan(requested, uploaded, minPartSize);
            if (!plan.ok()) {
                // A twin completion that committed between our find and listParts took the parts with it:
                // that is "completed meanwhile" (the handler repeats its result), not a wrong part list.
                if (meta.uploads().find(bucket.name(), key, uploadId, bucket.incarnation()).isEmpty()) throw new Refusal(Refusal.Reason.NO_SUCH_UPLOAD);
                throw new Refusal(switch (plan.problem()) {
                    case NO_PARTS -> Refusal.Reason.MALFORMED_DOCUMENT;
                    case INVALID_PART_ORDER -> Refusal.Reason.PART_ORDER;
                    case INVALID_PART -> Refusal.Reason.PART_MISMATCH;
                    case ENTITY_TOO_SMALL -> Refusal.Reason.PART_TOO_SMALL;
                });
            }
            ObjectChecksum checksum = MultipartChecksums.complete(u, plan.parts(), checksums); // from the parts' values
            // VER-I1: the version id is assigned at completion; same versioning rules as a PUT.
            Instant now = clock.instant();
            var rep = objects.replicationFor(bucket, key); // REP-R1: completion is a new version like a PUT
            var draft = ObjectVersion.builder(bucket.name(), key).versionId(objects.newVersionId(bucket, now)).latest(true)
                    .size(plan.size()).etag(plan.etag()).storageClass(u.storageClass()).content(u.content())
                    .userMetadata(u.userMetadata()).tags(u.tags())
                    .replicationStatus(rep == null ? null : ReplicationStatus.PENDING)
                    .partsCount(plan.parts().size()).lastModified(now)
                    .crc64(plan.crc64()).acl(objects.aclAtCommit(bucket, u.acl())) // ACL-O6: the setting at completion
                    .checksum(checksum)
                    .lock(objects.lockAtCommit(bucket, u.lock(), now)) // LOCK-2: asked at initiation, else the default now
                    .encryption(u.encryption()) // SSE-14: the parts are sealed under part keys derived from the upload's data key
                    .build(); // the parts' CRC64s combined: completion reads no byte
            var out = meta.uploads().complete(uploadId, plan.parts(), draft, bucket.versioning(), rep, condition.since(u.initiated()),
                    bucket.incarnation()); // AUTH-13
            switch (out.status()) {
                case COMPLETED -> {
                    if (rep != null) objects.replicationEnqueued();
                    objects.release(out.releasedBlobs());
                    return out.stored();
                }
                case NO_SUCH_UPLOAD -> throw new Refusal(Refusal.Reason.NO_SUCH_UPLOAD);
                case PARTS_CHANGED -> {
                    if (attempt == COMPLETE_ATTEMPTS) throw new Refusal(Refusal.Reason.CONTENDED);
                }
            }
        }
    }

    /** Whether the upload is in progress (it can be completed, aborted, listed, given parts). */
    public boolean inProgress(Bucket bucket, String key, String uploadId) {
        return meta.uploads().find(bucket.name(), key, uploadId, bucket.incarnation()).isPresent();
    }

    /** Whether the upload was completed recently enough that a retried completion may be answered. */
    public boolean completedRecently(Bucket bucket, String key, String uploadId) {
        return meta.uploads().completed(bucket.name(), key, uploadId).isPresent();
    }

    /**
     * A CompleteMultipartUpload retried after it succeeded (docs/storage.md): the version the first
     * completion made, if the retry names exactly its parts and that version is still there (not
     * overwritten, not deleted). Empty otherwise: the upload is then gone, as S3 says (NoSuchUpload).
     */
    public Optional<ObjectVersion> completedEarlier(Bucket bucket, String key, String uploadId,
                                                    List<MultipartCompletion.Requested> requested) {
        return meta.uploads().completed(bucket.name(), key, uploadId).flatMap(done ->
                meta.objects().version(bucket.name(), key, done.versionId(), bucket.incarnation())
                        .filter(v -> v.seq() == done.seq())
                        .filter(v -> meta.uploads().objectParts(bucket.name(), key, v.versionId(), v.seq(), bucket.incarnation())
                                .map(parts -> MultipartCompletion.sameParts(requested, parts)).orElse(false)));
    }

    public void abort(Bucket bucket, String key, String uploadId) {
        List<String> released = meta.uploads().abort(bucket.name(), key, uploadId).orElseThrow(() -> new Refusal(Refusal.Reason.NO_SUCH_UPLOAD));
        objects.release(released);
    }

    /** @param truncated more parts follow the last one returned */
    public record PartsPage(MultipartUpload upload, List<UploadedPart> parts, boolean truncated) {}

    public PartsPage listParts(Bucket bucket, String key, String uploadId, int afterPartNumber, int maxParts) {
        // AUTH-15: the upload is read in the authorized bucket row only (a namesake's is NoSuchBucket)
        MultipartUpload u = meta.uploads().find(bucket.name(), key, uploadId, bucket.incarnation())
                .orElseThrow(() -> new Refusal(Refusal.Reason.NO_SUCH_UPLOAD));
        if (maxParts <= 0) return new PartsPage(u, List.of(), false); // as ListObjects with max-keys=0 (ListingService)
        List<UploadedPart> parts = new ArrayList<>(meta.uploads().listParts(uploadId, afterPartNumber, maxParts + 1));
        boolean truncated = parts.size() > maxParts;
        if (truncated) parts.remove(parts.size() - 1);
        return new PartsPage(u, parts, truncated);
    }

    /** Upload ids sort by initiation time (hex millis first), then random: listing order is key, then age. */
    static String newUploadId(long millis) {
        byte[] r = new byte[10];
        RANDOM.nextBytes(r);
        return String.format("%012x", millis) + HexFormat.of().formatHex(r);
    }

    public UploadListing.Page listUploads(Bucket bucket, String prefix, String delimiter, String keyMarker,
                                          String uploadIdMarker, int maxUploads) {
        return new UploadListing(meta.uploads(), bucket.incarnation()).list(bucket.name(), prefix, delimiter, keyMarker, uploadIdMarker, maxUploads);
    }
}
