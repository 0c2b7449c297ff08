package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.object.ObjectVersion;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reads of object rows that {@link JdbcObjectRepository} answers: a key's latest row or one
 * version, scoped to the incarnation a request was authorized against (AUTH-15), and the listing
 * pages, each an index range scan (docs/performance.md "Listing and lifecycle at scale"). Their
 * statements are here as constants and builders, so SqliteMetadataStoreTest pins their plans.
 */
final class ObjectReads {
    static final String SELECT = "SELECT " + ObjectRows.COLUMNS + " FROM objects";

    private ObjectReads() {}

    /**
     * AUTH-15: a read that names the incarnation it was authorized against carries it in the one
     * statement that reads the row, so row and bucket come from one snapshot: a primary-key probe of
     * {@code buckets} (plan pinned by SqliteMetadataStoreTest), no statement added to a hit.
     */
    static final String OF_BUCKET = " AND EXISTS (SELECT 1 FROM buckets WHERE name = ? AND incarnation = ?)";

    /** A key's latest row (a delete marker included); with {@link #OF_BUCKET} appended, a read of AUTH-15. */
    static final String LATEST_SQL = SELECT + " WHERE bucket = ? AND key = ? AND is_latest = 1";
    /** Exactly that version's row; with {@link #OF_BUCKET} appended, a read of AUTH-15. */
    static final String VERSION_SQL = SELECT + " WHERE bucket = ? AND key = ? AND version_id = ?";

