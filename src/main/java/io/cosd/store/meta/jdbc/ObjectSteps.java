package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.meta.NoSuchBucketException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.cosd.store.meta.jdbc.ObjectReads.SELECT;

/**
 * The steps the write transactions of object versions share ({@link JdbcObjectRepository}'s puts and
 * deletes, multipart completion, lifecycle): the seq bump that is also the bucket's write lock and its
 * AUTH-13 check, the key probe (ST-W7), demoting and promoting the latest row, adding a delete marker,
 * and removing a version with its parts and restored copy (LOCK-5). Each runs in its caller's
 * transaction, on its connection.
 */
final class ObjectSteps {
    private ObjectSteps() {}

    static long nextSeq(Connection c, String bucket) throws SQLException {
        return nextSeq(c, bucket, Bucket.ANY_INCARNATION);
    }

    /**
     * The bucket's next seq, taken in the bucket row of {@code incarnation} only (docs/security.md
     * AUTH-13): the bump returns the row's incarnation, and another one (a namesake created since the
     * request read the bucket it was authorized against) is {@link NoSuchBucketException}, the bump
     * rolled back with the rest of the write. The same one statement as before, on both engines.
     */
    static long nextSeq(Connection c, String bucket, long incarnation) throws SQLException {
        HeldSeq.Allocated held = HeldSeq.take(c, bucket); // allocated by the scope's lock statement (PostgreSQL)
        if (held != null) {
            Incarnations.check(bucket, held.incarnation(), incarnation); // AUTH-13
            return held.seq();
        }
        // One statement, not an UPDATE and a SELECT: it runs for every write on the single writer
        // (docs/performance.md "The PUT path's CPU"); RETURNING is SQLite's (3.35+) and PostgreSQL's.
        try (PreparedStatement ps = Sql.prepare(c,
                "UPDATE buckets SET next_seq = next_seq + 1 WHERE name = ? RETURNING next_seq - 1, incarnation", bucket);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new NoSuchBucketException(bucket); // deleted since the request looked it up (docs/storage.md)
            Incarnations.check(bucket, rs.getLong(2), incarnation); // AUTH-13: a namesake created since
            return rs.getLong(1);
        }
    }

    /** ST-W7's probe; its plan (a covering seek, no scan) is pinned by SqliteMetadataStoreTest. */
    static final String KEY_HAS_ROWS_SQL = "SELECT 1 FROM objects WHERE bucket = ? AND key = ? LIMIT 1";

