-- PostgreSQL form of db/migration/V12__user_policies.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- Identity (user) policies of sub-users (docs/policy.md "Identity policies", POL-I1..): one JSON
-- document per user, stored verbatim as it was put (after validation). Removing the user removes its
-- policy (ON DELETE CASCADE; foreign keys are enforced).
-- V11 and V13 belong to other changes; a database that applied V12 before one of them existed gets it
-- applied late (store/meta/jdbc/Migrations).
CREATE TABLE user_policies (
    user_uin   TEXT COLLATE "C"   NOT NULL PRIMARY KEY REFERENCES users (uin) ON DELETE CASCADE,
    document   TEXT COLLATE "C"   NOT NULL,
    updated_at BIGINT NOT NULL
);
