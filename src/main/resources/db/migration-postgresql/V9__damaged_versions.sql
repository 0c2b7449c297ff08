-- PostgreSQL form of db/migration/V9__damaged_versions.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- Read integrity (docs/storage.md "Read integrity and scrubbing"): the scrubber marks a version
-- whose bytes no longer match its metadata (blob missing, wrong size, CRC64 or MD5 mismatch).
-- damage: a short reason ("missing blob 3f…", "crc64 mismatch"); NULL = never found damaged.
-- damaged_at: epoch millis of the scrub that found it. A marked version answers 500 InternalError
-- on GET and HEAD; a later scrub that finds the bytes intact again (restored from a backup) clears both.
-- V8 belongs to another change; Flyway's outOfOrder lets either land first.
ALTER TABLE objects ADD COLUMN damage TEXT COLLATE "C";
ALTER TABLE objects ADD COLUMN damaged_at BIGINT;
