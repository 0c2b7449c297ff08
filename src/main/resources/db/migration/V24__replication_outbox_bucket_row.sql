-- AUTH-15 (docs/security.md, docs/replication.md "Deleted with its bucket"): each outbox row names the
-- bucket ROW (its incarnation, V23) that wrote it, not only the bucket name, so the admin's status and
-- resync, and the worker's read of a row's source, touch only the rows of the incarnation they were
-- authorized against, never a namesake's (ADM-13).
-- Rows written before DeleteBucket removed a bucket's rows in its transaction (an older cosd) may
-- outlive their bucket. Such a leftover is older than every bucket row now carrying its name: that
-- row was created after the old one was deleted, and the old one's rows were all written before
-- that. So a row keeps its place only when a bucket of its name exists and was created no later
-- than the row; it then gets that bucket's incarnation. The rest (no bucket of the name any more,
-- or one created after the row: a namesake) are the deleted buckets' leftovers and go, so the
-- worker never sends them anywhere and no status lists them. Two set-based statements, no per-row
-- work: safe on a big outbox.
ALTER TABLE replication_outbox ADD COLUMN bucket_incarnation INTEGER NOT NULL DEFAULT 0;
DELETE FROM replication_outbox WHERE NOT EXISTS (SELECT 1 FROM buckets b WHERE b.name = replication_outbox.bucket
    AND b.created_at <= replication_outbox.created_at);
UPDATE replication_outbox SET bucket_incarnation = (SELECT b.incarnation FROM buckets b WHERE b.name = replication_outbox.bucket);
