-- Small objects inline (docs/storage.md "Small objects inline"): the bytes of a version's blob when its
-- id is "inl-<32 hex>", stored in the same transaction as the version row that names it (one commit makes
-- data and metadata durable). The bytes are exactly what the blob file would hold (ciphertext for SSE).
CREATE TABLE inline_blobs (
    blob_id TEXT PRIMARY KEY,
    data    BLOB NOT NULL
);

-- A row lives exactly as long as a version names it: deleting the last version that names it, or
-- re-pointing it at another blob (a lifecycle transition to the archive tier), deletes the row in that
-- same transaction, whichever path did it. cosd never shares an inline blob between versions (a copy
-- writes its own); the NOT EXISTS keeps a row that another version still names all the same.
CREATE TRIGGER inline_blobs_version_deleted AFTER DELETE ON objects
WHEN substr(old.blob_id, 1, 4) = 'inl-'
BEGIN
    DELETE FROM inline_blobs WHERE blob_id = old.blob_id
        AND NOT EXISTS (SELECT 1 FROM objects WHERE blob_id = old.blob_id);
END;

CREATE TRIGGER inline_blobs_version_repointed AFTER UPDATE OF blob_id ON objects
WHEN substr(old.blob_id, 1, 4) = 'inl-' AND new.blob_id IS NOT old.blob_id
BEGIN
    DELETE FROM inline_blobs WHERE blob_id = old.blob_id
        AND NOT EXISTS (SELECT 1 FROM objects WHERE blob_id = old.blob_id);
END;
