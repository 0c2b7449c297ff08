-- PostgreSQL form of db/migration/V16__encryption.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- Server-side encryption at rest (docs/encryption.md "Metadata", SSE-5..SSE-7): how a version's bytes are
-- encrypted, as io.cosd.domain.crypto.Encryption#encode writes it (mode, wrapped data key, SSE-C key
-- check, KMS key id and context). NULL: stored in the clear, as every version before this migration.
-- A multipart upload holds the mode and data key its parts are encrypted with until completion moves
-- them onto the version.
ALTER TABLE objects ADD COLUMN encryption TEXT COLLATE "C";
ALTER TABLE multipart_uploads ADD COLUMN encryption TEXT COLLATE "C";
