package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.store.blob.InlineBlobs;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.LifecycleRepository;
import io.cosd.store.meta.ObjectRepository.DeleteOutcome;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.cosd.domain.object.ObjectVersion.NULL_VERSION;

/** {@link LifecycleRepository} over the objects and object_restores tables (V3 migration). */
final class JdbcLifecycleRepository implements LifecycleRepository {
    private static final String SELECT = "SELECT " + ObjectRows.COLUMNS + " FROM objects";
    private static final String RESTORE_COLUMNS = "bucket, key, version_id, status, tier, days, requested_at, ready_at, expiry, blob_id";

    private final Tx tx;

    JdbcLifecycleRepository(Tx tx) {
        this.tx = tx;
    }

    @Override
    public List<String> bucketsWithConfig(ConfigKind kind, String after, int limit) {
        return tx.read(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT bucket FROM bucket_configs WHERE kind = ? AND bucket > ? ORDER BY bucket LIMIT ?",
                    kind.name(), after == null ? "" : after, limit); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        });
    }

    @Override
    public Optional<DeleteOutcome> expireCurrent(String bucket, String key, long expectedSeq, VersioningState mode,
                                                 String markerVersionId, Instant now) {
        return tx.write(WriteScope.bucket(bucket), c -> expireIn(c, bucket, key, expectedSeq, mode, markerVersionId, now, null));
    }

    @Override
    public BatchOutcome expireCurrents(List<ExpireRef> refs, VersioningState mode, Instant now) {
        if (refs.isEmpty()) return new BatchOutcome(new boolean[0], List.of());
        return tx.write(WriteScope.buckets(refs.stream().map(ExpireRef::bucket).toList()), c -> {
            boolean[] applied = new boolean[refs.size()];
            List<String> released = new ArrayList<>();
            java.util.Map<String, Boolean> holds = new java.util.HashMap<>(); // AUTH-13: one read per bucket row of the page
            java.util.Map<String, Optional<VersioningState>> rows = new java.util.HashMap<>(); // LC-C2: one read per bucket row
            for (int i = 0; i < refs.size(); i++) {
                ExpireRef r = refs.get(i);
                if (!holds(c, holds, r.bucket(), r.bucketIncarnation())) continue; // planned from another row of the name
                if (r.scanned() != null) {
                    // LC-C2: the mode the plan expired in is still the bucket's (a Suspended expiration removes the
                    // "null" version, which an Enabled bucket keeps); LC-C3 the tags its filter matched
                    if (versioningNow(c, rows, r.bucket(), r.bucketIncarnation()).orElse(null) != mode) continue;
                }
                Optional<DeleteOutcome> out = expireIn(c, r.bucket(), r.key(), r.expectedSeq(), mode, r.markerVersionId(), now,
                        r.scanned() == null ? null : r.scanned().tags());
                if (out.isPresent()) {
                    applied[i] = true;
                    released.addAll(out.get().releasedBlobs());
                }
            }
            return new BatchOutcome(applied, List.copyOf(released));
        });
    }

    /** {@link Incarnations#holds}, read once per bucket and incarnation of a page. */
    private static boolean holds(Connection c, java.util.Map<String, Boolean> seen, String bucket, long incarnation) throws SQLException {
        String k = bucket + "\u0000" + incarnation;
        Boolean h = seen.get(k);
        if (h == null) seen.put(k, h = Incarnations.holds(c, bucket, incarnation));
        return h;
    }

    /**
     * LC-C1..C5 ({@link LifecycleRepository.Scanned}): whether {@code row}, the version {@code r} names with the seq the
     * scan saw, read in this transaction, is still what the plan decided its removal on. Earlier removals of the page
     * (same transaction, a key's older versions first) are seen, as they should be: COS's lone-marker cleanup removes
     * the marker last, once the versions behind it are gone.
     */
    private static boolean asScanned(Connection c, java.util.Map<String, Optional<VersioningState>> rows, VersionRef r, ObjectVersion row)
            throws SQLException {
        LifecycleRepository.Scanned s = r.scanned();
        if (versioningNow(c, rows, r.bucket(), r.bucketIncarnation()).orElse(null) != s.versioning()) return false; // LC-C2
        if (!rowAsScanned(row, s)) return false; // LC-C1, LC-C3, LC-C6
        if (row.latest() && row.deleteMarker()) { // LC-C4: still alone, or removing it makes an older version current
            try (PreparedStatement ps = Sql.prepare(c, "SELECT 1 FROM objects WHERE bucket = ? AND key = ? AND version_id <> ? LIMIT 1",
                    row.bucket(), row.key(), row.versionId()); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return false;
            }
        }
        if (!row.latest() && s.keepNewer() > 0) { // LC-C5: still beyond the NewerNoncurrentVersions kept
            // at most keepNewer rows read (objects_versions, from this seq up): unbounded, the pass read every newer version
            // of the key for each version it removed, quadratic in a key with many versions
            try (PreparedStatement ps = Sql.prepare(c, "SELECT COUNT(*) FROM (SELECT 1 FROM objects WHERE bucket = ? AND key = ? AND is_latest = 0"
                    + " AND seq > ? LIMIT ?) newer", row.bucket(), row.key(), row.seq(), s.keepNewer()); ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getLong(1) < s.keepNewer()) return false;
            }
        }
        return true;
    }

    /**
     * What a removal and a transition both check on the version's own row (no other read): still current, or noncurrent
     * since the same time (LC-C1); the tags the filters matched (LC-C3); no copy queued by a resync after the scan
     * (LC-C6, REP-R6; no new seq either).
     */
    private static boolean rowAsScanned(ObjectVersion row, LifecycleRepository.Scanned s) {
        return row.latest() == s.latest() && java.util.Objects.equals(row.noncurrentSince(), s.noncurrentSince())
                && row.tags().equals(s.tags()) && !pending(row);
    }

    /**
     * REP-R6: a version whose copy is queued. A resync (enqueueExisting) or a requeue of failed copies sets it on
     * an existing version without a new seq, so an action planned before must see it on the row.
     */
    private static boolean pending(ObjectVersion v) {
        return v.replicationStatus() == io.cosd.domain.replication.ReplicationStatus.PENDING;
    }

    /** The versioning of the bucket row of {@code incarnation}, read once per bucket row of a page; empty when that row is gone. */
    private static Optional<VersioningState> versioningNow(Connection c, java.util.Map<String, Optional<VersioningState>> seen, String bucket,
                                                           long incarnation) throws SQLException {
        String k = bucket + "\u0000" + incarnation;
        Optional<VersioningState> v = seen.get(k);
        if (v == null) {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT incarnation, versioning FROM buckets WHERE name = ?", bucket);
                 ResultSet rs = ps.executeQuery()) {
                v = rs.next() && (incarnation == io.cosd.domain.bucket.Bucket.ANY_INCARNATION || rs.getLong(1) == incarnation)
                        ? Optional.of(VersioningState.valueOf(rs.getString(2))) : Optional.empty();
            }
            seen.put(k, v);
        }
        return v;
    }

    /**
     * One expiration (LC-E2) as a step of the caller's write transaction; empty when the key changed since the scan.
     * {@code tags}: the tags the rules' filters matched, which the version must still have (LC-C3); null: not checked.
     */
    private static Optional<DeleteOutcome> expireIn(Connection c, String bucket, String key, long expectedSeq, VersioningState mode,
                                                    String markerVersionId, Instant now, java.util.Map<String, String> tags) throws SQLException {
        Optional<ObjectVersion> latest = ObjectSteps.one(c, SELECT + " WHERE bucket = ? AND key = ? AND is_latest = 1", bucket, key);
        if (latest.isEmpty() || latest.get().seq() != expectedSeq || latest.get().deleteMarker()) return Optional.empty();
        if (tags != null && !latest.get().tags().equals(tags)) return Optional.empty(); // LC-C3
        // LOCK-10: the mode was read at the pass's start; a version a lock protects now (the latest, or the
        // "null" version a suspended expiration replaces) is skipped, never removed. LC-C6, REP-R6: so is one whose
        // copy a resync queued after the scan (no new seq; the plan never removes a PENDING one,
        // LifecycleExecutor.waitsForReplication). One read of the "null" version for both.
        if (mode == VersioningState.UNVERSIONED && (latest.get().lock().protectsAt(now) || tags != null && pending(latest.get()))) {
            return Optional.empty();
        }
        if (mode == VersioningState.SUSPENDED && ObjectSteps.one(c, SELECT + " WHERE bucket = ? AND key = ? AND version_id = ?",
                bucket, key, NULL_VERSION).map(v -> v.lock().protectsAt(now) || tags != null && pending(v)).orElse(false)) return Optional.empty();
        List<String> released = new ArrayList<>();
        return Optional.of(switch (mode) {
            case UNVERSIONED -> {
                remove(c, latest.get(), released); // the row just read: no second lookup (and it promotes, as it is the latest)
                yield new DeleteOutcome(latest, Optional.empty(), List.copyOf(released));
            }
            case ENABLED -> new DeleteOutcome(Optional.empty(),
                    Optional.of(ObjectSteps.addMarker(c, bucket, key, markerVersionId, now)), List.of());
            case SUSPENDED -> {
                Optional<ObjectVersion> removed = ObjectSteps.removeVersion(c, bucket, key, NULL_VERSION, released);
                ObjectVersion marker = ObjectSteps.addMarker(c, bucket, key, NULL_VERSION, now);
                yield new DeleteOutcome(removed, Optional.of(marker), List.copyOf(released));
            }
        });
    }

    @Override
    public Optional<DeleteOutcome> deleteVersion(String bucket, String key, String versionId, long expectedSeq) {
        return tx.write(WriteScope.bucket(bucket), c -> {
            Optional<ObjectVersion> v = ObjectSteps.one(c, SELECT + " WHERE bucket = ? AND key = ? AND version_id = ?", bucket, key, versionId);
            if (v.isEmpty() || v.get().seq() != expectedSeq) return Optional.empty();
            List<String> released = new ArrayList<>();
            Optional<ObjectVersion> removed = ObjectSteps.removeVersion(c, bucket, key, versionId, released);
            if (removed.get().latest()) ObjectSteps.promoteNewest(c, bucket, key);
            return Optional.of(new DeleteOutcome(removed, Optional.empty(), List.copyOf(released)));
        });
    }

    @Override
    public BatchOutcome deleteVersions(List<VersionRef> refs, Instant lockedAt) {
        if (refs.isEmpty()) return new BatchOutcome(new boolean[0], List.of());
        return tx.write(WriteScope.buckets(refs.stream().map(VersionRef::bucket).toList()), c -> {
            boolean[] applied = new boolean[refs.size()];
            List<String> released = new ArrayList<>();
            java.util.Map<String, Boolean> holds = new java.util.HashMap<>(); // AUTH-13: one read per bucket row of the page
            java.util.Map<String, Optional<VersioningState>> rows = new java.util.HashMap<>(); // LC-C2: the same
            for (int i = 0; i < refs.size(); i++) {
                VersionRef r = refs.get(i);
                if (!holds(c, holds, r.bucket(), r.bucketIncarnation())) continue; // planned from another row of the name
                Optional<ObjectVersion> v = ObjectSteps.one(c, SELECT + " WHERE bucket = ? AND key = ? AND version_id = ?", r.bucket(), r.key(), r.versionId());
                if (v.isEmpty() || v.get().seq() != r.seq()) continue;
                if (lockedAt != null && v.get().lock().protectsAt(lockedAt)) continue; // LOCK-10
                if (r.scanned() != null && !asScanned(c, rows, r, v.get())) continue; // LC-C1..C5
                remove(c, v.get(), released);
                applied[i] = true;
            }
            return new BatchOutcome(applied, List.copyOf(released));
        });
    }

    @Override
    public Optional<List<String>> transition(String bucket, String key, String versionId, long expectedSeq, StorageClass target, String newBlobId,
                                             long bucketIncarnation, Scanned scanned) {
        return tx.write(WriteScope.bucket(bucket), c -> {
            if (!Incarnations.holds(c, bucket, bucketIncarnation)) return Optional.empty(); // AUTH-13: planned from another row of the name
            Optional<ObjectVersion> v = ObjectSteps.one(c, SELECT + " WHERE bucket = ? AND key = ? AND version_id = ?", bucket, key, versionId);
            if (v.isEmpty() || v.get().seq() != expectedSeq || v.get().deleteMarker()) return Optional.empty();
            // LC-C1, LC-C3: a NoncurrentVersionTransition never archives a version an undelete made current, nor a rule
            // one whose tags it no longer matches (an archived version answers GET with an error until restored)
            if (scanned != null && !rowAsScanned(v.get(), scanned)) return Optional.empty(); // LC-C6 too
            if (newBlobId == null) {
                Sql.update(c, "UPDATE objects SET storage_class = ? WHERE bucket = ? AND key = ? AND version_id = ?", target.name(), bucket, key, versionId);
                return Optional.of(List.of());
            }
            // The cold blob replaces the hot one and any parts (a multipart object's bytes are now one cold blob).
            List<String> released = new ArrayList<>();
            if (releasable(v.get().blobId())) released.add(v.get().blobId());
            try (PreparedStatement ps = Sql.prepare(c, "SELECT blob_id FROM object_parts WHERE bucket = ? AND key = ? AND version_id = ?",
                    bucket, key, versionId); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) released.add(rs.getString(1));
            }
            Sql.update(c, "DELETE FROM object_parts WHERE bucket = ? AND key = ? AND version_id = ?", bucket, key, versionId);
            Sql.update(c, "UPDATE objects SET storage_class = ?, blob_id = ?, parts_count = 0 WHERE bucket = ? AND key = ? AND version_id = ?",
                    target.name(), newBlobId, bucket, key, versionId);
            tx.fence().admit(c, newBlobId); // SC-F1: the cold copy is a new blob
            return Optional.of(List.copyOf(released));
        });
    }

    @Override
    public Optional<Restore> restore(String bucket, String key, String versionId) {
        return tx.read(c -> oneRestore(c, bucket, key, versionId));
    }

    @Override
    public boolean startRestore(Restore r) {
        return tx.write(WriteScope.bucket(r.bucket()), c -> {
            Optional<Restore> old = oneRestore(c, r.bucket(), r.key(), r.versionId());
            if (old.isPresent() && old.get().ongoing()) return false;
            List<String> released = new ArrayList<>();
            dropRestore(c, r.bucket(), r.key(), r.versionId(), released);
            // RestoreService drops an expired copy (and deletes its blob) first; anything left here
            // becomes an orphan that start-up collects.
            Sql.update(c, "INSERT INTO object_restores (" + RESTORE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    r.bucket(), r.key(), r.versionId(), r.status(), r.tier(), r.days(), r.requestedAt().toEpochMilli(),
                    r.readyAt().toEpochMilli(), r.expiry() == null ? null : r.expiry().toEpochMilli(), r.blobId());
            tx.fence().admit(c, r.blobId()); // SC-F1 (none yet when a restore starts; null is skipped)
            return true;
        });
    }

    @Override
    public boolean extendRestore(String bucket, String key, String versionId, int days, Instant expiry) {
        // LC-R8: under the bucket's lock, as expireRestore (read, then delete) is; unscoped on PostgreSQL it could commit
        // between that read and that delete, be answered as extended, and lose its copy
        return tx.write(WriteScope.bucket(bucket), c -> Sql.update(c, "UPDATE object_restores SET days = ?, expiry = ? WHERE bucket = ? AND key = ? AND version_id = ? AND status = ?",
                days, expiry.toEpochMilli(), bucket, key, versionId, Restore.DONE) > 0);
    }

    @Override
    public List<Restore> dueRestores(Instant now, int limit) {
        return tx.read(c -> {
            List<Restore> out = new ArrayList<>();
            long t = now.toEpochMilli();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT " + RESTORE_COLUMNS + " FROM object_restores WHERE status = ? AND ready_at <= ? ORDER BY ready_at LIMIT ?",
                    Restore.ONGOING, t, limit); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            try (PreparedStatement ps = Sql.prepare(c, "SELECT " + RESTORE_COLUMNS + " FROM object_restores WHERE status = ? AND expiry <= ? ORDER BY expiry LIMIT ?",
                    Restore.DONE, t, limit); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(read(rs));
            }
            return out;
        });
    }

    @Override
    public boolean completeRestore(String bucket, String key, String versionId, long versionSeq, Instant requestedAt, String blobId,
                                   Instant expiry) {
        return tx.write(WriteScope.bucket(bucket), c -> {
            // LC-R7: the version whose bytes were copied, and the restore that asked for them, not a later one of the same name
            Optional<ObjectVersion> v = ObjectSteps.one(c, SELECT + " WHERE bucket = ? AND key = ? AND version_id = ?", bucket, key, versionId);
            if (v.isEmpty() || v.get().seq() != versionSeq) return false;
            boolean done = Sql.update(c, "UPDATE object_restores SET status = ?, blob_id = ?, expiry = ? WHERE bucket = ? AND key = ? AND version_id = ?"
                            + " AND status = ? AND requested_at = ?",
                    Restore.DONE, blobId, expiry.toEpochMilli(), bucket, key, versionId, Restore.ONGOING, requestedAt.toEpochMilli()) > 0;
            if (done) tx.fence().admit(c, blobId); // SC-F1: the restored copy is a new blob
            return done;
        });
    }

    @Override
    public Optional<String> expireRestore(String bucket, String key, String versionId, Instant now) {
        return tx.write(WriteScope.bucket(bucket), c -> {
            Optional<Restore> r = oneRestore(c, bucket, key, versionId);
            if (r.isEmpty() || r.get().ongoing() || r.get().expiry().isAfter(now)) return Optional.<String>empty();
            Sql.update(c, "DELETE FROM object_restores WHERE bucket = ? AND key = ? AND version_id = ?", bucket, key, versionId);
            return Optional.ofNullable(r.get().blobId());
        });
    }

    /**
     * The lifecycle pass's removal of a version it has just read: like
     * {@code ObjectSteps.removeVersion} + promotion, but parts and restore rows are only
     * looked up when the version can have them (multipart; archive class), which makes a page of
     * deletions three statements per version instead of seven (bench/README.md "Lifecycle pass").
     */
    private static void remove(Connection c, ObjectVersion v, List<String> released) throws SQLException {
        if (releasable(v.blobId())) released.add(v.blobId());
        if (v.partsCount() > 0) {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT blob_id FROM object_parts WHERE bucket = ? AND key = ? AND version_id = ?",
                    v.bucket(), v.key(), v.versionId()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) released.add(rs.getString(1));
            }
            Sql.update(c, "DELETE FROM object_parts WHERE bucket = ? AND key = ? AND version_id = ?", v.bucket(), v.key(), v.versionId());
        }
        if (v.storageClass().isArchive()) dropRestore(c, v.bucket(), v.key(), v.versionId(), released);
        Sql.update(c, "DELETE FROM objects WHERE bucket = ? AND key = ? AND version_id = ?", v.bucket(), v.key(), v.versionId());
        if (v.latest()) ObjectSteps.promoteNewest(c, v.bucket(), v.key());
    }

    /**
     * Whether a version's blob is deleted after the commit that removes or re-points the version: not
     * when inline, since the V20/V21 trigger deleted its row in that same commit (ST-W3); releasing it
     * again cost a write transaction of its own, an fsync, per inline version expired.
     */
    private static boolean releasable(String blobId) {
        return blobId != null && !io.cosd.store.blob.InlineBlobs.isInline(blobId);
    }

    /** Removes a version's restore row inside the caller's transaction, adding its blob to {@code released}. */
    static void dropRestore(Connection c, String bucket, String key, String versionId, List<String> released) throws SQLException {
        Optional<Restore> r = oneRestore(c, bucket, key, versionId);
        if (r.isEmpty()) return;
        if (r.get().blobId() != null) released.add(r.get().blobId());
        Sql.update(c, "DELETE FROM object_restores WHERE bucket = ? AND key = ? AND version_id = ?", bucket, key, versionId);
    }

    private static Optional<Restore> oneRestore(Connection c, String bucket, String key, String versionId) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "SELECT " + RESTORE_COLUMNS + " FROM object_restores WHERE bucket = ? AND key = ? AND version_id = ?",
                bucket, key, versionId); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private static Restore read(ResultSet rs) throws SQLException {
        long expiry = rs.getLong(9);
        Instant exp = rs.wasNull() ? null : Instant.ofEpochMilli(expiry);
        return new Restore(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                Instant.ofEpochMilli(rs.getLong(7)), Instant.ofEpochMilli(rs.getLong(8)), exp, rs.getString(10));
    }
}
