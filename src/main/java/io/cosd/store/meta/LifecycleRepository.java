package io.cosd.store.meta;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the lifecycle executor and restore need beyond {@link ObjectRepository}. Contract: every
 * method is one transaction; the conditional ones act only if the version still has the
 * {@code expectedSeq} the scan saw (a version rewritten since is left alone, so replaying a step
 * after a crash is harmless: actions are idempotent). Released blob ids are deleted by the caller
 * after commit, as for API deletes.
 */
public interface LifecycleRepository {
    /** Up to {@code limit} bucket names with a {@code kind} document, in name order, after {@code after} (null: from the start). */
    List<String> bucketsWithConfig(ConfigKind kind, String after, int limit);

    /**
     * Expires the current version iff the key's latest version has {@code expectedSeq} and is not a
     * delete marker, exactly as {@link ObjectRepository#deleteCurrent} would (LC-E2). Empty: nothing done.
     */
    Optional<ObjectRepository.DeleteOutcome> expireCurrent(String bucket, String key, long expectedSeq, VersioningState mode,
                                                           String markerVersionId, Instant now);

    /**
     * A current version the scan saw due for expiration, with the marker id to use (null unless the bucket is Enabled).
     * {@code scanned}: what else the plan decided on, checked again in the expiration's transaction (LC-C1..C5); null
     * checks the seq alone.
     */
    record ExpireRef(String bucket, String key, long expectedSeq, String markerVersionId, long bucketIncarnation, Scanned scanned) {
        /** Of whichever bucket row has the name ({@code Bucket.ANY_INCARNATION}): tests only, UncheckedIncarnationCallersTest. */
        public ExpireRef(String bucket, String key, long expectedSeq, String markerVersionId) {
            this(bucket, key, expectedSeq, markerVersionId, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
        }

        public ExpireRef(String bucket, String key, long expectedSeq, String markerVersionId, long bucketIncarnation) {
            this(bucket, key, expectedSeq, markerVersionId, bucketIncarnation, null);
        }
    }

    /**
     * What a lifecycle pass decided an action on besides the version's seq (docs/lifecycle.md "Decided on the scan,
     * checked again on the row", LC-C1..C5). A user can change each of these between the scan and the action without
     * giving the version a new seq; the action's transaction reads the row (and the bucket row) again and does nothing
     * unless all still hold, so the next pass decides on what is there then:
     * <ul>
     *   <li>LC-C1: the version is still current, or still noncurrent since the same time (deleting the newer version,
     *       an "undelete" of a delete marker included, makes a noncurrent version current without a new seq);</li>
     *   <li>LC-C2: the bucket's versioning is still the one the plan used (expiring the current version of an
     *       unversioned bucket removes it; once versioning is Enabled it must only get a delete marker);</li>
     *   <li>LC-C3: its tags are still the ones the rules' filters matched (tagging rewrites no seq);</li>
     *   <li>LC-C4: a delete marker removed as the key's current version (ExpiredObjectDeleteMarker, COS's lone-marker
     *       cleanup) is still the key's only row, so no older version becomes current again;</li>
     *   <li>LC-C5: with NewerNoncurrentVersions ({@code keepNewer} &gt; 0) at least that many noncurrent versions of the
     *       key are still newer, so a user's delete of one of them does not take a kept version with it.</li>
     *   <li>LC-C6: a version whose removal or transition REP-R6 holds for a queued copy is still not PENDING (a resync
     *       or a requeue of failed copies queues one without a new seq).</li>
     * </ul>
     */
    record Scanned(boolean latest, Instant noncurrentSince, Map<String, String> tags, VersioningState versioning, int keepNewer) {
        public Scanned {
            tags = tags == null ? Map.of() : tags;
        }

        public static Scanned of(ObjectVersion v, VersioningState versioning, int keepNewer) {
            return new Scanned(v.latest(), v.noncurrentSince(), v.tags(), versioning, keepNewer);
        }
    }

    /**
     * {@link #expireCurrent} for many keys of one bucket in one transaction, in the given order, each
     * conditional as there (LC-E2, LOCK-10): a pass expires a page's worth with one commit instead
     * of one per key (docs/performance.md "Listing and lifecycle at scale").
     */
    BatchOutcome expireCurrents(List<ExpireRef> refs, VersioningState mode, Instant now);

    /** Removes exactly that version iff it still has {@code expectedSeq} (promoting the newest remaining one if it was latest). */
    Optional<ObjectRepository.DeleteOutcome> deleteVersion(String bucket, String key, String versionId, long expectedSeq);

