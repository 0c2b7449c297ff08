package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.Bucket;
import io.cosd.store.meta.ReplicationOutbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** replication_outbox rows. Ids come from MAX(id)+1 inside the write transaction (one writer at a time). */
final class JdbcReplicationOutbox implements ReplicationOutbox {
    private static final String COLS = "id, bucket, key, version_id, operation, destination, status, attempts,"
            + " next_attempt_at, last_error, created_at";
    private static final String READ_COLS = COLS + ", upload_id";
    /**
     * Every update of a row a worker read names that row whole, not by id alone: ids are MAX(id)+1, so
     * the id of a row canceled while in flight (REP-R4, the newest row) is given to the next row
     * enqueued, and an outcome or a remembered upload of the old copy must not land on the new one
     * (docs/replication.md "Engine", REP-R4).
     */
    private static final String SAME_ROW = " WHERE id = ? AND bucket = ? AND key = ? AND version_id = ? AND destination = ?"
            // SC-L4: and still claimed as when it was read. A node whose heartbeat lapsed while its copy was in
            // flight lost the row to another node's claim; its late outcome or retry must not end the row, or
            // drop the claim, under the copy the new claimer is making (that one's outcome is the row's).
            // Node ids are never empty, so '' stands for unclaimed on both engines.
            + " AND COALESCE(claimed_by, '') = ?";

    /**
     * REP-O1 (docs/replication.md "Order per key"): a row is claimable only while no OLDER row of its bucket,
     * key and destination is still owed (PENDING: waiting, claimed and in flight on any node, or in backoff
     * after a transient failure). So one key's copies reach a destination one after the other, in the order
     * their versions were written: a plain COS/S3 destination makes the last copy it receives current, and
     * before this a newer version (or a delete marker) sent while an older copy was in backoff was
     * overtaken by the older one's retry. Older is the lower id: ids are MAX(id) + 1 under the outbox-id
     * lock (SC-T3; SQLite: one writer), and one key's writes also hold its bucket row (the seq bump), so a
     * key's rows are numbered in the order of its versions. Part of the claim statement itself, not a
     * filter of the worker's: it holds across retries, restarts and nodes, whose claims are per row (SC-L4);
     * a row visible to a claim has every older row of its key visible too (committed before it). A FAILED
     * row does not hold its key (it would hold it forever); a COMPLETED or removed one is done.
     * A seek in replication_outbox_pending_by_key (V25, partial: PENDING rows only); the status is a literal
     * so both engines' planners can prove the index's predicate. Unqualified columns are the claimed row's.
     */
    static final String HEAD_OF_ITS_KEY = " AND NOT EXISTS (SELECT 1 FROM replication_outbox older"
            + " WHERE older.bucket = replication_outbox.bucket AND older.key = replication_outbox.key"
            + " AND older.destination = replication_outbox.destination AND older.status = 'PENDING'"
            + " AND older.id < replication_outbox.id)";

    private final Tx tx;
    private final Dialect dialect;
    /** Claimable due rows (SC-L4): unclaimed, ours, or claimed by a node whose heartbeat is stale. */
    private final String claimable;

    JdbcReplicationOutbox(Tx tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
        this.claimable = claimable(dialect);
    }

    /**
     * The FROM and WHERE of the claim (SC-L4, REP-O1), bound: status, now, node, node TTL, limit. Due rows of
     * live claims excepted, each the oldest row still owed of its key and destination.
     */
    static String claimable(Dialect dialect) {
        return " FROM replication_outbox WHERE status = ? AND next_attempt_at <= ? AND (claimed_by IS NULL OR claimed_by = ?"
                + " OR claimed_by NOT IN (SELECT id FROM nodes WHERE heartbeat_at > " + dialect.nowMillis() + " - ?))"
                + HEAD_OF_ITS_KEY
                + " ORDER BY next_attempt_at, id LIMIT ?";
    }

