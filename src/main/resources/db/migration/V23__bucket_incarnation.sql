-- AUTH-13 (docs/security.md "A write lands in the bucket it was authorized against"): each bucket
-- row's incarnation, a random non-zero 64-bit value drawn at creation. A bucket deleted and created
-- again under the same name gets a new one, so a write authorized against the old row and
-- committed by name later is refused (NoSuchBucket) instead of landing in the namesake.
-- Existing rows get a random value each, never 0 (0 is "no expectation", Bucket.ANY_INCARNATION).
ALTER TABLE buckets ADD COLUMN incarnation INTEGER NOT NULL DEFAULT 0;
UPDATE buckets SET incarnation = random() WHERE incarnation = 0;
UPDATE buckets SET incarnation = 1 WHERE incarnation = 0;
