package io.cosd.store.meta.jdbc;

import io.cosd.domain.acl.Acl;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.lock.LockGuard;
import io.cosd.domain.lock.ObjectLock;
import io.cosd.domain.object.DeleteCondition;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.WriteCondition;
import io.cosd.domain.object.VersionIds;
import io.cosd.store.meta.ObjectRepository;
import io.cosd.store.meta.ReplicationOutbox;
import io.cosd.store.meta.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static io.cosd.domain.object.ObjectVersion.NULL_VERSION;
import static io.cosd.store.meta.jdbc.ObjectReads.SELECT;
import static io.cosd.store.meta.jdbc.ObjectSteps.addMarker;
import static io.cosd.store.meta.jdbc.ObjectSteps.demoteLatest;
import static io.cosd.store.meta.jdbc.ObjectSteps.keyHasRows;
import static io.cosd.store.meta.jdbc.ObjectSteps.latestIn;
import static io.cosd.store.meta.jdbc.ObjectSteps.lockBucket;
import static io.cosd.store.meta.jdbc.ObjectSteps.nextSeq;
import static io.cosd.store.meta.jdbc.ObjectSteps.one;
import static io.cosd.store.meta.jdbc.ObjectSteps.promoteNewest;
import static io.cosd.store.meta.jdbc.ObjectSteps.removeUnlessLocked;
import static io.cosd.store.meta.jdbc.ObjectSteps.removeVersion;

/**
 * Object versions, one row each. Every write that adds a version bumps the bucket's {@code next_seq},
 * which gives the version its order. On PostgreSQL every write first locks the bucket row (SC-T1,
 * {@link WriteScope}), so "demote the old latest, insert the new latest" never interleaves; for a
 * new version that lock is the bump itself ({@link HeldSeq}). The steps the writes share are
 * {@link ObjectSteps}; the scoped reads and listing pages, {@link ObjectReads}.
 */
final class JdbcObjectRepository implements ObjectRepository {
    private final Tx tx;
    private final JdbcInlineBlobs inline;

    JdbcObjectRepository(Tx tx, JdbcInlineBlobs inline) {
        this.tx = tx;
        this.inline = inline;
    }

    /**
     * Group-committed (docs/storage.md "Group commit"); an inline body is stored in the same
     * transaction, after the version row, so a refusal stores neither.
     */
    @Override
    public PutOutcome put(ObjectVersion draft, VersioningState mode, ReplicationOutbox.Request replicate, WriteCondition condition,
                          long bucketIncarnation) {
        PutOutcome put;
        try {
            // On PostgreSQL the bucket is locked by the next_seq bump the put makes anyway (HeldSeq), and
            // freshly staged bytes go in before that lock: their id is new, so no other writer can read or
            // drop the row, and the bucket's lock is held one statement less (docs/scale-out.md "Transactions").
            boolean early = tx.locksRows() && inline.isStaged(draft.blobId());
            put = tx.writeBatched(WriteScope.bucketForNewVersion(draft.bucket()).andOutbox(replicate != null),
                    early ? c -> {
                        inline.insertStaged(c, draft.blobId(), null);
                        return null;
                    } : null, c -> {
                byte[] stored = early ? null : inline.storedIfUnstaged(c, draft.blobId());
                PutOutcome out = putIn(c, draft, mode, replicate, condition, bucketIncarnation);
                if (!early) inline.insertStaged(c, draft.blobId(), stored);
                tx.fence().admit(c, draft.blobId()); // SC-F1: last, after every row lock
                return out;
            });
        } catch (StoreException e) {
            // ST-P1: the caller keeps the blob, so it will not drop the staged bytes; if the write
            // committed they are in the table, if not they are needed by nobody
            if (StoreException.mayHaveCommitted(e)) inline.committed(draft.blobId());
            throw e;
        }
        inline.committed(draft.blobId());
        return put;
    }

