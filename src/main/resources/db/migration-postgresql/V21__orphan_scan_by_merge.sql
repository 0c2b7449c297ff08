-- PostgreSQL form of db/migration/V21__orphan_scan_by_merge.sql (docs/scale-out.md "Schema"): the
-- start-up orphan scan is a sorted merge walk (docs/storage.md "Start-up cleanup", ST-G2), so nothing
-- reads objects_by_blob any more but the inline-blob trigger, which a partial index over inline ids
-- serves; file-backed versions then pay for no blob index.
DROP INDEX objects_by_blob;

CREATE INDEX objects_by_inline_blob ON objects (blob_id) WHERE substr(blob_id, 1, 4) = 'inl-';

-- The same function, its subquery restating the index's condition so the planner can use the
-- partial index for it.
CREATE OR REPLACE FUNCTION inline_blobs_release() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF substr(OLD.blob_id, 1, 4) = 'inl-'
       AND (TG_OP = 'DELETE' OR NEW.blob_id IS DISTINCT FROM OLD.blob_id) THEN
        DELETE FROM inline_blobs WHERE blob_id = OLD.blob_id
            AND NOT EXISTS (SELECT 1 FROM objects WHERE substr(blob_id, 1, 4) = 'inl-' AND blob_id = OLD.blob_id);
    END IF;
    RETURN NULL;
END;
$$;
