-- PostgreSQL form of db/migration/V24__replication_outbox_bucket_row.sql (AUTH-15, ADM-13): each
-- outbox row names the incarnation of the bucket row that wrote it; leftovers of deleted buckets (no
-- bucket of the name, or one created after the row that does not hold the row's version) go; a row
-- inserted naming none (an older cosd mid-upgrade) gets its bucket row's. Set-based; the ADD COLUMN with
-- a constant default does not rewrite the table (PostgreSQL 11+), the UPDATE writes each row once.
ALTER TABLE replication_outbox ADD COLUMN bucket_incarnation BIGINT NOT NULL DEFAULT 0;
DELETE FROM replication_outbox WHERE NOT EXISTS (SELECT 1 FROM buckets b WHERE b.name = replication_outbox.bucket
    AND (b.created_at <= replication_outbox.created_at
         OR (replication_outbox.version_id <> 'null' AND EXISTS (SELECT 1 FROM objects o WHERE o.bucket = replication_outbox.bucket
             AND o.key = replication_outbox.key AND o.version_id = replication_outbox.version_id))));
UPDATE replication_outbox SET bucket_incarnation = b.incarnation FROM buckets b WHERE b.name = replication_outbox.bucket;

CREATE FUNCTION replication_outbox_bucket_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.bucket_incarnation := COALESCE((SELECT incarnation FROM buckets WHERE name = NEW.bucket), 0);
    RETURN NEW;
END;
$$;

CREATE TRIGGER replication_outbox_bucket_row BEFORE INSERT ON replication_outbox
    FOR EACH ROW WHEN (NEW.bucket_incarnation = 0) EXECUTE FUNCTION replication_outbox_bucket_row();
