-- PostgreSQL form of db/migration/V24__replication_outbox_bucket_row.sql (AUTH-15, ADM-13): each outbox
-- row names the incarnation of the bucket row that wrote it; leftovers of deleted buckets (no bucket of
-- the name, or one created after the row) go. Set-based; the ADD COLUMN with a constant default does not
-- rewrite the table (PostgreSQL 11+), the UPDATE writes each row once.
ALTER TABLE replication_outbox ADD COLUMN bucket_incarnation BIGINT NOT NULL DEFAULT 0;
DELETE FROM replication_outbox WHERE NOT EXISTS (SELECT 1 FROM buckets b WHERE b.name = replication_outbox.bucket
    AND b.created_at <= replication_outbox.created_at);
UPDATE replication_outbox SET bucket_incarnation = b.incarnation FROM buckets b WHERE b.name = replication_outbox.bucket;
