-- PostgreSQL form of db/migration/V7__replication_outbox_upload.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- Replication (docs/replication.md): a big object pushed to a plain COS/S3 endpoint as a multipart
-- upload remembers that upload here, so a retry after a transient failure resumes it (lists the
-- parts already there and sends only the rest) instead of starting the whole object again.
-- (V6 is taken by another branch's migration.)
ALTER TABLE replication_outbox ADD COLUMN upload_id TEXT COLLATE "C";