    /**
     * The put as a step of a caller's write transaction (also used by multipart completion, so that
     * both writes follow the same versioning rules); with {@code replicate} the outbox row too. Only
     * into the bucket row of {@code bucketIncarnation} (AUTH-13, checked by the seq bump).
     */
    static PutOutcome putIn(Connection c, ObjectVersion draft, VersioningState mode, ReplicationOutbox.Request replicate,
                            WriteCondition condition, long bucketIncarnation) throws SQLException {
        Objects.requireNonNull(draft.lastModified(), "lastModified");
        boolean nullVersion = mode != VersioningState.ENABLED;
        if (nullVersion != NULL_VERSION.equals(draft.versionId())) {
            throw new IllegalArgumentException("version id " + draft.versionId() + " does not fit versioning mode " + mode);
        }
        long seq = nextSeq(c, draft.bucket(), bucketIncarnation);
        // OBJ-CW3: checked after nextSeq took the bucket's write lock, before anything changes; a
        // refusal rolls the whole transaction back (the seq bump included).
        if (!condition.isNone()) condition.check(latestIn(c, draft.bucket(), draft.key()));
        List<String> released = new ArrayList<>();
        if (!nullVersion) {
            demoteLatest(c, draft.bucket(), draft.key(), draft.lastModified());
        } else if (keyHasRows(c, draft.bucket(), draft.key())) {
            removeUnlessLocked(c, draft.bucket(), draft.key(), NULL_VERSION, draft.lastModified(), released);
            demoteLatest(c, draft.bucket(), draft.key(), draft.lastModified());
        }
        ObjectVersion stored = ObjectRows.asLatest(draft, seq);
        ObjectRows.insert(c, stored);
        if (replicate != null) JdbcReplicationOutbox.insert(c, draft.bucket(), draft.key(), draft.versionId(), replicate, draft.lastModified());
        return new PutOutcome(stored, List.copyOf(released));
    }

    @Override
    public PutOutcome putReplica(ObjectVersion draft, long incarnation) {
        PutOutcome put;
        try {
            put = putReplicaIn(draft, incarnation);
        } catch (StoreException e) {
            if (StoreException.mayHaveCommitted(e)) inline.committed(draft.blobId()); // ST-P1, as in put
            throw e;
        }
        // Only when this write stored the draft: a replica already there keeps its own blob, and the
        // caller drops the staged bytes of the draft's.
        if (put.stored() != null && Objects.equals(put.stored().blobId(), draft.blobId())) inline.committed(draft.blobId());
        return put;
    }

    private PutOutcome putReplicaIn(ObjectVersion draft, long incarnation) {
        return tx.writeBatched(WriteScope.bucket(draft.bucket()), c -> {
            Incarnations.require(c, draft.bucket(), incarnation); // AUTH-13: one read; replicas are off the PUT path
            Optional<ObjectVersion> existing = one(c, SELECT + " WHERE bucket = ? AND key = ? AND version_id = ?",
                    draft.bucket(), draft.key(), draft.versionId());
            if (existing.isPresent()) return new PutOutcome(existing.get(), List.of());
            Optional<ObjectVersion> latest = one(c, SELECT + " WHERE bucket = ? AND key = ? AND is_latest = 1", draft.bucket(), draft.key());
            if (latest.isEmpty() || !newer(latest.get(), draft)) {
                // The usual case: the newest version so far arrives last and simply goes on top.
                long seq = nextSeq(c, draft.bucket());
                demoteLatest(c, draft.bucket(), draft.key(), draft.lastModified());
                ObjectVersion stored = ObjectRows.asLatest(draft, seq);
                ObjectRows.insert(c, stored);
                inline.insertStaged(c, draft.blobId(), null);
                tx.fence().admit(c, draft.blobId()); // SC-F1: a replication-applied write names a new blob too
                return new PutOutcome(stored, List.of());
            }
            ObjectVersion late = insertLate(c, draft);
            inline.insertStaged(c, draft.blobId(), null);
            tx.fence().admit(c, draft.blobId());
            return new PutOutcome(late, List.of());
        });
    }

