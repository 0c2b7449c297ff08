-- PostgreSQL form of db/migration/V19__checksums.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- S3 additional checksums (docs/checksums.md): the checksum stored with each version, each part of an
-- upload and each part of a completed multipart object, as "<ALGORITHM> <TYPE> <value>" (ObjectChecksum.encode,
-- e.g. "CRC32 FULL_OBJECT 3x7yEg==" or "SHA256 COMPOSITE Ok6C...=-3"); and an upload's algorithm and type,
-- chosen at initiation. Nullable: versions and parts written before V19, or without a checksum, have none.
ALTER TABLE objects ADD COLUMN checksum TEXT COLLATE "C";
ALTER TABLE object_parts ADD COLUMN checksum TEXT COLLATE "C";
ALTER TABLE upload_parts ADD COLUMN checksum TEXT COLLATE "C";
ALTER TABLE multipart_uploads ADD COLUMN checksum_algorithm TEXT COLLATE "C";
ALTER TABLE multipart_uploads ADD COLUMN checksum_type TEXT COLLATE "C";
