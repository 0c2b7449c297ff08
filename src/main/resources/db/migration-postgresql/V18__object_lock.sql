-- PostgreSQL form of db/migration/V18__object_lock.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- Object lock (docs/object-lock.md, LOCK-4). A version's retention (mode GOVERNANCE or COMPLIANCE and
-- the retain-until instant in epoch millis, both NULL or both set) and its legal hold, in the version's
-- own row: written in the transaction that writes the version, read and changed in the transactions
-- that would remove or change it. Versions written before this change have no lock.
ALTER TABLE objects ADD COLUMN lock_mode TEXT COLLATE "C";
ALTER TABLE objects ADD COLUMN lock_until BIGINT;
ALTER TABLE objects ADD COLUMN legal_hold SMALLINT NOT NULL DEFAULT 0;
-- The lock an upload's completed object gets (asked at initiation), in domain/lock/ObjectLock#encode form.
ALTER TABLE multipart_uploads ADD COLUMN object_lock TEXT COLLATE "C";