    /**
     * REP-S3: a replica older than the key's latest version arrived late. It is stored noncurrent
     * and the key's versions from the oldest newer one on get fresh seqs in version order (the late
     * one first), so {@code GET ?versions} lists them as the source does, not in arrival order.
     * Only that key's newer rows move (a handful); seqs stay unique in the bucket because every
     * renumbered row takes a new {@code next_seq}. Listing markers are key + version id, so a
     * cursor stays valid. The version just older than the late one was superseded by it, so its
     * {@code noncurrent_since} becomes the late version's creation time (noncurrent-days lifecycle).
     */
    private static ObjectVersion insertLate(Connection c, ObjectVersion draft) throws SQLException {
        // Newest first over objects_versions: the newer versions are the top of the key's stack, so
        // reading stops at the first older one (the one the late version now supersedes).
        List<ObjectVersion> newerRows = new ArrayList<>();
        ObjectVersion justOlder = null;
        try (PreparedStatement ps = Sql.prepare(c, SELECT + " WHERE bucket = ? AND key = ? ORDER BY seq DESC", draft.bucket(), draft.key());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ObjectVersion v = ObjectRows.read(rs);
                if (!newer(v, draft)) {
                    justOlder = v;
                    break;
                }
                newerRows.add(v);
            }
        }
        ObjectVersion supersededBy = newerRows.get(0);
        for (ObjectVersion v : newerRows) if (newer(supersededBy, v)) supersededBy = v;
        // The late one and the newer rows are re-stacked in version order, oldest first.
        List<ObjectVersion> moved = new ArrayList<>(newerRows);
        moved.add(draft);
        moved.sort((a, b) -> newer(a, b) ? 1 : newer(b, a) ? -1 : 0);
        ObjectVersion stored = null;
        for (ObjectVersion v : moved) {
            long seq = nextSeq(c, draft.bucket());
            if (v == draft) {
                stored = ObjectRows.asNoncurrent(ObjectRows.asLatest(draft, seq), supersededBy.lastModified());
                ObjectRows.insert(c, stored);
            } else {
                Sql.update(c, "UPDATE objects SET seq = ? WHERE bucket = ? AND key = ? AND version_id = ?", seq, v.bucket(), v.key(), v.versionId());
            }
        }
        if (justOlder != null) {
            Sql.update(c, "UPDATE objects SET noncurrent_since = ? WHERE bucket = ? AND key = ? AND version_id = ?",
                    draft.lastModified().toEpochMilli(), justOlder.bucket(), justOlder.key(), justOlder.versionId());
        }
        return stored;
    }

    @Override
    public ObjectVersion putMarkerReplica(String bucket, String key, String versionId, Instant createdAt, long incarnation) {
        Instant at = Instant.ofEpochMilli(createdAt.toEpochMilli());
        return putReplica(ObjectRows.marker(bucket, key, versionId, 0, at), incarnation).stored();
    }

    /** REP-S3: order by creation time, then by version id (COS ids: newer = smaller). */
    private static boolean newer(ObjectVersion a, ObjectVersion b) {
        int byTime = a.lastModified().compareTo(b.lastModified());
        if (byTime != 0) return byTime > 0;
        long ma = VersionIds.micros(a.versionId()), mb = VersionIds.micros(b.versionId());
        return ma > mb;
    }

    @Override
    public Optional<ObjectVersion> latest(String bucket, String key, long incarnation) {
        // Remembered on an event loop while the database is unchanged (Tx.readRemembered, docs/performance.md);
        // the incarnation is part of the memo's key, and a refusal (thrown) is never remembered.
        return tx.readRemembered("latest\0" + bucket + "\0" + key + "\0" + incarnation,
                c -> ObjectReads.scoped(c, bucket, incarnation, ObjectReads.LATEST_SQL, bucket, key));
    }

    @Override
    public Optional<ObjectVersion> version(String bucket, String key, String versionId, long incarnation) {
        return tx.readOne(c -> ObjectReads.scoped(c, bucket, incarnation, ObjectReads.VERSION_SQL, bucket, key, versionId));
    }

    @Override
    public DeleteOutcome deleteCurrent(String bucket, String key, VersioningState mode, String markerVersionId, Instant now,
                                       ReplicationOutbox.Request replicate, DeleteCondition condition, long incarnation) {
        if (mode == VersioningState.ENABLED && (markerVersionId == null || NULL_VERSION.equals(markerVersionId))) {
            throw new IllegalArgumentException("ENABLED delete needs a fresh marker version id");
        }
        // A marker takes a seq: its bump is the bucket's lock (HeldSeq); a conditional delete may write nothing.
        WriteScope scope = mode != VersioningState.UNVERSIONED && condition.isNone() ? WriteScope.bucketForNewVersion(bucket) : WriteScope.bucket(bucket);
        return tx.writeBatched(scope.andOutbox(replicate != null), c -> {
            if (!condition.isNone()) {
                // OBJ-CD3: the bucket's write lock first (as every write takes it), then the check, in this transaction.
                lockBucket(c, bucket, incarnation);
                Optional<ObjectVersion> latest = latestIn(c, bucket, key);
                condition.check(latest);
                if (latest.isEmpty()) return new DeleteOutcome(Optional.empty(), Optional.empty(), List.of()); // OBJ-CD2
            }
            List<String> released = new ArrayList<>();
            switch (mode) {
                case UNVERSIONED -> {
                    // AUTH-13: no marker's seq bump to check the bucket with (an unconditional delete)
                    if (condition.isNone()) Incarnations.require(c, bucket, incarnation);
                    Optional<ObjectVersion> removed = removeUnlessLocked(c, bucket, key, NULL_VERSION, now, released);
                    if (removed.isPresent() && removed.get().latest()) promoteNewest(c, bucket, key);
                    return new DeleteOutcome(removed, Optional.empty(), List.copyOf(released));
                }
                case ENABLED -> {
                    ObjectVersion marker = addMarker(c, bucket, key, markerVersionId, now, incarnation);
                    if (replicate != null) JdbcReplicationOutbox.insert(c, bucket, key, markerVersionId, replicate, now);
                    return new DeleteOutcome(Optional.empty(), Optional.of(marker), List.of());
                }
                case SUSPENDED -> {
                    // The "null" version is replaced by a "null" delete marker; other versions stay.
                    Optional<ObjectVersion> removed = removeUnlessLocked(c, bucket, key, NULL_VERSION, now, released);
                    // AUTH-13: the marker's bump checks the bucket; a refusal rolls the removal back with it
                    ObjectVersion marker = addMarker(c, bucket, key, NULL_VERSION, now, incarnation);
                    return new DeleteOutcome(removed, Optional.of(marker), List.copyOf(released));
                }
            }
            throw new AssertionError(mode);
        });
    }

    @Override
    public DeleteOutcome deleteVersion(String bucket, String key, String versionId, DeleteCondition condition, LockGuard guard,
                                       long incarnation) {
        return tx.writeBatched(WriteScope.bucket(bucket), c -> {
            if (!condition.isNone() || guard != null) {
                lockBucket(c, bucket, incarnation); // OBJ-CD3, LOCK-5; AUTH-13 rides on it
                Optional<ObjectVersion> addressed = one(c, SELECT + " WHERE bucket = ? AND key = ? AND version_id = ?", bucket, key, versionId);
                condition.check(addressed);
                if (guard != null && addressed.isPresent()) guard.check(addressed.get().lock());
            } else {
                Incarnations.require(c, bucket, incarnation); // AUTH-13
            }
            List<String> released = new ArrayList<>();
            Optional<ObjectVersion> removed = removeVersion(c, bucket, key, versionId, released);
            if (removed.isPresent() && removed.get().latest()) promoteNewest(c, bucket, key);
            // REP-R4: the user removed this version (or marker) before it was copied; it is never
            // replicated, and its pending outbox row goes in the same transaction instead of turning
            // into a FAILED copy later.
            if (removed.isPresent()) JdbcReplicationOutbox.cancelPending(c, bucket, key, versionId);
            return new DeleteOutcome(removed, Optional.empty(), List.copyOf(released));
        });
    }

    @Override
    public List<ObjectVersion> listLatest(String bucket, String prefix, String after, int limit, long incarnation) {
        if (limit <= 0) return List.of();
        return tx.read(c -> ObjectReads.latestPage(c, bucket, prefix, after, limit, incarnation));
    }

    @Override
    public List<ObjectVersion> listVersions(String bucket, String prefix, String afterKey, long afterSeq, int limit, long incarnation) {
        if (limit <= 0) return List.of();
        return tx.read(c -> ObjectReads.versionsPage(c, bucket, prefix, afterKey, afterSeq, limit, incarnation));
    }

    @Override
    public Optional<ObjectVersion> setTags(String bucket, String key, String versionId, Map<String, String> tags, long incarnation) {
        return setInPlace("tags", ObjectRows.json(tags), bucket, key, versionId, incarnation);
    }

    /**
     * One column of exactly that version, in place, in the bucket row of {@code incarnation} only
     * (AUTH-13: the condition is in the update itself; only a refusal reads the row once more, to
     * tell a namesake, NoSuchBucket, from a missing version, empty). Under the bucket's lock like
     * every write of its versions (SC-T1): a lifecycle action re-checks the tags it decided on under
     * that lock and then removes the row (LC-C3), which holds on PostgreSQL only if a tagging cannot
     * commit in between; unscoped (SC-T2), it could, and the object was expired on tags it no longer had.
     */
    private Optional<ObjectVersion> setInPlace(String column, String value, String bucket, String key, String versionId, long incarnation) {
        return tx.write(WriteScope.bucket(bucket), c -> {
            int n = Sql.update(c, "UPDATE objects SET " + column + " = ? WHERE bucket = ? AND key = ? AND version_id = ? AND delete_marker = 0"
                            + " AND EXISTS (SELECT 1 FROM buckets WHERE name = ? AND " + JdbcBucketRepository.OF_INCARNATION + ")",
                    value, bucket, key, versionId, bucket, incarnation, incarnation);
            if (n == 0) {
                Incarnations.require(c, bucket, incarnation);
                return Optional.<ObjectVersion>empty();
            }
            return one(c, SELECT + " WHERE bucket = ? AND key = ? AND version_id = ?", bucket, key, versionId);
        });
    }

    @Override
    public Optional<ObjectVersion> updateLock(String bucket, String key, String versionId, UnaryOperator<ObjectLock> change,
                                              long incarnation) {
        return tx.write(WriteScope.bucket(bucket), c -> {
            lockBucket(c, bucket, incarnation); // LOCK-6: decided and written with no write of the bucket in between; AUTH-13
            Optional<ObjectVersion> v = one(c, SELECT + " WHERE bucket = ? AND key = ? AND version_id = ? AND delete_marker = 0", bucket, key, versionId);
            if (v.isEmpty()) return v;
            ObjectLock next = change.apply(v.get().lock());
            Sql.update(c, "UPDATE objects SET lock_mode = ?, lock_until = ?, legal_hold = ? WHERE bucket = ? AND key = ? AND version_id = ?",
                    next.mode() == null ? null : next.mode().name(), next.retainUntil() == null ? null : next.retainUntil().toEpochMilli(),
                    next.legalHold(), bucket, key, versionId);
            return Optional.of(v.get().toBuilder().lock(next).build());
        });
    }

    @Override
    public Optional<ObjectVersion> setAcl(String bucket, String key, String versionId, Acl acl, long incarnation) {
        return setInPlace("acl", acl == null ? null : acl.encode(), bucket, key, versionId, incarnation);
    }

    @Override
    public boolean hasAny(String bucket) {
        return tx.read(c -> JdbcBucketRepository.exists(c, "SELECT 1 FROM objects WHERE bucket = ? LIMIT 1", bucket));
    }

    /** A MIN over the primary key (bucket, key, version_id): one index seek. */
    @Override
    public Optional<String> nextBucketWithVersions(String after) {
        return tx.read(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT MIN(bucket) FROM objects WHERE bucket > ?", after == null ? "" : after);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    @Override
    public boolean markDamaged(ObjectVersion seen, String damage, Instant at) {
        // The "still the version read" check is the UPDATE's own condition (AUTH-13): a null blob id or
        // ETag is spelled IS NULL rather than bound, as PostgreSQL cannot type a bare "? IS NULL".
        String sql = "UPDATE objects SET damage = ?, damaged_at = ? WHERE bucket = ? AND key = ? AND version_id = ? AND seq = ?"
                + " AND created_at = ?" + (seen.blobId() == null ? " AND blob_id IS NULL" : " AND blob_id = ?")
                + (seen.etag() == null ? " AND etag IS NULL" : " AND etag = ?");
        List<Object> args = new ArrayList<>(List.of(seen.bucket(), seen.key(), seen.versionId(), seen.seq(), seen.lastModified().toEpochMilli()));
        if (seen.blobId() != null) args.add(seen.blobId());
        if (seen.etag() != null) args.add(seen.etag());
        args.add(0, damage == null ? null : at.toEpochMilli());
        args.add(0, damage);
        return tx.write(c -> Sql.update(c, sql, args.toArray()) == 1);
    }

}
