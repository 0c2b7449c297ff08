-- PostgreSQL form of db/migration/V20__inline_blobs.sql (docs/scale-out.md "Schema"): BLOB is BYTEA and
-- the two SQLite triggers are PL/pgSQL trigger functions with the same effect.
-- Small objects inline (docs/storage.md "Small objects inline"): the bytes of a version's blob when its
-- id is "inl-<32 hex>", stored in the same transaction as the version row that names it (one commit
-- makes data and metadata durable). The bytes are exactly what the blob file would hold.
CREATE TABLE inline_blobs (
    blob_id TEXT COLLATE "C" PRIMARY KEY,
    data    BYTEA NOT NULL
);

-- A row lives exactly as long as a version names it: deleting the last version that names it, or
-- re-pointing it at another blob, deletes the row in that same transaction.
CREATE FUNCTION inline_blobs_release() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF substr(OLD.blob_id, 1, 4) = 'inl-'
       AND (TG_OP = 'DELETE' OR NEW.blob_id IS DISTINCT FROM OLD.blob_id) THEN
        DELETE FROM inline_blobs WHERE blob_id = OLD.blob_id
            AND NOT EXISTS (SELECT 1 FROM objects WHERE blob_id = OLD.blob_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER inline_blobs_version_deleted AFTER DELETE ON objects
    FOR EACH ROW EXECUTE FUNCTION inline_blobs_release();

CREATE TRIGGER inline_blobs_version_repointed AFTER UPDATE OF blob_id ON objects
    FOR EACH ROW EXECUTE FUNCTION inline_blobs_release();
