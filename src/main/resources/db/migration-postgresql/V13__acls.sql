-- PostgreSQL form of db/migration/V13__acls.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- ACLs (docs/acl.md, ACL-S1). An object version's own ACL in domain/acl/Acl#encode form; NULL:
-- none of its own, it inherits its bucket's (COS "default"). Versions written before this change
-- are NULL, and every bucket was private then, so nothing becomes readable by this migration.
-- A bucket's ACL is a bucket_configs row of kind ACL (absent: the owner has FULL_CONTROL).
-- An upload's ACL, applied to the object its completion creates, in the same form.
ALTER TABLE objects ADD COLUMN acl TEXT COLLATE "C";
ALTER TABLE multipart_uploads ADD COLUMN acl TEXT COLLATE "C";
