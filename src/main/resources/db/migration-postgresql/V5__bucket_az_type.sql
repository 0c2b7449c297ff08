-- PostgreSQL form of db/migration/V5__bucket_az_type.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- REP-V9 / LC-E3: the availability-zone type chosen at PUT Bucket (<BucketAZConfig>MAZ</BucketAZConfig>).
-- Existing buckets were all created as single-AZ buckets.
ALTER TABLE buckets ADD COLUMN az_type TEXT COLLATE "C" NOT NULL DEFAULT 'OAZ';