    /**
     * ST-W7: whether the key has any row at all, one seek of the primary key that reads no column
     * of the row. A new key in an unversioned or suspended bucket (the usual PUT) then skips the
     * null version's 30-column read and the demote, which find nothing there (VER-I4: with no row
     * there is no null version to replace and no latest to demote); any row, a noncurrent one or
     * a delete marker included, takes the full path. The caller holds the bucket's write lock
     * ({@link #nextSeq}), so no write of the key can come between this probe and the insert.
     */
    static boolean keyHasRows(Connection c, String bucket, String key) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, KEY_HAS_ROWS_SQL, bucket, key);
             ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** The key's latest row (a delete marker included), read inside a write transaction. */
    static Optional<ObjectVersion> latestIn(Connection c, String bucket, String key) throws SQLException {
        return one(c, SELECT + " WHERE bucket = ? AND key = ? AND is_latest = 1", bucket, key);
    }

    /**
     * Takes the bucket row's write lock without changing it (a no-op update), as {@link #nextSeq}
     * does for every write: on engines with concurrent writers a conditional delete's check and its
     * delete then never interleave with another write of the bucket. SQLite has one writer anyway.
     */
    static void lockBucket(Connection c, String bucket) throws SQLException {
        lockBucket(c, bucket, Bucket.ANY_INCARNATION);
    }

    /** As {@link #lockBucket(Connection, String)}, in the bucket row of {@code incarnation} only (AUTH-13, same statement). */
    static void lockBucket(Connection c, String bucket, long incarnation) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "UPDATE buckets SET next_seq = next_seq WHERE name = ? RETURNING incarnation", bucket);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new NoSuchBucketException(bucket);
            Incarnations.check(bucket, rs.getLong(1), incarnation);
        }
    }

    static void demoteLatest(Connection c, String bucket, String key, Instant when) throws SQLException {
        Sql.update(c, "UPDATE objects SET is_latest = 0, noncurrent_since = ? WHERE bucket = ? AND key = ? AND is_latest = 1",
                when.toEpochMilli(), bucket, key);
    }

    static ObjectVersion addMarker(Connection c, String bucket, String key, String versionId, Instant now)
            throws SQLException {
        return addMarker(c, bucket, key, versionId, now, Bucket.ANY_INCARNATION);
    }

    static ObjectVersion addMarker(Connection c, String bucket, String key, String versionId, Instant now, long incarnation)
            throws SQLException {
        long seq = nextSeq(c, bucket, incarnation);
        demoteLatest(c, bucket, key, now);
        ObjectVersion marker = ObjectRows.marker(bucket, key, versionId, seq, Instant.ofEpochMilli(now.toEpochMilli()));
        ObjectRows.insert(c, marker);
        return marker;
    }

    /**
     * LOCK-5: {@link #removeVersion} for the paths that remove a "null" version as a side effect (a put or a
     * delete in an unversioned or suspended bucket, lifecycle's expiration there), checked in their own
     * transaction: the mode they were given was read before it, and a bucket can have gained versioning and
     * object lock since (a lock bucket is never suspended again), so a version its lock protects now is
     * refused (OBJECT_LOCKED), never removed. No bypass: these paths ask for none.
     */
    static Optional<ObjectVersion> removeUnlessLocked(Connection c, String bucket, String key, String versionId, Instant now,
                                                      List<String> released) throws SQLException {
        Optional<ObjectVersion> v = one(c, SELECT + " WHERE bucket = ? AND key = ? AND version_id = ?", bucket, key, versionId);
        if (v.isPresent()) io.cosd.domain.lock.LockRules.checkRemove(v.get().lock(), false, now);
        return removeRow(c, bucket, key, versionId, v, released);
    }

    /** Removes one version and its completed-multipart parts; adds the blobs it held to {@code released}. */
    static Optional<ObjectVersion> removeVersion(Connection c, String bucket, String key, String versionId,
                                                         List<String> released) throws SQLException {
        return removeRow(c, bucket, key, versionId,
                one(c, SELECT + " WHERE bucket = ? AND key = ? AND version_id = ?", bucket, key, versionId), released);
    }

    /** Removes version {@code v}, read by the caller in this transaction, with its parts and restored copy. */
    private static Optional<ObjectVersion> removeRow(Connection c, String bucket, String key, String versionId, Optional<ObjectVersion> v,
                                                     List<String> released) throws SQLException {
        if (v.isEmpty()) return v;
        // An inline blob goes with its row (V20 trigger), in this transaction: nothing to release after it.
        if (v.get().blobId() != null && !io.cosd.store.blob.InlineBlobs.isInline(v.get().blobId())) released.add(v.get().blobId());
        try (PreparedStatement ps = Sql.prepare(c,
                "SELECT blob_id FROM object_parts WHERE bucket = ? AND key = ? AND version_id = ? ORDER BY part_number",
                bucket, key, versionId); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) released.add(rs.getString(1));
        }
        Sql.update(c, "DELETE FROM object_parts WHERE bucket = ? AND key = ? AND version_id = ?", bucket, key, versionId);
        JdbcLifecycleRepository.dropRestore(c, bucket, key, versionId, released); // a restored copy goes with its version
        Sql.update(c, "DELETE FROM objects WHERE bucket = ? AND key = ? AND version_id = ?", bucket, key, versionId);
        return v;
    }

    /** After the latest version was removed, the newest remaining one (highest seq) becomes latest. */
    static void promoteNewest(Connection c, String bucket, String key) throws SQLException {
        Sql.update(c, "UPDATE objects SET is_latest = 1, noncurrent_since = NULL"
                + " WHERE bucket = ? AND key = ? AND version_id ="
                + " (SELECT version_id FROM objects WHERE bucket = ? AND key = ? ORDER BY seq DESC LIMIT 1)",
                bucket, key, bucket, key);
    }

    /** The one row {@code sql} finds, as a version; empty when none. */
    static Optional<ObjectVersion> one(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(ObjectRows.read(rs)) : Optional.empty();
        }
    }
}
