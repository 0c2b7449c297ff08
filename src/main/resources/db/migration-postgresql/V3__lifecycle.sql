-- PostgreSQL form of db/migration/V3__lifecycle.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- Lifecycle (docs/lifecycle.md). V3 leaves V2 to multipart upload, which was being merged at the same time.

-- Temporary restored copies of ARCHIVE/DEEP_ARCHIVE versions (docs/spec/semantics.md §3.8). One row per
-- version at most; blob_id is a hot-tier blob holding the decompressed bytes once DONE. The row
-- goes when the restored copy expires or the version is deleted (its blob is released then).
CREATE TABLE object_restores (
    bucket       TEXT COLLATE "C"   NOT NULL,
    key          TEXT COLLATE "C"   NOT NULL,
    version_id   TEXT COLLATE "C"   NOT NULL,
    status       TEXT COLLATE "C"   NOT NULL,  -- ONGOING | DONE
    tier         TEXT COLLATE "C"   NOT NULL,  -- Expedited | Standard | Bulk
    days         INTEGER NOT NULL,
    requested_at BIGINT NOT NULL,
    ready_at     BIGINT NOT NULL,  -- when an ONGOING restore completes
    expiry       BIGINT,           -- when a DONE copy expires
    blob_id      TEXT COLLATE "C",
    PRIMARY KEY (bucket, key, version_id)
);
-- The restore worker's queue: ONGOING rows by ready_at, DONE rows by expiry.
CREATE INDEX object_restores_due ON object_restores (status, ready_at);
CREATE INDEX object_restores_expiry ON object_restores (status, expiry);
CREATE INDEX object_restores_by_blob ON object_restores (blob_id);
-- The lifecycle pass visits the buckets that have a configuration of a kind.
CREATE INDEX bucket_configs_by_kind ON bucket_configs (kind, bucket);
