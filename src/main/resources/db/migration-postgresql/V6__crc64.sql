-- PostgreSQL form of db/migration/V6__crc64.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- CRC-64/ECMA-182 of each version's and each part's bytes (x-cos-hash-crc64ecma), stored as the
-- signed 64-bit two's complement of the unsigned value. Nullable: versions and parts written before
-- V6 simply have none, like COS objects uploaded before COS computed it (the header is then absent).
-- V5 is left to another change being merged at the same time.
ALTER TABLE objects ADD COLUMN crc64 BIGINT;
ALTER TABLE object_parts ADD COLUMN crc64 BIGINT;
ALTER TABLE upload_parts ADD COLUMN crc64 BIGINT;