    /** A version as the scan saw it; {@code scanned} as in {@link ExpireRef} (null: the seq alone is checked). */
    record VersionRef(String bucket, String key, String versionId, long seq, long bucketIncarnation, Scanned scanned) {
        /** Of whichever bucket row has the name ({@code Bucket.ANY_INCARNATION}): tests only, UncheckedIncarnationCallersTest. */
        public VersionRef(String bucket, String key, String versionId, long seq) {
            this(bucket, key, versionId, seq, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
        }

        public VersionRef(String bucket, String key, String versionId, long seq, long bucketIncarnation) {
            this(bucket, key, versionId, seq, bucketIncarnation, null);
        }
    }

    /** What a batch of deletes did: per ref (same order) whether it applied, and the blobs released. */
    record BatchOutcome(boolean[] applied, List<String> releasedBlobs) {}

    /**
     * {@link #deleteVersion} for many versions in one transaction, in the given order (a pass
     * deletes a page's worth at once: one commit instead of one per version).
     */
    default BatchOutcome deleteVersions(List<VersionRef> refs) {
        return deleteVersions(refs, null);
    }

    /**
     * As {@link #deleteVersions(List)}; with {@code lockedAt} non-null a version that a legal hold or a
     * retention ending after {@code lockedAt} protects is not removed (not applied), decided on the row in
     * the same transaction, so a lock set after the scan still holds (LOCK-10).
     */
    BatchOutcome deleteVersions(List<VersionRef> refs, Instant lockedAt);

    /**
     * Changes the storage class in place iff the version still has {@code expectedSeq}; with a
     * {@code newBlobId} (a move to the cold tier) the version's bytes now live there. Last-Modified
     * is untouched (LC-T4). Returns the blob ids released (the old blob), empty if not applied.
     */
    default Optional<List<String>> transition(String bucket, String key, String versionId, long expectedSeq, StorageClass target,
                                              String newBlobId) {
        return transition(bucket, key, versionId, expectedSeq, target, newBlobId, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /**
     * As {@link #transition(String, String, String, long, StorageClass, String)}, only in the bucket row
     * of {@code bucketIncarnation}, the one the pass scanned (AUTH-13: a namesake's version can have the
     * same key, version id "null" and seq); empty, nothing done, in another.
     */
    default Optional<List<String>> transition(String bucket, String key, String versionId, long expectedSeq, StorageClass target, String newBlobId,
                                              long bucketIncarnation) {
        return transition(bucket, key, versionId, expectedSeq, target, newBlobId, bucketIncarnation, null);
    }

    /**
     * As {@link #transition(String, String, String, long, StorageClass, String, long)}, and only while the version is still
     * current or noncurrent (since the same time) as the scan saw it and has the tags it saw (LC-C1, LC-C3; {@code scanned}'s
     * versioning and keepNewer are not used); null: the seq alone is checked.
     */
    Optional<List<String>> transition(String bucket, String key, String versionId, long expectedSeq, StorageClass target, String newBlobId,
                                      long bucketIncarnation, Scanned scanned);

    /** A restore of an archived version (docs/spec/semantics.md §3.8). */
    record Restore(String bucket, String key, String versionId, String status, String tier, int days,
                   Instant requestedAt, Instant readyAt, Instant expiry, String blobId) {
        public static final String ONGOING = "ONGOING", DONE = "DONE";

        public boolean ongoing() { return ONGOING.equals(status); }
    }

    Optional<Restore> restore(String bucket, String key, String versionId);

    /** Starts (or restarts after expiry) a restore: inserts or replaces a row that is not ONGOING. @return false if one is ONGOING */
    boolean startRestore(Restore r);

    /** A DONE copy's expiry moves to {@code expiry} (restore of an already restored object). */
    boolean extendRestore(String bucket, String key, String versionId, int days, Instant expiry);

    /** ONGOING restores whose ready time has come, and DONE copies whose expiry has passed. */
    List<Restore> dueRestores(Instant now, int limit);

    /**
     * ONGOING → DONE with the restored copy's blob, iff the restore is still the one requested at {@code requestedAt}
     * and the version is still the one with {@code versionSeq}, whose bytes the copy holds; false, nothing done,
     * otherwise (LC-R7: a "null" version overwritten and restored again while the earlier restore was decompressing
     * has another restore row of the same key and version id, which must never get the earlier version's bytes).
     */
    boolean completeRestore(String bucket, String key, String versionId, long versionSeq, Instant requestedAt, String blobId, Instant expiry);

    /** Removes a DONE row whose expiry has passed; returns its blob for release. */
    Optional<String> expireRestore(String bucket, String key, String versionId, Instant now);
}
