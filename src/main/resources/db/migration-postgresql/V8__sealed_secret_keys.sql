-- PostgreSQL form of db/migration/V8__sealed_secret_keys.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- Secrets at rest (docs/storage.md "Security at rest"): access_keys.secret_key holds the SecretKey
-- sealed with AES-256-GCM under a master key kept outside this database; sealed_by is that key's
-- id. NULL marks a row written before sealing existed: cosd seals such rows at start, in one
-- transaction, and then rewrites the file (VACUUM) so no plaintext page is left behind.
ALTER TABLE access_keys ADD COLUMN sealed_by TEXT COLLATE "C";
