package io.cosd.store.meta;

import io.cosd.domain.acl.Acl;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.lock.LockGuard;
import io.cosd.domain.lock.ObjectLock;
import io.cosd.domain.object.DeleteCondition;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.WriteCondition;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Object versions. Keys compare by their UTF-8 bytes everywhere (listing order, markers).
 * Contract, each method one transaction:
 * - {@link #put}: in UNVERSIONED or SUSPENDED mode the draft's versionId must be "null"; an existing
 *   "null" version of the key is replaced (its blob id is returned for deletion after commit) and any
 *   other latest version becomes noncurrent. In ENABLED mode the draft carries a fresh version id and
 *   the previous latest becomes noncurrent. Exactly one version per key is latest afterwards. The
 *   store assigns {@code seq} (strictly increasing per bucket) and ignores the draft's seq/latest.
 * - {@link #deleteCurrent}: UNVERSIONED removes the "null" version; ENABLED adds a delete marker with
 *   {@code markerVersionId}; SUSPENDED replaces the "null" version with a "null" delete marker.
 * - {@link #deleteVersion}: removes exactly that version; if it was latest the newest remaining
 *   version becomes latest (and its noncurrentSince is cleared).
 * - {@link #setTags}: replaces the tag set of exactly that version, in place (no new version, no
 *   change to seq, ETag or Last-Modified, like S3/COS tagging); delete markers carry no tags and are
 *   left alone. Returns the updated version, empty when there is no such (non-marker) version.
 * - Blob ids in outcomes are no longer referenced once the transaction commits; the caller deletes
 *   the files after commit (a crash in between leaves an orphan that start-up collects).
 */
public interface ObjectRepository {
    record PutOutcome(ObjectVersion stored, List<String> releasedBlobs) {}

    record DeleteOutcome(Optional<ObjectVersion> removed, Optional<ObjectVersion> marker, List<String> releasedBlobs) {}

    default PutOutcome put(ObjectVersion draft, VersioningState mode) {
        return put(draft, mode, null);
    }

    /**
     * As {@link #put(ObjectVersion, VersioningState)}; with {@code replicate} non-null a PENDING
     * replication outbox row for the stored version is inserted in the same transaction (docs/replication.md#engine).
     */
    default PutOutcome put(ObjectVersion draft, VersioningState mode, ReplicationOutbox.Request replicate) {
        return put(draft, mode, replicate, WriteCondition.NONE);
    }

    /**
     * A conditional put (OBJ-CW3): {@code condition} is checked against the key's latest row inside
     * the put's own transaction, after the bucket's write lock is taken, so of two racing writers with
     * {@code If-None-Match: *} exactly one commits. When it does not hold nothing changes and its
     * {@link io.cosd.domain.Refusal} propagates ({@link WriteCondition#check}).
     */
    default PutOutcome put(ObjectVersion draft, VersioningState mode, ReplicationOutbox.Request replicate, WriteCondition condition) {
        return put(draft, mode, replicate, condition, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /**
     * As {@link #put(ObjectVersion, VersioningState, ReplicationOutbox.Request, WriteCondition)}, into
     * the bucket row whose incarnation is {@code bucketIncarnation} only (docs/security.md AUTH-13):
     * every request path passes the incarnation of the bucket it authorized against, so a bucket
     * deleted and created again under the draft's bucket name since then is {@link NoSuchBucketException}
     * and nothing is stored. The check rides on the bucket's {@code next_seq} bump, the write's first
     * statement (no statement of its own). {@link io.cosd.domain.bucket.Bucket#ANY_INCARNATION}: any row of that name.
     */
    PutOutcome put(ObjectVersion draft, VersioningState mode, ReplicationOutbox.Request replicate, WriteCondition condition,
                   long bucketIncarnation);

    /**
     * A replica written by the source region's replication worker (REP-R2, REP-S3), Enabled buckets
     * only: the draft keeps its version id and creation time. Idempotent: if that version id already
     * exists nothing changes and the existing version is returned (stored, no blob released; the
     * caller deletes the new blob when {@code stored.blobId()} differs). The replica becomes latest
     * only if it is newer than the current latest (creation time, then version id), so a
     * late-arriving older version never hides a newer one.
     */
    default PutOutcome putReplica(ObjectVersion draft) {
        return putReplica(draft, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /** In the bucket row of {@code bucketIncarnation} only (docs/security.md AUTH-13): a namesake's is {@link NoSuchBucketException}. */
    PutOutcome putReplica(ObjectVersion draft, long bucketIncarnation);

    /** The delete-marker twin of {@link #putReplica}: a marker with the source's id and time. Idempotent. */
    default ObjectVersion putMarkerReplica(String bucket, String key, String versionId, Instant createdAt) {
        return putMarkerReplica(bucket, key, versionId, createdAt, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /** In the bucket row of {@code bucketIncarnation} only (AUTH-13, as {@link #putReplica(ObjectVersion, long)}). */
    ObjectVersion putMarkerReplica(String bucket, String key, String versionId, Instant createdAt, long bucketIncarnation);

    /** The latest version of the key (possibly a delete marker). */
    default Optional<ObjectVersion> latest(String bucket, String key) {
        return latest(bucket, key, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /**
     * As {@link #latest(String, String)}, read only while the bucket row has {@code bucketIncarnation}
     * (docs/security.md AUTH-15): a namesake created since the read was authorized is
     * {@link NoSuchBucketException}, never its version. The condition is in the statement that reads
     * the row (one snapshot); only an empty answer reads the bucket row once more to tell a missing
     * key from a namesake. {@link io.cosd.domain.bucket.Bucket#ANY_INCARNATION}: no expectation.
     */
    Optional<ObjectVersion> latest(String bucket, String key, long bucketIncarnation);

    default Optional<ObjectVersion> version(String bucket, String key, String versionId) {
        return version(bucket, key, versionId, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /** That version, in the bucket row of {@code bucketIncarnation} only (AUTH-15, as {@link #latest(String, String, long)}). */
    Optional<ObjectVersion> version(String bucket, String key, String versionId, long bucketIncarnation);

    default DeleteOutcome deleteCurrent(String bucket, String key, VersioningState mode, String markerVersionId, Instant now) {
        return deleteCurrent(bucket, key, mode, markerVersionId, now, null);
    }

    /** With {@code replicate} non-null, the new delete marker gets an outbox row in the same transaction. */
    default DeleteOutcome deleteCurrent(String bucket, String key, VersioningState mode, String markerVersionId, Instant now,
                                        ReplicationOutbox.Request replicate) {
        return deleteCurrent(bucket, key, mode, markerVersionId, now, replicate, DeleteCondition.NONE);
    }

    /**
     * A conditional delete of the current version (OBJ-CD3): {@code condition} is checked against the
     * key's latest row (a delete marker included) in the delete's transaction; when it does not hold
     * nothing changes and its {@link io.cosd.domain.Refusal} propagates. With a condition, a key that
     * has no version at all is left alone (no marker is added: nothing was matched, OBJ-CD2) and the
     * outcome is empty.
     */
    default DeleteOutcome deleteCurrent(String bucket, String key, VersioningState mode, String markerVersionId, Instant now,
                                        ReplicationOutbox.Request replicate, DeleteCondition condition) {
        return deleteCurrent(bucket, key, mode, markerVersionId, now, replicate, condition, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /**
     * In the bucket row of {@code bucketIncarnation} only (docs/security.md AUTH-13, as {@link #put}): a
     * namesake created since the delete was authorized is {@link NoSuchBucketException} and loses nothing.
     */
    DeleteOutcome deleteCurrent(String bucket, String key, VersioningState mode, String markerVersionId, Instant now,
                                ReplicationOutbox.Request replicate, DeleteCondition condition, long bucketIncarnation);

    default DeleteOutcome deleteVersion(String bucket, String key, String versionId) {
        return deleteVersion(bucket, key, versionId, DeleteCondition.NONE);
    }

    /** As {@link #deleteVersion(String, String, String)}, if {@code condition} holds for that version (OBJ-CD3). */
    default DeleteOutcome deleteVersion(String bucket, String key, String versionId, DeleteCondition condition) {
        return deleteVersion(bucket, key, versionId, condition, null);
    }

    /**
     * As {@link #deleteVersion(String, String, String, DeleteCondition)}; with {@code guard} non-null the
     * version's lock is checked against it in the same transaction, after the bucket's write lock
     * (LOCK-5): a protected version is not removed and the guard's {@link io.cosd.domain.Refusal} propagates.
     */
    default DeleteOutcome deleteVersion(String bucket, String key, String versionId, DeleteCondition condition, LockGuard guard) {
        return deleteVersion(bucket, key, versionId, condition, guard, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /** In the bucket row of {@code bucketIncarnation} only (AUTH-13, as {@link #deleteCurrent}). */
    DeleteOutcome deleteVersion(String bucket, String key, String versionId, DeleteCondition condition, LockGuard guard,
                                long bucketIncarnation);

    /**
     * Changes the lock of exactly that version, in place, in one transaction after the bucket's write
     * lock (LOCK-6, LOCK-8): {@code change} gets the stored lock and returns the new one, or throws a
     * {@link io.cosd.domain.Refusal} and nothing changes. Empty for a delete marker or a missing version.
     */
    default Optional<ObjectVersion> updateLock(String bucket, String key, String versionId, UnaryOperator<ObjectLock> change) {
        return updateLock(bucket, key, versionId, change, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /** In the bucket row of {@code bucketIncarnation} only (AUTH-13): a namesake's is {@link NoSuchBucketException}. */
    Optional<ObjectVersion> updateLock(String bucket, String key, String versionId, UnaryOperator<ObjectLock> change,
                                       long bucketIncarnation);

    /**
     * Up to {@code limit} latest, non-delete-marker versions with key starting with {@code prefix}
     * and key strictly greater than {@code after} (null: from the start), in key order. An index
     * range scan: cost is proportional to {@code limit}, not the bucket size.
     */
    default List<ObjectVersion> listLatest(String bucket, String prefix, String after, int limit) {
        return listLatest(bucket, prefix, after, limit, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /**
     * As {@link #listLatest(String, String, String, int)}, every row read only while the bucket row has
     * {@code bucketIncarnation} (AUTH-15: the page's own statement carries the condition); an empty page
     * reads the row once more and is {@link NoSuchBucketException} if it was a namesake's.
     */
    List<ObjectVersion> listLatest(String bucket, String prefix, String after, int limit, long bucketIncarnation);

    /**
     * Up to {@code limit} versions and delete markers whose key starts with {@code prefix}, keys in
     * order and each key's versions newest first (highest seq first), strictly after the cursor: the
     * remaining versions of {@code afterKey} with {@code seq < afterSeq}, then later keys.
     * {@code afterKey} null: from the start; {@code afterSeq = Long.MIN_VALUE}: skip all of
     * {@code afterKey}. Index range scans: cost is proportional to {@code limit}.
     */
    default List<ObjectVersion> listVersions(String bucket, String prefix, String afterKey, long afterSeq, int limit) {
        return listVersions(bucket, prefix, afterKey, afterSeq, limit, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /** In the bucket row of {@code bucketIncarnation} only (AUTH-15, as {@link #listLatest(String, String, String, int, long)}). */
    List<ObjectVersion> listVersions(String bucket, String prefix, String afterKey, long afterSeq, int limit, long bucketIncarnation);

    default Optional<ObjectVersion> setTags(String bucket, String key, String versionId, Map<String, String> tags) {
        return setTags(bucket, key, versionId, tags, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /**
     * In the bucket row of {@code bucketIncarnation} only (AUTH-13), decided by the update itself: a
     * namesake created since the request was authorized is {@link NoSuchBucketException}, untouched.
     */
    Optional<ObjectVersion> setTags(String bucket, String key, String versionId, Map<String, String> tags, long bucketIncarnation);

    /**
     * Replaces the ACL of exactly that version, in place, as {@link #setTags} does tags (ACL-S1);
     * null: the version has none of its own (private, ACL-C2). Empty for a delete marker or
     * a missing version.
     */
    default Optional<ObjectVersion> setAcl(String bucket, String key, String versionId, Acl acl) {
        return setAcl(bucket, key, versionId, acl, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /** In the bucket row of {@code bucketIncarnation} only (AUTH-13, as {@link #setTags}). */
    Optional<ObjectVersion> setAcl(String bucket, String key, String versionId, Acl acl, long bucketIncarnation);

    /** True if the bucket holds any version or delete marker. */
    boolean hasAny(String bucket);

    /** The first bucket name after {@code after} (null: from the start) that holds any version; empty after the last. */
    Optional<String> nextBucketWithVersions(String after);

    /**
     * Sets (or with {@code damage} null clears) the scrubber's damage mark of exactly the version
     * {@code seen} read, in place, only if its row is still that version: the same key, version id and
     * store sequence, blob id, write time and ETag, decided by the UPDATE's own condition (one
     * statement, so nothing can replace the version between a check and the write). A version replaced
     * since it was read (an overwritten "null" version gets a new seq) is left alone, and so is a
     * namesake's version of the same key and seq (a re-created bucket's seqs start at 1 again, and a
     * multipart version has no blob id; its write time and ETag tell it apart: docs/security.md AUTH-13).
     *
     * @return whether a row changed (false: the version read is gone or was replaced)
     */
    boolean markDamaged(io.cosd.domain.object.ObjectVersion seen, String damage, Instant at);
}
