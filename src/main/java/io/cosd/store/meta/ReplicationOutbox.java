package io.cosd.store.meta;

import io.cosd.domain.replication.ReplicationStatus;

import java.time.Instant;
import java.util.List;

/**
 * The durable replication outbox (table replication_outbox, docs/spec/design.md §6). Rows are inserted by
 * {@link ObjectRepository} in the same transaction as the version they describe, so a version is
 * never visible without its row (docs/replication.md#engine). Contract, each method one transaction:
 * - {@link #due}: PENDING rows with {@code next_attempt_at <= now}, oldest first.
 * - {@link #completed}: the row becomes COMPLETED (kept for throughput and audit until
 *   {@link #purgeCompleted}) and the source version's replication_status COMPLETED — together.
 * - {@link #retry}: stays PENDING, attempts+1, next attempt at {@code next}, unclaimed.
 * - {@link #failed}: the row and the version become FAILED (permanent, REP-S4); false (nothing
 *   done) when the row is no longer PENDING, e.g. removed by a delete of its version by id (REP-R4).
 * - A delete by version id ({@link ObjectRepository#deleteVersion}) removes that version's PENDING
 *   rows in its transaction: the copy is not owed any more (REP-R4), neither pending nor failed.
 * - DeleteBucket ({@link BucketRepository#delete}) removes every row of the bucket in its transaction
 *   (AUTH-15): no row outlives its bucket to name a namesake's version.
 * - {@link #requeueFailed}: FAILED rows of a bucket back to PENDING (and their versions), due now;
 *   a PUT row whose version is gone meanwhile stays FAILED (nothing left to send).
 * - Each row names the bucket row that wrote it (its incarnation, V24; ADM-13): {@link #stats},
 *   {@link #problems}, {@link #requeueFailed} and {@link #enqueueExisting} given an incarnation read and
 *   write the rows of that bucket row only, never a namesake's created since the caller was authorized
 *   ({@link io.cosd.domain.bucket.Bucket#ANY_INCARNATION}: any row of the name).
 * For finished rows {@code next_attempt_at} holds the time they finished.
 */
public interface ReplicationOutbox {
    String PUT = "PUT", DELETE_MARKER = "DELETE_MARKER";
    /** Row states, spelled as the version's {@link ReplicationStatus} they set. */
    String PENDING = ReplicationStatus.PENDING.name(), COMPLETED = ReplicationStatus.COMPLETED.name(), FAILED = ReplicationStatus.FAILED.name();

    /** What an eligible write asks for: replicate this version to {@code destination} ({@code <region>/<bucket>}). */
    record Request(String operation, String destination) {}

    /**
     * {@code uploadId}: the destination multipart upload a big copy is resuming, or null. {@code claimedBy}: the
     * node a {@link #claim} gave the row to, or null for a row read unclaimed ({@link #due}, {@link #problems}):
     * an outcome, retry or remembered upload lands only while the row is still claimed so (SC-L4).
     */
    record Entry(long id, String bucket, String key, String versionId, String operation, String destination,
                 String status, int attempts, Instant nextAttemptAt, String lastError, Instant createdAt, String uploadId,
                 String claimedBy) {}

    /** pending/failed counts, the oldest pending row's creation time (null: none) and rows completed since {@code since}. */
    record Stats(long pending, long failed, Instant oldestPending, long completedSince) {}

    /** Pending rows per destination and the creation time of the oldest (queue depth and lag metrics). */
    record Depth(String destination, long pending, Instant oldestPending) {}

    List<Depth> depth();

    List<Entry> due(Instant now, int limit);

    /**
     * SC-L4 (docs/scale-out.md "Workers across nodes"): {@link #due} rows claimed for {@code node}, so each
     * row is delivered by one node at a time. A row is claimable when unclaimed, already {@code node}'s, or
     * claimed by a node whose heartbeat ({@link LeaseRepository#heartbeat}) is older than {@code nodeTtl}:
     * a dead node's claims lapse with it. Nodes claiming at once take different rows (PostgreSQL:
     * {@code FOR UPDATE SKIP LOCKED}). {@link #retry} and {@link #requeueFailed} drop the claim. REP-O1: a row is
     * claimable only when no older row (lower id) of its bucket, key and destination is still PENDING (waiting,
     * claimed, in backoff), so one key's copies are delivered one after the other in write order; {@link #due}
     * lists every due row.
     */
    List<Entry> claim(String node, Instant now, int limit, java.time.Duration nodeTtl);

