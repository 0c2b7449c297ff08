-- AUTH-15 (docs/security.md, docs/replication.md "Deleted with its bucket"): each outbox row names the
-- bucket ROW (its incarnation, V23) that wrote it, not only the bucket name, so the admin's status and
-- resync, and the worker's read of a row's source, touch only the rows of the incarnation they were
-- authorized against, never a namesake's (ADM-13).
ALTER TABLE replication_outbox ADD COLUMN bucket_incarnation INTEGER NOT NULL DEFAULT 0;

-- Rows written before DeleteBucket removed a bucket's rows in its transaction (an older cosd) may
-- outlive their bucket. Such a leftover is older than every bucket row now carrying its name: that
-- row was created after the old one was deleted, and the old one's rows were all written before
-- that. So a row keeps its place when a bucket of its name exists and was created no later than the
-- row. Times are epoch milliseconds (BIGINT) on both engines, each taken by the clock of the node
-- that wrote it, so a bucket's own row written right after its creation by a node whose clock lags
-- can read as older than the bucket: that row is kept too when the version it names is in the bucket
-- (ADM-13). A leftover cannot name one: its bucket was empty when it was deleted, and version ids
-- are random, except the null version, which a namesake may hold and which therefore proves nothing.
-- The rest (no bucket of the name any more, or a namesake) are the deleted buckets' leftovers and go,
-- so the worker never sends them anywhere and no status lists them. Set-based (a seek in buckets and
-- in objects' primary key per row), no per-row round trip: safe on a big outbox.
DELETE FROM replication_outbox WHERE NOT EXISTS (SELECT 1 FROM buckets b WHERE b.name = replication_outbox.bucket
    AND (b.created_at <= replication_outbox.created_at
         OR (replication_outbox.version_id <> 'null' AND EXISTS (SELECT 1 FROM objects o WHERE o.bucket = replication_outbox.bucket
             AND o.key = replication_outbox.key AND o.version_id = replication_outbox.version_id))));
-- Every row left has a bucket of its name: that row's incarnation (never NULL).
UPDATE replication_outbox SET bucket_incarnation = (SELECT b.incarnation FROM buckets b WHERE b.name = replication_outbox.bucket);

-- A row inserted without naming its bucket row (0: by a cosd from before this migration, still running
-- during an upgrade or opening this database) gets the incarnation of the bucket row of its name, read
-- in the inserting transaction, which is the write that locked that row (its seq bump). So no row ever
-- names no row, and one such a cosd leaves behind when it deletes the bucket without its rows is never
-- taken for a namesake's (ReplicationOutbox.source requires the row's own incarnation). cosd's own
-- inserts name the row themselves and skip the trigger.
CREATE TRIGGER replication_outbox_bucket_row AFTER INSERT ON replication_outbox
WHEN new.bucket_incarnation = 0
BEGIN
    UPDATE replication_outbox SET bucket_incarnation = COALESCE((SELECT incarnation FROM buckets WHERE name = new.bucket), 0)
        WHERE id = new.id;
END;
