-- PostgreSQL form of db/migration/V10__completed_uploads.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- A CompleteMultipartUpload retried after it succeeded (a client that lost the first answer) gets
-- the same 200 result, as on S3 (docs/storage.md "A completion retried after it succeeded"). The
-- completion transaction writes one row here; a retry answers from the version (bucket, key,
-- version_id) only while it still has sequence number seq, i.e. was not overwritten or deleted.
-- Rows older than UploadRepository.COMPLETION_RETENTION are pruned by later completions; a bucket
-- delete removes its rows. No foreign key: the row must not keep an emptied bucket from being deleted.
CREATE TABLE completed_uploads (
    upload_id    TEXT COLLATE "C"   NOT NULL PRIMARY KEY,
    bucket       TEXT COLLATE "C"   NOT NULL,
    key          TEXT COLLATE "C"   NOT NULL,
    version_id   TEXT COLLATE "C"   NOT NULL,
    seq          BIGINT NOT NULL,
    completed_at BIGINT NOT NULL
);
CREATE INDEX completed_uploads_by_age ON completed_uploads (completed_at);
CREATE INDEX completed_uploads_by_bucket ON completed_uploads (bucket);