    /**
     * AUTH-15: the bucket row {@code e} was written in, read together with {@code e} still owed (PENDING,
     * the same row and claim) in one statement, and only when it is the bucket row the outbox row names
     * (its incarnation, V24; ADM-13); empty when the row went. DeleteBucket removes the bucket's
     * rows in its transaction, so this is never a namesake created since: the worker reads the version,
     * its parts and the rules in that row ({@code ReplicationWorker}).
     */
    java.util.Optional<io.cosd.domain.bucket.Bucket> source(Entry e);

    void completed(Entry e, Instant now);

    /** {@link #completed} for many rows in one transaction (the worker's group commit). */
    void completedAll(List<Entry> entries, Instant now);

    /** @return false if the row was not PENDING any more (canceled meanwhile, REP-R4): nothing changed */
    boolean retry(Entry e, Instant next, String error);

    /** @return false if the row was not PENDING any more (nothing changed) */
    boolean failed(Entry e, Instant now, String error);

    /**
     * Remembers (or with null forgets) the destination multipart upload of a PENDING row, so the
     * next attempt resumes it; a row no longer PENDING is left alone.
     */
    void rememberUpload(Entry e, String uploadId);

    /** @param bucket null: all buckets */
    default Stats stats(String bucket, Instant since) {
        return stats(bucket, io.cosd.domain.bucket.Bucket.ANY_INCARNATION, since);
    }

    /** As {@link #stats(String, Instant)}, counting only the rows of the bucket row of {@code incarnation} (ADM-13). */
    Stats stats(String bucket, long incarnation, Instant since);

    /**
     * The bucket's FAILED rows back to PENDING, due {@code now}, each with its version; a PUT row whose
     * version is gone stays FAILED (REP-R6). In batches by key range, each its own short transaction
     * (docs/scale-out.md SC-T9): writes of the bucket wait for one batch at most.
     */
    default int requeueFailed(String bucket, Instant now) {
        return requeueFailed(bucket, io.cosd.domain.bucket.Bucket.ANY_INCARNATION, now);
    }

    /**
     * As {@link #requeueFailed(String, Instant)}, of the rows of the bucket row of {@code incarnation} only,
     * each decided by its own update (ADM-13): a namesake's FAILED rows and versions stay as they are.
     */
    int requeueFailed(String bucket, long incarnation, Instant now);

    /**
     * What an operator looks at first: the bucket's FAILED rows and its PENDING rows that have
     * failed at least once (retrying), each with its last error, most recent attempt first.
     */
    default List<Entry> problems(String bucket, int limit) {
        return problems(bucket, io.cosd.domain.bucket.Bucket.ANY_INCARNATION, limit);
    }

    /** As {@link #problems(String, int)}, of the rows of the bucket row of {@code incarnation} only (ADM-13). */
    List<Entry> problems(String bucket, long incarnation, int limit);

    /**
     * Resync of existing objects (REP-R1 says they are never replicated on their own; this is the
     * admin's explicit request): a PENDING PUT row for every non-marker version under
     * {@code prefix} that is not a replica and has no open (not COMPLETED) row. Returns how many were
     * queued. In batches by key range, each its own short transaction (docs/scale-out.md SC-T9): each
     * version written before the call and still there when its range is visited is queued exactly
     * once; a version written during it is queued only if its own write queued nothing.
     */
    default int enqueueExisting(String bucket, String prefix, String destination, Instant now) {
        return enqueueExisting(bucket, io.cosd.domain.bucket.Bucket.ANY_INCARNATION, prefix, destination, now);
    }

    /**
     * As {@link #enqueueExisting(String, String, String, Instant)}, into the bucket row of {@code incarnation}
     * only (ADM-13): each insert names that row and happens only while it exists, so once a namesake holds
     * the name nothing more is queued (0 when the row is gone at the start).
     */
    int enqueueExisting(String bucket, long incarnation, String prefix, String destination, Instant now);

    int purgeCompleted(Instant before);

    /**
     * REP-S7 (docs/replication.md "Deleted with its bucket"): deletes up to {@code max} rows whose bucket
     * row is gone, whatever their status: no bucket row has their name and incarnation (a bucket deleted
     * by a node from before DeleteBucket removed its rows, AUTH-15). No status shows them and no resync
     * requeues them. One set-based statement; idempotent, so every node may run it (two racing runs
     * delete each row once). Returns the rows deleted; {@code max} when more may be left.
     */
    int purgeOfDeletedBuckets(int max);
}
