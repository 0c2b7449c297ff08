-- PostgreSQL form of db/migration/V4__replication_outbox_by_version.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- Replication (docs/replication.md): a delete by version id closes that version's pending outbox row
-- in its transaction (REP-R4), and resync --existing asks "has this version a row?": both look
-- rows up by version instead of scanning the pending queue.
CREATE INDEX replication_outbox_by_version ON replication_outbox (bucket, key, version_id);
