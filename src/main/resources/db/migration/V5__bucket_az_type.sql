-- REP-V9 / LC-E3: the availability-zone type chosen at PUT Bucket (<BucketAZConfig>MAZ</BucketAZConfig>).
-- Existing buckets were all created as single-AZ buckets.
ALTER TABLE buckets ADD COLUMN az_type TEXT NOT NULL DEFAULT 'OAZ';