    /**
     * Called by the object repository inside its write transaction, after that write found (and, with
     * its seq bump, locked) the bucket row it writes to (AUTH-13): the row's incarnation read here is
     * that row's, and the outbox row names it (ADM-13, V24). 0 only when no bucket has the name, which
     * the write itself then refuses.
     */
    static void insert(Connection c, String bucket, String key, String versionId, Request r, Instant now) throws SQLException {
        long id = nextId(c);
        Sql.update(c, "INSERT INTO replication_outbox (" + COLS + ", bucket_incarnation) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, ?,"
                        + " COALESCE((SELECT incarnation FROM buckets WHERE name = ?), 0))",
                id, bucket, key, versionId, r.operation(), r.destination(), PENDING, now.toEpochMilli(), now.toEpochMilli(), bucket);
    }

    /**
     * ADM-13 (docs/replication.md "Operations", AUTH-15): the rows of the bucket row of the incarnation bound
     * twice after it; {@link Bucket#ANY_INCARNATION} (0) binds any row of the name. Unqualified, so it reads
     * the outbox row of the statement it is in.
     */
    private static final String OF_ROW = " AND (? = 0 OR bucket_incarnation = ?)";

    /** {@code MAX(id) + 1}: under the outbox-id lock (SC-T3), or SQLite's single writer. */
    private static long nextId(Connection c) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "SELECT COALESCE(MAX(id), 0) + 1 FROM replication_outbox");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Inside the object repository's delete-by-version-id transaction (REP-R4): the version's
     * PENDING rows are removed, not failed. The copy is not owed any more, so it counts as neither
     * pending nor failed (status, metrics); a row already COMPLETED or FAILED stays as it was.
     */
    static void cancelPending(Connection c, String bucket, String key, String versionId) throws SQLException {
        Sql.update(c, CANCEL_PENDING, bucket, key, versionId, PENDING);
    }

    /**
     * Inside DeleteBucket's transaction (docs/security.md AUTH-15, docs/replication.md "Deleted with its
     * bucket"): every row of the bucket goes with it, whatever its state or claim. The bucket's rules went
     * in the same transaction, so its pending copies are not owed any more (REP-S5); and a row outliving
     * its bucket would name, by bucket name, key and version id, a version of a namesake created later
     * (the {@code null} version, a marker's key), which the worker would send, a resync would requeue,
     * and the namesake owner's status would list. A copy in flight on some node then finds its row gone,
     * as after REP-R4: its outcome changes nothing. A seek in replication_outbox_by_version (V4).
     */
    static void deleteBucket(Connection c, String bucket) throws SQLException {
        Sql.update(c, "DELETE FROM replication_outbox WHERE bucket = ?", bucket);
    }

    /** A seek in replication_outbox_by_version (V4), never a walk over the pending queue. */
    static final String CANCEL_PENDING = "DELETE FROM replication_outbox WHERE bucket = ? AND key = ? AND version_id = ? AND status = ?";

    @Override
    public List<Depth> depth() {
        return tx.read(c -> {
            List<Depth> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT destination, COUNT(*), MIN(created_at) FROM replication_outbox"
                    + " WHERE status = ? GROUP BY destination", PENDING); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Depth(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3))));
            }
            return out;
        });
    }

    @Override
    public List<Entry> due(Instant now, int limit) {
        return tx.read(c -> list(c, "SELECT " + READ_COLS + " FROM replication_outbox WHERE status = ? AND next_attempt_at <= ?"
                + " ORDER BY next_attempt_at, id LIMIT ?", PENDING, now.toEpochMilli(), limit));
    }

    @Override
    public List<Entry> claim(String node, Instant now, int limit, Duration nodeTtl) {
        Object[] args = {PENDING, now.toEpochMilli(), node, nodeTtl.toMillis(), limit};
        // A top-up of a busy node mostly finds only rows it claimed already (in flight): a read, no write.
        List<Entry> ours = tx.read(c -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT " + READ_COLS + ", claimed_by" + claimable, args); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!node.equals(rs.getString(13))) return null;
                    out.add(claimedBy(entry(rs), node));
                }
            }
            return out;
        });
        if (ours != null) return ours;
        Tx.Work<List<Entry>> work = c -> {
            // The rows are locked until commit; on PostgreSQL rows another node is claiming are skipped, not waited for.
            List<Entry> rows = new ArrayList<>();
            for (Entry e : list(c, "SELECT " + READ_COLS + claimable + dialect.skipLocked(), args)) rows.add(claimedBy(e, node));
            if (rows.isEmpty()) return rows;
            String marks = String.join(",", Collections.nCopies(rows.size(), "?"));
            Object[] ids = new Object[rows.size() + 1];
            ids[0] = node;
            for (int i = 0; i < rows.size(); i++) ids[i + 1] = rows.get(i).id();
            Sql.update(c, "UPDATE replication_outbox SET claimed_by = ? WHERE id IN (" + marks + ")", ids);
            return rows;
        };
        // Where the engine's own isolation does (one writer), the claim shares a group commit with the
        // PUTs committing meanwhile instead of an fsync of its own (docs/storage.md "Group commit").
        return dialect.claimIsolation() < 0 ? tx.writeBatched(work) : tx.write(work, dialect.claimIsolation());
    }

    /**
     * AUTH-15: the bucket row {@code e} was written in, read in the one statement that finds {@code e}
     * still owed (PENDING, the same row, the same claim). DeleteBucket removes its rows in its own
     * transaction, so a bucket row seen together with the outbox row is the one that wrote it, never a
     * namesake created since; empty when the row went (its bucket deleted, its version deleted by id).
     */
    @Override
    public Optional<Bucket> source(Entry e) {
        return tx.read(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT " + JdbcBucketRepository.COLUMNS + " FROM buckets WHERE name = ?"
                    + " AND EXISTS (SELECT 1 FROM replication_outbox" + SAME_ROW + " AND status = ?"
                    // ADM-13: the bucket row the outbox row names (V24), and no other. A row an older cosd
                    // inserts naming none gets its bucket row's from V24's trigger, so one such a cosd leaves
                    // behind when it deletes the bucket (it may not remove rows) never names a namesake (ADM-13).
                    + " AND bucket_incarnation = buckets.incarnation)",
                    e.bucket(), e.id(), e.bucket(), e.key(), e.versionId(), e.destination(), claimer(e), PENDING);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JdbcBucketRepository.bucket(rs)) : Optional.<Bucket>empty();
            }
        });
    }

    /**
     * ADM-13, AUTH-15: an outcome marks the version only in the bucket row its outbox row names (the row's id
     * bound after it; the outbox row was just updated in the same transaction). A row a cosd from before
     * DeleteBucket removed a bucket's rows left behind (during an upgrade) is failed by the worker as "the
     * source bucket was deleted"; by name alone that would mark a namesake's version of the same key and
     * version id (its null version) FAILED.
     */
    private static final String OF_THE_ROWS_BUCKET_ROW = " AND EXISTS (SELECT 1 FROM buckets b, replication_outbox r"
            + " WHERE b.name = objects.bucket AND r.id = ? AND r.bucket_incarnation = b.incarnation)";

    @Override
    public void completed(Entry e, Instant now) {
        finish(e, COMPLETED, now, null);
    }

    @Override
    public void completedAll(List<Entry> entries, Instant now) {
        if (entries.isEmpty()) return;
        tx.write(c -> {
            try (PreparedStatement row = c.prepareStatement("UPDATE replication_outbox SET status = ?, attempts = attempts + 1,"
                    + " next_attempt_at = ?, last_error = NULL" + SAME_ROW + " AND status = ?");
                 PreparedStatement version = c.prepareStatement("UPDATE objects SET replication_status = ? WHERE bucket = ? AND key = ?"
                         + " AND version_id = ? AND delete_marker = 0" + OF_THE_ROWS_BUCKET_ROW)) {
                for (Entry e : entries) {
                    Sql.bind(row, COMPLETED, now.toEpochMilli(), e.id(), e.bucket(), e.key(), e.versionId(), e.destination(), claimer(e), PENDING);
                    row.addBatch();
                }
                int[] updated = row.executeBatch();
                // Only the versions of rows still owed: a row that went while its copy was in flight (its version
                // deleted by id, REP-R4; its bucket deleted, AUTH-15) names, by bucket name, key and version id, at
                // most a namesake's version now (the null version of a bucket created again), which no copy reached.
                boolean any = false;
                for (int i = 0; i < entries.size(); i++) {
                    if (updated[i] == 0) continue;
                    Entry e = entries.get(i);
                    Sql.bind(version, COMPLETED, e.bucket(), e.key(), e.versionId(), e.id());
                    version.addBatch();
                    any = true;
                }
                if (any) version.executeBatch();
            }
            return null;
        });
    }

    @Override
    public boolean retry(Entry e, Instant next, String error) {
        return 0 < tx.write(c -> Sql.update(c, "UPDATE replication_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?,"
                + " claimed_by = NULL" + SAME_ROW + " AND status = ?", next.toEpochMilli(), error,
                e.id(), e.bucket(), e.key(), e.versionId(), e.destination(), claimer(e), PENDING));
    }

    @Override
    public boolean failed(Entry e, Instant now, String error) {
        return finish(e, FAILED, now, error);
    }

    private boolean finish(Entry e, String status, Instant now, String error) {
        return tx.write(c -> {
            // Only a row still owed: one canceled meanwhile (REP-R4) is gone and stays gone.
            if (Sql.update(c, "UPDATE replication_outbox SET status = ?, attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                    + SAME_ROW + " AND status = ?", status, now.toEpochMilli(), error,
                    e.id(), e.bucket(), e.key(), e.versionId(), e.destination(), claimer(e), PENDING) == 0) return false;
            // Delete markers carry no status header; versions get the outcome (REP-S1).
            Sql.update(c, "UPDATE objects SET replication_status = ? WHERE bucket = ? AND key = ? AND version_id = ?"
                    + " AND delete_marker = 0" + OF_THE_ROWS_BUCKET_ROW, status, e.bucket(), e.key(), e.versionId(), e.id());
            return true;
        });
    }

    @Override
    public Stats stats(String bucket, long incarnation, Instant since) {
        String where = bucket == null ? "" : " AND bucket = ?" + OF_ROW;
        return tx.read(c -> {
            long pending = count(c, "SELECT COUNT(*) FROM replication_outbox WHERE status = ?" + where, PENDING, bucket, incarnation);
            long failed = count(c, "SELECT COUNT(*) FROM replication_outbox WHERE status = ?" + where, FAILED, bucket, incarnation);
            long oldest = count(c, "SELECT COALESCE(MIN(created_at), -1) FROM replication_outbox WHERE status = ?" + where, PENDING,
                    bucket, incarnation);
            long done;
            try (PreparedStatement ps = bucket == null
                    ? Sql.prepare(c, "SELECT COUNT(*) FROM replication_outbox WHERE status = ? AND next_attempt_at >= ?", COMPLETED, since.toEpochMilli())
                    : Sql.prepare(c, "SELECT COUNT(*) FROM replication_outbox WHERE status = ? AND next_attempt_at >= ? AND bucket = ?" + OF_ROW,
                    COMPLETED, since.toEpochMilli(), bucket, incarnation, incarnation);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                done = rs.getLong(1);
            }
            return new Stats(pending, failed, oldest < 0 ? null : Instant.ofEpochMilli(oldest), done);
        });
    }

    @Override
    public void rememberUpload(Entry e, String uploadId) {
        tx.write(c -> Sql.update(c, "UPDATE replication_outbox SET upload_id = ?" + SAME_ROW + " AND status = ?", uploadId,
                e.id(), e.bucket(), e.key(), e.versionId(), e.destination(), claimer(e), PENDING));
    }

    @Override
    public List<Entry> problems(String bucket, long incarnation, int limit) {
        // A finished row's next_attempt_at is when it failed; a retrying row's is its next attempt,
        // so both sort by the time of their latest news.
        return tx.read(c -> list(c, "SELECT " + READ_COLS + " FROM replication_outbox WHERE bucket = ?" + OF_ROW
                + " AND (status = ? OR (status = ? AND attempts > 0)) ORDER BY next_attempt_at DESC, id DESC LIMIT ?",
                bucket, incarnation, incarnation, FAILED, PENDING, limit));
    }

    private static long count(Connection c, String sql, String status, String bucket, long incarnation) throws SQLException {
        try (PreparedStatement ps = bucket == null ? Sql.prepare(c, sql, status) : Sql.prepare(c, sql, status, bucket, incarnation, incarnation);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Rows (or versions) per batch of {@link #requeueFailed} and {@link #enqueueExisting}: each batch is
     * its own short transaction under the bucket's lock (SC-T9), so writes of the bucket, and every
     * replicated write (the outbox-id lock, SC-T3), wait for one batch at most, never for a whole
     * bucket.
     */
    static final int RESYNC_BATCH = 128;

    /**
     * SC-T9: in batches by key range. The FAILED rows are found by a read outside any lock, in
     * (key, version id, row id) order from a cursor kept in memory; each batch then requeues them in a
     * scoped write, each row only if it is still FAILED (the read may be stale) and, for a PUT, its
     * version still exists (REP-R6), and sets that version back to PENDING with it. A row failing
     * again after its batch stays FAILED, as one failing after a whole-bucket requeue would.
     */
    @Override
    public int requeueFailed(String bucket, long incarnation, Instant now) {
        int requeued = 0;
        String[] cursor = null; // key, version id, row id of the last row read
        while (true) {
            String[] after = cursor;
            List<String[]> page = tx.read(c -> {
                List<String[]> rows = new ArrayList<>();
                String sql = "SELECT key, version_id, id FROM replication_outbox WHERE bucket = ?" + OF_ROW + " AND status = ?"
                        + (after == null ? "" : " AND key >= ? AND (key > ? OR version_id > ? OR (version_id = ? AND id > ?))")
                        + " ORDER BY key, version_id, id LIMIT ?";
                Object[] args = after == null ? new Object[] {bucket, incarnation, incarnation, FAILED, RESYNC_BATCH}
                        : new Object[] {bucket, incarnation, incarnation, FAILED, after[0], after[0], after[1], after[1], Long.parseLong(after[2]), RESYNC_BATCH};
                try (PreparedStatement ps = Sql.prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) rows.add(new String[] {rs.getString(1), rs.getString(2), Long.toString(rs.getLong(3))});
                }
                return rows;
            });
            if (page.isEmpty()) return requeued;
            requeued += tx.write(WriteScope.bucket(bucket), c -> {
                int n = 0;
                for (String[] r : page) {
                    // A failed copy of a version deleted since (by id, or by lifecycle once the copy had
                    // failed, REP-R6) has nothing left to send: it stays FAILED instead of failing again.
                    if (Sql.update(c, "UPDATE replication_outbox SET status = ?, attempts = 0, next_attempt_at = ?, last_error = NULL,"
                            + " claimed_by = NULL WHERE id = ? AND bucket = ? AND key = ? AND version_id = ? AND status = ?" + OF_ROW
                            + " AND (operation <> ? OR EXISTS (SELECT 1 FROM objects o WHERE o.bucket = replication_outbox.bucket"
                            + " AND o.key = replication_outbox.key AND o.version_id = replication_outbox.version_id))",
                            PENDING, now.toEpochMilli(), Long.parseLong(r[2]), bucket, r[0], r[1], FAILED, incarnation, incarnation, PUT) == 0) continue;
                    n++;
                    Sql.update(c, "UPDATE objects SET replication_status = ? WHERE bucket = ? AND key = ? AND version_id = ?"
                            + " AND replication_status = ?", PENDING, bucket, r[0], r[1], FAILED);
                }
                return n;
            });
            if (page.size() < RESYNC_BATCH) return requeued;
            cursor = page.get(page.size() - 1);
        }
    }

    /**
     * SC-T9: in batches by key range, each its own short transaction. The bucket's {@code next_seq}
     * at the start is the run's horizon: the versions written before it are the run's to enqueue;
     * a version written later is its own write's (a replicated write queued it, REP-R1) and is taken
     * only when it has no outbox row at all (written where the rule was not seen yet). Candidates are
     * read outside any lock in (key, seq) order from a cursor kept in memory; each batch then inserts
     * a row for each candidate only if, under the bucket's and the outbox ids' locks, its version
     * still exists and still has no open row. A version's seq only ever grows (REP-S3 renumbers a
     * key's newer versions with fresh seqs, above the horizon), so no version is passed over by the
     * cursor; one visited twice already has its open row. So each version written before the start
     * and still there when its range is visited is queued exactly once by the run; the one exception
     * is a version REP-S3 renumbered during the run whose copy had completed before: skipped, it has
     * reached the destination once.
     */
    @Override
    public int enqueueExisting(String bucket, long incarnation, String prefix, String destination, Instant now) {
        Long horizon = tx.readOne(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT next_seq FROM buckets WHERE name = ? AND " + JdbcBucketRepository.OF_INCARNATION,
                    bucket, incarnation, incarnation); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        });
        if (horizon == null) return 0;
        String upper = KeyOrder.prefixUpperBound(prefix);
        Request r = new Request(PUT, destination);
        int queued = 0;
        Object[] cursor = null; // key, seq of the last candidate read
        while (true) {
            Object[] after = cursor;
            List<Object[]> page = tx.read(c -> candidates(c, bucket, prefix, upper, after, horizon));
            if (page.isEmpty()) return queued;
            queued += tx.write(WriteScope.bucket(bucket).andOutbox(true), c -> {
                long id = nextId(c);
                int n = 0;
                for (Object[] v : page) {
                    String key = (String) v[0], versionId = (String) v[2];
                    // ADM-13: only into the bucket row the resync was asked of (a namesake created since the
                    // run started gets nothing), decided by the insert itself, which names that row.
                    if (Sql.update(c, "INSERT INTO replication_outbox (" + COLS + ", bucket_incarnation)"
                            + " SELECT ?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, ?, b.incarnation FROM buckets b WHERE b.name = ?"
                            + " AND (? = 0 OR b.incarnation = ?)"
                            + " AND EXISTS (SELECT 1 FROM objects WHERE bucket = ? AND key = ? AND version_id = ? AND delete_marker = 0"
                            + " AND (replication_status IS NULL OR replication_status <> 'REPLICA'))" + NO_OPEN_ROW,
                            id, bucket, key, versionId, r.operation(), r.destination(), PENDING, now.toEpochMilli(), now.toEpochMilli(),
                            bucket, incarnation, incarnation, bucket, key, versionId, bucket, key, versionId) == 0) continue;
                    id++;
                    n++;
                    Sql.update(c, "UPDATE objects SET replication_status = ? WHERE bucket = ? AND key = ? AND version_id = ?",
                            PENDING, bucket, key, versionId);
                }
                return n;
            });
            if (page.size() < RESYNC_BATCH) return queued;
            Object[] last = page.get(page.size() - 1);
            cursor = new Object[] {last[0], last[1]};
        }
    }

    /** The version has no outbox row that is not COMPLETED (bucket, key, version id bound). */
    private static final String NO_OPEN_ROW = " AND NOT EXISTS (SELECT 1 FROM replication_outbox r WHERE r.bucket = ? AND r.key = ?"
            + " AND r.version_id = ? AND r.status <> 'COMPLETED')";

    /** The next {@link #RESYNC_BATCH} versions after {@code after} (key, seq) that {@link #enqueueExisting} would queue. */
    private static List<Object[]> candidates(Connection c, String bucket, String prefix, String upper, Object[] after, long horizon)
            throws SQLException {
        List<Object> args = new ArrayList<>(List.of(bucket));
        StringBuilder sql = new StringBuilder("SELECT key, seq, version_id FROM objects o WHERE bucket = ?");
        if (after == null) {
            sql.append(" AND key >= ?");
            args.add(prefix);
        } else {
            sql.append(" AND key >= ? AND (key > ? OR seq > ?)");
            args.addAll(List.of(after[0], after[0], after[1]));
        }
        if (upper != null) {
            sql.append(" AND key < ?");
            args.add(upper);
        }
        sql.append(" AND delete_marker = 0 AND (replication_status IS NULL OR replication_status <> 'REPLICA')")
                .append(" AND NOT EXISTS (SELECT 1 FROM replication_outbox r WHERE r.bucket = o.bucket AND r.key = o.key")
                .append(" AND r.version_id = o.version_id AND (r.status <> 'COMPLETED' OR o.seq >= ?))")
                .append(" ORDER BY key, seq LIMIT ?");
        args.add(horizon);
        args.add(RESYNC_BATCH);
        List<Object[]> out = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, sql.toString(), args.toArray()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new Object[] {rs.getString(1), rs.getLong(2), rs.getString(3)});
        }
        return out;
    }

    @Override
    public int purgeCompleted(Instant before) {
        return tx.write(c -> Sql.update(c, "DELETE FROM replication_outbox WHERE status = ? AND next_attempt_at < ?",
                COMPLETED, before.toEpochMilli()));
    }

    /**
     * REP-S7: one statement on both engines; each row costs a primary-key seek in {@code buckets}. It
     * cannot take a live bucket's row: a row is inserted after its bucket row, naming that row's
     * incarnation (V24's trigger names it for an older node's INSERT), so a row this statement sees
     * has its bucket row visible too unless that row was deleted. On PostgreSQL an unscoped write,
     * SERIALIZABLE (SC-T2): it acts on nothing a scoped write reads, and a DeleteBucket racing it
     * deletes the same rows (AUTH-15); a claimed row deleted under its worker is a cancelled copy, as
     * after AUTH-15 (its outcome then finds no row and records nothing).
     */
    @Override
    public int purgeOfDeletedBuckets(int max) {
        return tx.write(c -> Sql.update(c, "DELETE FROM replication_outbox WHERE id IN (SELECT r.id FROM replication_outbox r"
                + " WHERE NOT EXISTS (SELECT 1 FROM buckets b WHERE b.name = r.bucket AND b.incarnation = r.bucket_incarnation)"
                + " LIMIT ?)", max));
    }

    private static List<Entry> list(Connection c, String sql, Object... args) throws SQLException {
        List<Entry> out = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(entry(rs));
        }
        return out;
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getInt(8), Instant.ofEpochMilli(rs.getLong(9)), rs.getString(10),
                Instant.ofEpochMilli(rs.getLong(11)), rs.getString(12), null);
    }

    private static Entry claimedBy(Entry e, String node) {
        return new Entry(e.id(), e.bucket(), e.key(), e.versionId(), e.operation(), e.destination(), e.status(), e.attempts(),
                e.nextAttemptAt(), e.lastError(), e.createdAt(), e.uploadId(), node);
    }

    /** The claim an update must still find (SAME_ROW): the entry's node, '' for an entry read unclaimed. */
    private static String claimer(Entry e) {
        return e.claimedBy() == null ? "" : e.claimedBy();
    }
}
