package io.cosd.store.meta;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.UploadedPart;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Multipart uploads, their parts, and the part layout of completed multipart objects.
 * An upload is addressed by (bucket, key, uploadId): an upload id of another bucket or key is "no
 * such upload". Contract, each method one transaction:
 * - {@link #create}: inserts the upload; the bucket must exist ({@link NoSuchBucketException} otherwise).
 * - {@link #putPart}: if the upload exists, stores the part, replacing a part with the same number
 *   (the replaced part's blob is returned for deletion after commit); otherwise changes nothing and
 *   returns {@code stored == false}: the caller then deletes the part's blob, so a part racing an
 *   abort or a completion never leaves a row of a dead upload nor an orphan file.
 * - {@link #abort}: removes the upload and all its parts, returning their blobs; empty if none.
 * - {@link #complete}: whole or nothing. Succeeds only if the upload exists and every part in
 *   {@code parts} is still stored under its number with the same blob id (a part re-uploaded since
 *   the caller read it gives {@link CompleteStatus#PARTS_CHANGED}; the caller re-reads and retries).
 *   Then, in the one transaction: the draft is stored exactly as {@link ObjectRepository#put} stores it
 *   (same versioning rules, same replacement), the chosen parts become the version's parts
 *   ({@code object_parts}, each keeping its own blob: no byte is copied), and the upload with its
 *   remaining parts is removed. Released blobs: the replaced version's blobs and the blobs of uploaded
 *   parts not chosen. The same transaction remembers the completion ({@link #completed}) for
 *   {@link #COMPLETION_RETENTION} and forgets up to a bounded number of older ones.
 * - {@link #completed}: the version a completed upload made; kept until the retention passes or the
 *   bucket is deleted (a retry checks that the version still has that sequence number).
 * - A completed multipart version has {@code partsCount == N > 0} and {@code blobId == null}; its bytes
 *   are the concatenation of its parts' blobs in part-number order ({@link #objectParts}).
 * - Blob ids in outcomes are unreferenced once the transaction commits; the caller deletes them after
 *   commit (a crash in between leaves an orphan that start-up collects).
 */
public interface UploadRepository {
    /** How long a completed upload can still be completed again with the same answer (docs/storage.md). */
    Duration COMPLETION_RETENTION = Duration.ofDays(1);

    /** A completion remembered for a retry: the version it created. */
    record Completed(String uploadId, String bucket, String key, String versionId, long seq, Instant completedAt) {}

    record PutPartOutcome(boolean stored, List<String> releasedBlobs) {}

    enum CompleteStatus { COMPLETED, NO_SUCH_UPLOAD, PARTS_CHANGED }

    record CompleteOutcome(CompleteStatus status, ObjectVersion stored, List<String> releasedBlobs) {}

    default void create(MultipartUpload upload) {
        create(upload, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /** In the bucket row of {@code bucketIncarnation} only (docs/security.md AUTH-13): a namesake's is {@link NoSuchBucketException}. */
    void create(MultipartUpload upload, long bucketIncarnation);

    Optional<MultipartUpload> find(String bucket, String key, String uploadId);

    /**
     * As {@link #find(String, String, String)}, read only while the bucket row has {@code bucketIncarnation}
     * (docs/security.md AUTH-15, in the same statement); a miss reads the row once more and is
     * {@link NoSuchBucketException} if it was a namesake's. ListParts reads its upload this way.
     */
    Optional<MultipartUpload> find(String bucket, String key, String uploadId, long bucketIncarnation);

    PutPartOutcome putPart(String bucket, String key, String uploadId, UploadedPart part);

    /** Up to {@code limit} parts with number greater than {@code afterPartNumber}, ascending. */
    List<UploadedPart> listParts(String uploadId, int afterPartNumber, int limit);

    /**
     * Up to {@code limit} uploads of the bucket whose key starts with {@code prefix}, ordered by key
     * then upload id, strictly after the position ({@code afterKey}, {@code afterUploadId}): with a
     * null {@code afterUploadId} every upload of {@code afterKey} itself is skipped too; a null
     * {@code afterKey} starts at the beginning. An index range scan.
     */
    default List<MultipartUpload> list(String bucket, String prefix, String afterKey, String afterUploadId, int limit) {
        return list(bucket, prefix, afterKey, afterUploadId, limit, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /**
     * As {@link #list(String, String, String, String, int)}, every row read only while the bucket row has
     * {@code bucketIncarnation} (docs/security.md AUTH-15, the page's own statement carries it); an empty
     * page reads the row once more and is {@link NoSuchBucketException} if it was a namesake's.
     */
    List<MultipartUpload> list(String bucket, String prefix, String afterKey, String afterUploadId, int limit, long bucketIncarnation);

    /** @return the released blob ids, or empty if there is no such upload */
    Optional<List<String>> abort(String bucket, String key, String uploadId);

    default CompleteOutcome complete(String uploadId, List<UploadedPart> parts, ObjectVersion draft, VersioningState mode) {
        return complete(uploadId, parts, draft, mode, null);
    }

    /** With {@code replicate} non-null the new version's replication outbox row is written in the same transaction (docs/replication.md#engine). */
    default CompleteOutcome complete(String uploadId, List<UploadedPart> parts, ObjectVersion draft, VersioningState mode,
                                     ReplicationOutbox.Request replicate) {
        return complete(uploadId, parts, draft, mode, replicate, io.cosd.domain.object.WriteCondition.NONE);
    }

    /**
     * A conditional completion (OBJ-CW3): after the upload and its parts are found unchanged, {@code condition}
     * is checked against the key's latest row in the same transaction; when it does not hold nothing
     * changes (the upload stays, with its parts) and its {@link io.cosd.domain.Refusal} propagates.
     */
    default CompleteOutcome complete(String uploadId, List<UploadedPart> parts, ObjectVersion draft, VersioningState mode,
                                     ReplicationOutbox.Request replicate, io.cosd.domain.object.WriteCondition condition) {
        return complete(uploadId, parts, draft, mode, replicate, condition, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /**
     * Into the bucket row of {@code bucketIncarnation} only (docs/security.md AUTH-13, as
     * {@link ObjectRepository#put}): a namesake created since the completion was authorized is
     * {@link NoSuchBucketException}. (An upload does not outlive its bucket, so its id alone already
     * ties a completion to one incarnation; the check keeps that true should it ever change.)
     */
    CompleteOutcome complete(String uploadId, List<UploadedPart> parts, ObjectVersion draft, VersioningState mode,
                             ReplicationOutbox.Request replicate, io.cosd.domain.object.WriteCondition condition,
                             long bucketIncarnation);

    /** The completion of upload {@code uploadId} of ({@code bucket}, {@code key}), if it is still remembered. */
    Optional<Completed> completed(String bucket, String key, String uploadId);

    /**
     * The parts of the completed multipart version ({@code bucket}, {@code key}, {@code versionId}) in
     * part order, read in one snapshot with the check that the version still has sequence number
     * {@code seq}; empty if it was replaced or removed meanwhile.
     */
    default Optional<List<UploadedPart>> objectParts(String bucket, String key, String versionId, long seq) {
        return objectParts(bucket, key, versionId, seq, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /**
     * As {@link #objectParts(String, String, String, long)}, read only while the bucket row has
     * {@code bucketIncarnation} (docs/security.md AUTH-15): the version check that already opens the
     * snapshot carries it, so a namesake's parts of a version with the same id and seq (a new bucket's
     * seqs start again) are never served to a GET authorized against the deleted bucket; the
     * namesake's is {@link NoSuchBucketException}.
     */
    Optional<List<UploadedPart>> objectParts(String bucket, String key, String versionId, long seq, long bucketIncarnation);
}
