package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.AzType;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ChangeFeed;
import io.cosd.store.meta.ChangeFeed.Change;
import io.cosd.store.meta.ChangeFeed.Kind;
import io.cosd.store.meta.ConfigKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Buckets and their per-kind configuration documents. Every write of an existing bucket's row or
 * configuration locks the bucket first ({@link WriteScope}, docs/scale-out.md SC-T1, SC-T6): on
 * PostgreSQL it then queues behind the bucket's object writes instead of being aborted by each of
 * them. Only a creation, which has no row to lock yet, runs SERIALIZABLE. Every write of a configuration row, and a
 * bucket's creation and deletion, publishes its change in its own transaction (docs/scale-out.md
 * "Caches across nodes", SC-C5). On PostgreSQL a node keeps bucket rows ({@link BucketRows}, SC-C7),
 * so a versioning change publishes {@code BUCKET} too.
 */
final class JdbcBucketRepository implements BucketRepository {
    static final String COLUMNS = "name, owner_uin, appid, region, created_at, versioning, az_type, incarnation";
    private static final java.security.SecureRandom INCARNATIONS = new java.security.SecureRandom();
    /**
     * AUTH-13 inside a write's own statement: the bucket row of the incarnation bound twice after it, or
     * any row when that is {@link Bucket#ANY_INCARNATION} (0, never a row's value).
     */
    static final String OF_INCARNATION = "(? = 0 OR incarnation = ?)";

    private final Tx tx;
    private final Clock clock;
    private final BucketRows rows; // null: SQLite, whose memos follow the WAL-index header instead

    JdbcBucketRepository(Tx tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
        this.rows = tx.locksRows() ? new BucketRows(tx.changes()) : null;
    }

    /**
     * INSERT .. ON CONFLICT DO NOTHING (SQLite and PostgreSQL) decides the race inside the engine:
     * the loser inserts nothing and then reads the winner's owner in the same transaction.
     */
    @Override
    public CreateResult create(Bucket b, Map<ConfigKind, String> configs) {
        long now = clock.millis();
        return tx.write(c -> {
            int inserted = Sql.update(c, "INSERT INTO buckets (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT (name) DO NOTHING",
                    b.name(), b.ownerUin(), b.appId(), b.region(), b.createdAt().toEpochMilli(), b.versioning().name(),
                    // the creator's own draw (BucketService, so the Bucket it returns names this row), else one here
                    b.az().name(), b.incarnation() != Bucket.ANY_INCARNATION ? b.incarnation() : newIncarnation());
            if (inserted == 1) {
                for (var e : configs.entrySet()) {
                    Sql.update(c, "INSERT INTO bucket_configs (bucket, kind, document, updated_at) VALUES (?, ?, ?, ?)",
                            b.name(), e.getKey().name(), e.getValue(), now);
                }
                // A node may cache a configuration's absence under this name (SC-C5).
                tx.changes().publish(c, Change.of(Kind.BUCKET, b.name()));
                return CreateResult.CREATED;
            }
            Bucket existing = find(c, b.name()).orElseThrow(() -> new IllegalStateException("bucket vanished: " + b.name()));
            return existing.ownerUin().equals(b.ownerUin()) ? CreateResult.EXISTS_SAME_OWNER : CreateResult.EXISTS_OTHER_OWNER;
        });
    }

    @Override
    public ChangeFeed changes() {
        return tx.changes();
    }

    @Override
    public Optional<Bucket> find(String name) {
        if (rows != null) return rows.get(name, () -> tx.readOne(c -> find(c, name))); // SC-C7
        // SQLite: remembered while the database is unchanged, on an event loop per thread and elsewhere
        // per process (Tx.readRememberedEverywhere; docs/performance.md "The 4 KiB PUT's CPU, third pass")
        return tx.readRememberedEverywhere("bucket\0" + name, c -> find(c, name));
    }

