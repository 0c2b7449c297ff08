package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.Bucket;
import io.cosd.store.meta.NoSuchBucketException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * docs/security.md AUTH-13: a write commits only into the bucket row it was authorized against. The
 * row's incarnation comes back from the statement the write makes anyway (the {@code next_seq} bump,
 * {@link ObjectSteps#nextSeq}; the bucket lock, {@link ObjectSteps#lockBucket}) and
 * is compared here; another one is a namesake created since: {@link NoSuchBucketException}, thrown
 * inside the write's transaction so that everything it did rolls back.
 */
final class Incarnations {
    private Incarnations() {}

    /** Throws unless {@code found} is the row the caller expects ({@link Bucket#ANY_INCARNATION}: any). */
    static void check(String bucket, long found, long expected) {
        if (expected != Bucket.ANY_INCARNATION && found != expected) throw new NoSuchBucketException(bucket);
    }

    /**
     * For a write that takes no seq and no bucket lock statement of its own (an unconditional delete):
     * one read of the row's incarnation, skipped when the caller names none. Inside the write's
     * transaction, after the scope's lock (PostgreSQL) or under the single writer (SQLite).
     */
    static void require(Connection c, String bucket, long expected) throws SQLException {
        if (expected == Bucket.ANY_INCARNATION) return;
        try (PreparedStatement ps = Sql.prepare(c, "SELECT incarnation FROM buckets WHERE name = ?", bucket);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new NoSuchBucketException(bucket);
            check(bucket, rs.getLong(1), expected);
        }
    }

    /**
     * Whether the row named {@code bucket} is there with {@code expected} (always, for
     * {@link Bucket#ANY_INCARNATION}); for a worker's page that, planned from one bucket row, is
     * simply not applied to a namesake (a lifecycle pass: its versions' seqs start again at 1 in a
     * re-created bucket, so key and seq alone do not tell the rows apart). One read, off the PUT path.
     */
    static boolean holds(Connection c, String bucket, long expected) throws SQLException {
        if (expected == Bucket.ANY_INCARNATION) return true;
        try (PreparedStatement ps = Sql.prepare(c, "SELECT incarnation FROM buckets WHERE name = ?", bucket);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getLong(1) == expected;
        }
    }
}