    /**
     * {@code sql} (its arguments {@code args}) with {@link #OF_BUCKET} when {@code incarnation} names a
     * row. An empty answer may be a missing key or a namesake; only then is the row read once more
     * (Incarnations.require) to tell them apart: an incarnation never comes back, so a second read
     * that finds it proves the bucket was the authorized one when the first read found nothing.
     */
    static Optional<ObjectVersion> scoped(Connection c, String bucket, long incarnation, String sql, Object... args) throws SQLException {
        if (incarnation == Bucket.ANY_INCARNATION) return ObjectSteps.one(c, sql, args);
        Object[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = bucket;
        all[args.length + 1] = incarnation;
        Optional<ObjectVersion> v = ObjectSteps.one(c, sql + OF_BUCKET, all);
        if (v.isEmpty()) Incarnations.require(c, bucket, incarnation);
        return v;
    }

    /** ObjectRepository.listLatest's page, read in {@code c} (a read transaction); {@code limit} is positive. */
    static List<ObjectVersion> latestPage(Connection c, String bucket, String prefix, String after, int limit, long incarnation)
            throws SQLException {
        String p = prefix == null ? "" : prefix;
        // One lower bound: whichever of "key >= prefix" and "key > after" is tighter.
        boolean afterIsLower = after != null && KeyOrder.compare(after, p) >= 0;
        String upper = KeyOrder.prefixUpperBound(p);
        boolean scoped = incarnation != Bucket.ANY_INCARNATION;
        String sql = listLatestSql(afterIsLower, upper != null, scoped);
        List<Object> args = new ArrayList<>(List.of(bucket, afterIsLower ? after : p));
        if (upper != null) args.add(upper);
        if (scoped) args.addAll(List.of(bucket, incarnation));
        args.add(limit);
        List<ObjectVersion> out = new ArrayList<>(Math.min(limit, 1000));
        try (PreparedStatement ps = Sql.prepare(c, sql, args.toArray()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(ObjectRows.read(rs));
        }
        if (out.isEmpty()) Incarnations.require(c, bucket, incarnation); // AUTH-15: an empty page may be a namesake's
        return out;
    }

    /**
     * A range over the partial index {@code objects_listing (bucket, key) WHERE is_latest = 1 AND
     * delete_marker = 0}: the engine seeks to the lower bound and stops after {@code limit} rows,
     * already in key order (no sort).
     */
    static String listLatestSql(boolean afterIsLower, boolean hasUpper) {
        return listLatestSql(afterIsLower, hasUpper, false);
    }

    /** With {@code scoped}, every row of the page is read only while the bucket has the authorized incarnation (AUTH-15). */
    static String listLatestSql(boolean afterIsLower, boolean hasUpper, boolean scoped) {
        return SELECT + " WHERE bucket = ? AND is_latest = 1 AND delete_marker = 0"
                + (afterIsLower ? " AND key > ?" : " AND key >= ?")
                + (hasUpper ? " AND key < ?" : "")
                + (scoped ? OF_BUCKET : "")
                + " ORDER BY key LIMIT ?";
    }

    /**
     * Keyset pagination inside one key (docs/performance.md "Listing and lifecycle at scale"): a seek
     * on {@code objects_versions (bucket, key, seq DESC)} to the cursor's seq, then {@code limit} rows
     * in index order. A page costs the same at any depth of a key with a million versions: no
     * OFFSET, no skipped version is read.
     */
    static final String REST_OF_KEY_SQL = restOfKeySql(false);

    static String restOfKeySql(boolean scoped) {
        return SELECT + " WHERE bucket = ? AND key = ? AND seq < ?" + (scoped ? OF_BUCKET : "") + " ORDER BY seq DESC LIMIT ?";
    }

    /** The keys after the cursor (or from the prefix), all versions, in the order of {@code objects_versions}. */
    static String versionsSql(boolean afterIsLower, boolean hasUpper) {
        return versionsSql(afterIsLower, hasUpper, false);
    }

    /** With {@code scoped}, as {@link #listLatestSql(boolean, boolean, boolean)} (AUTH-15). */
    static String versionsSql(boolean afterIsLower, boolean hasUpper, boolean scoped) {
        return SELECT + " WHERE bucket = ?" + (afterIsLower ? " AND key > ?" : " AND key >= ?")
                + (hasUpper ? " AND key < ?" : "") + (scoped ? OF_BUCKET : "") + " ORDER BY key, seq DESC LIMIT ?";
    }

    /** ObjectRepository.listVersions's page, read in {@code c} (a read transaction); {@code limit} is positive. */
    static List<ObjectVersion> versionsPage(Connection c, String bucket, String prefix, String afterKey, long afterSeq, int limit,
                                            long incarnation) throws SQLException {
        String p = prefix == null ? "" : prefix;
        String upper = KeyOrder.prefixUpperBound(p);
        boolean scoped = incarnation != Bucket.ANY_INCARNATION;
        List<ObjectVersion> out = new ArrayList<>(Math.min(limit, 1000));
        // Two range scans over objects_versions (bucket, key, seq DESC): the rest of the cursor's
        // key, then the keys after it. An OR of both would defeat the index on some engines.
        if (afterKey != null && afterSeq != Long.MIN_VALUE && afterKey.startsWith(p)) {
            Object[] rest = scoped ? new Object[] {bucket, afterKey, afterSeq, bucket, incarnation, limit}
                    : new Object[] {bucket, afterKey, afterSeq, limit};
            try (PreparedStatement ps = Sql.prepare(c, restOfKeySql(scoped), rest); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(ObjectRows.read(rs));
            }
        }
        if (out.size() == limit) return out;
        boolean afterIsLower = afterKey != null && KeyOrder.compare(afterKey, p) >= 0;
        List<Object> args = new ArrayList<>(List.of(bucket, afterIsLower ? afterKey : p));
        if (upper != null) args.add(upper);
        if (scoped) args.addAll(List.of(bucket, incarnation));
        args.add(limit - out.size());
        try (PreparedStatement ps = Sql.prepare(c, versionsSql(afterIsLower, upper != null, scoped), args.toArray()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(ObjectRows.read(rs));
        }
        if (out.isEmpty()) Incarnations.require(c, bucket, incarnation); // AUTH-15: an empty page may be a namesake's
        return out;
    }
}
