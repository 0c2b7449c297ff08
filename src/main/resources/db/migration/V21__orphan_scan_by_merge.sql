-- The start-up orphan scan walks blob ids in sorted order against the referenced ids in sorted order
-- (docs/storage.md "Start-up cleanup"), so it no longer probes objects_by_blob, and nothing else reads
-- that index (every other statement on objects seeks by bucket and key: docs/performance.md "Lifecycle
-- over 10M unversioned objects"). Its upkeep was more than half of what deleting a version writes:
-- blob ids are random, so every delete dirtied a random leaf of it.
DROP INDEX objects_by_blob;

-- The V20 triggers still ask "does another version name this inline blob?" for inline ids only: a
-- partial index over inline ids answers that with one seek and costs file-backed versions nothing. The
-- subquery repeats the index's condition word for word, which is what lets SQLite use a partial index.
CREATE INDEX objects_by_inline_blob ON objects (blob_id) WHERE substr(blob_id, 1, 4) = 'inl-';

DROP TRIGGER inline_blobs_version_deleted;
CREATE TRIGGER inline_blobs_version_deleted AFTER DELETE ON objects
WHEN substr(old.blob_id, 1, 4) = 'inl-'
BEGIN
    DELETE FROM inline_blobs WHERE blob_id = old.blob_id
        AND NOT EXISTS (SELECT 1 FROM objects WHERE substr(blob_id, 1, 4) = 'inl-' AND blob_id = old.blob_id);
END;

DROP TRIGGER inline_blobs_version_repointed;
CREATE TRIGGER inline_blobs_version_repointed AFTER UPDATE OF blob_id ON objects
WHEN substr(old.blob_id, 1, 4) = 'inl-' AND new.blob_id IS NOT old.blob_id
BEGIN
    DELETE FROM inline_blobs WHERE blob_id = old.blob_id
        AND NOT EXISTS (SELECT 1 FROM objects WHERE substr(blob_id, 1, 4) = 'inl-' AND blob_id = old.blob_id);
END;
