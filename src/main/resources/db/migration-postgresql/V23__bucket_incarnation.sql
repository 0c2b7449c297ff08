-- PostgreSQL form of db/migration/V23__bucket_incarnation.sql (AUTH-13, docs/security.md): each
-- bucket row's random non-zero 64-bit incarnation, new at every creation; existing rows get one each.
ALTER TABLE buckets ADD COLUMN incarnation BIGINT NOT NULL DEFAULT 0;
UPDATE buckets SET incarnation = ('x' || substr(md5(random()::text || name), 1, 16))::bit(64)::bigint WHERE incarnation = 0;
UPDATE buckets SET incarnation = 1 WHERE incarnation = 0;