    static Optional<Bucket> find(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "SELECT " + COLUMNS + " FROM buckets WHERE name = ?", name);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(bucket(rs)) : Optional.empty();
        }
    }

    @Override
    public List<Bucket> listByOwner(String ownerUin) {
        return tx.read(c -> {
            List<Bucket> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c,
                    "SELECT " + COLUMNS + " FROM buckets WHERE owner_uin = ? ORDER BY name", ownerUin);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(bucket(rs));
            }
            return out;
        });
    }

    /** The emptiness check and the delete share one write transaction, so no put can slip in between. */
    @Override
    public DeleteResult delete(String name, long incarnation) {
        return tx.write(WriteScope.bucket(name), c -> {
            if (!found(c, name, incarnation)) return DeleteResult.NOT_FOUND;
            if (exists(c, "SELECT 1 FROM objects WHERE bucket = ? LIMIT 1", name)
                    || exists(c, "SELECT 1 FROM multipart_uploads WHERE bucket = ? LIMIT 1", name)) {
                return DeleteResult.NOT_EMPTY;
            }
            Sql.update(c, "DELETE FROM bucket_configs WHERE bucket = ?", name);
            // A bucket created again under this name must not answer retries of the old one's uploads.
            Sql.update(c, "DELETE FROM completed_uploads WHERE bucket = ?", name);
            JdbcReplicationOutbox.deleteBucket(c, name);
            Sql.update(c, "DELETE FROM buckets WHERE name = ?", name);
            tx.changes().publish(c, Change.of(Kind.BUCKET, name)); // every configuration went with it (SC-C5)
            return DeleteResult.DELETED;
        });
    }

    /**
     * SC-T7: the bucket's uploads are locked too (after the bucket, by id), before their parts are
     * read: a part upload locks only its upload, so it either committed before (its part is read and
     * released here) or runs after and finds the upload gone.
     */
    @Override
    public Deleted deleteAbortingUploads(String name, long incarnation) {
        return tx.write(WriteScope.bucket(name).andItsUploads(), c -> {
            if (!found(c, name, incarnation)) return new Deleted(DeleteResult.NOT_FOUND, List.of());
            if (exists(c, "SELECT 1 FROM objects WHERE bucket = ? LIMIT 1", name)) return new Deleted(DeleteResult.NOT_EMPTY, List.of());
            List<String> released = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT p.blob_id FROM upload_parts p JOIN multipart_uploads u"
                    + " ON p.upload_id = u.upload_id WHERE u.bucket = ?", name); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) released.add(rs.getString(1));
            }
            Sql.update(c, "DELETE FROM upload_parts WHERE upload_id IN (SELECT upload_id FROM multipart_uploads WHERE bucket = ?)", name);
            Sql.update(c, "DELETE FROM multipart_uploads WHERE bucket = ?", name);
            Sql.update(c, "DELETE FROM bucket_configs WHERE bucket = ?", name);
            Sql.update(c, "DELETE FROM completed_uploads WHERE bucket = ?", name);
            JdbcReplicationOutbox.deleteBucket(c, name);
            Sql.update(c, "DELETE FROM buckets WHERE name = ?", name);
            tx.changes().publish(c, Change.of(Kind.BUCKET, name)); // every configuration went with it (SC-C5)
            return new Deleted(DeleteResult.DELETED, List.copyOf(released));
        });
    }

    @Override
    public boolean setVersioning(String name, VersioningState state, long incarnation) {
        return tx.write(WriteScope.bucket(name), c -> {
            boolean set = Sql.update(c, "UPDATE buckets SET versioning = ? WHERE name = ? AND " + OF_INCARNATION,
                    state.name(), name, incarnation, incarnation) > 0;
            if (set) tx.changes().publish(c, Change.of(Kind.BUCKET, name)); // nodes keep bucket rows (SC-C7)
            return set;
        });
    }

    @Override
    public Guarded setVersioningUnless(String name, VersioningState state, ConfigKind blocking, long incarnation) {
        return tx.write(WriteScope.bucket(name), c -> {
            int n = Sql.update(c, "UPDATE buckets SET versioning = ? WHERE name = ? AND " + OF_INCARNATION
                    + " AND NOT EXISTS (SELECT 1 FROM bucket_configs WHERE bucket = ? AND kind = ?)",
                    state.name(), name, incarnation, incarnation, name, blocking.name());
            if (n > 0) {
                tx.changes().publish(c, Change.of(Kind.BUCKET, name)); // SC-C7
                return Guarded.DONE;
            }
            return exists(c, "SELECT 1 FROM buckets WHERE name = ? AND " + OF_INCARNATION, name, incarnation, incarnation)
                    ? Guarded.REFUSED : Guarded.NO_SUCH_BUCKET;
        });
    }

    @Override
    public Guarded putConfigIfVersioning(String bucket, ConfigKind kind, String document, VersioningState required, long incarnation) {
        long now = clock.millis();
        return tx.write(WriteScope.bucket(bucket), c -> {
            int n = Sql.update(c, "INSERT INTO bucket_configs (bucket, kind, document, updated_at)"
                    + " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM buckets WHERE name = ? AND versioning = ? AND " + OF_INCARNATION + ")"
                    + " ON CONFLICT (bucket, kind) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at",
                    bucket, kind.name(), document, now, bucket, required.name(), incarnation, incarnation);
            if (n > 0) {
                tx.changes().publish(c, Change.config(bucket, kind));
                return Guarded.DONE;
            }
            return exists(c, "SELECT 1 FROM buckets WHERE name = ? AND " + OF_INCARNATION, bucket, incarnation, incarnation)
                    ? Guarded.REFUSED : Guarded.NO_SUCH_BUCKET;
        });
    }

    @Override
    public Optional<String> config(String bucket, ConfigKind kind) {
        return tx.read(c -> {
            try (PreparedStatement ps = Sql.prepare(c,
                    "SELECT document FROM bucket_configs WHERE bucket = ? AND kind = ?", bucket, kind.name());
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    /** One statement: the bucket row's primary-key seek and its config row's, joined (AUTH-15). */
    @Override
    public Optional<RowConfig> configOfRow(String bucket, ConfigKind kind) {
        return tx.read(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT b.incarnation, g.document FROM buckets b"
                    + " LEFT JOIN bucket_configs g ON g.bucket = b.name AND g.kind = ? WHERE b.name = ?", kind.name(), bucket);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new RowConfig(rs.getLong(1), Optional.ofNullable(rs.getString(2)))) : Optional.<RowConfig>empty();
            }
        });
    }

    /** @throws io.cosd.store.meta.ConflictException if the bucket does not exist (foreign key) */
    @Override
    public void putConfig(String bucket, ConfigKind kind, String document, long incarnation) {
        long now = clock.millis();
        tx.write(WriteScope.bucket(bucket), c -> {
            if (incarnation == Bucket.ANY_INCARNATION) {
                Sql.update(c, "INSERT INTO bucket_configs (bucket, kind, document, updated_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (bucket, kind) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at",
                        bucket, kind.name(), document, now);
            } else if (Sql.update(c, "INSERT INTO bucket_configs (bucket, kind, document, updated_at)"
                    + " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM buckets WHERE name = ? AND incarnation = ?)"
                    + " ON CONFLICT (bucket, kind) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at",
                    bucket, kind.name(), document, now, bucket, incarnation) == 0) {
                // AUTH-13: gone, or a namesake created since the request was authorized; one statement either way
                throw new io.cosd.store.meta.NoSuchBucketException(bucket);
            }
            tx.changes().publish(c, Change.config(bucket, kind));
            return null;
        });
    }

    @Override
    public boolean deleteConfig(String bucket, ConfigKind kind, long incarnation) {
        return tx.write(WriteScope.bucket(bucket), c -> {
            boolean removed = Sql.update(c, "DELETE FROM bucket_configs WHERE bucket = ? AND kind = ?"
                    + " AND EXISTS (SELECT 1 FROM buckets WHERE name = ? AND " + OF_INCARNATION + ")",
                    bucket, kind.name(), bucket, incarnation, incarnation) > 0;
            // nothing removed: none there (idempotent), or a namesake (AUTH-13), told apart only then
            if (!removed) Incarnations.require(c, bucket, incarnation);
            if (removed) tx.changes().publish(c, Change.config(bucket, kind));
            return removed;
        });
    }

    /**
     * The bucket row of {@code incarnation} is there (any row when it is {@link Bucket#ANY_INCARNATION}):
     * a DeleteBucket authorized against a bucket deleted and created again since finds none (AUTH-13).
     */
    private static boolean found(Connection c, String name, long incarnation) throws SQLException {
        return find(c, name).filter(b -> incarnation == Bucket.ANY_INCARNATION || b.incarnation() == incarnation).isPresent();
    }

    static boolean exists(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    static Bucket bucket(ResultSet rs) throws SQLException {
        return new Bucket(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)), VersioningState.valueOf(rs.getString(6)), AzType.valueOf(rs.getString(7)),
                rs.getLong(8));
    }

    /**
     * AUTH-13: a creation's incarnation, random over 64 bits so that no later bucket of the same name
     * shares it (not the creation time: two creations may fall in one millisecond, and nodes' clocks
     * differ), never {@link Bucket#ANY_INCARNATION}. Drawn for every attempt of the creation.
     */
    static long newIncarnation() {
        long v;
        do {
            v = INCARNATIONS.nextLong();
        } while (v == Bucket.ANY_INCARNATION);
        return v;
    }
}
