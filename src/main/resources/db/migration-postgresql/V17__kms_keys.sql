-- PostgreSQL form of db/migration/V17__kms_keys.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- The built-in key service of SSE-KMS (docs/encryption.md "Key service", KMS-1..KMS-7): named keys,
-- each with numbered versions of 256-bit key material. The material is sealed under the master key
-- like SecretKeys (docs/storage.md "Security at rest"): kms_key_versions.material holds
-- v1:<master key id>:<base64(nonce | ciphertext | tag)> with "kms:<key id>:<version>" bound as
-- associated data, so a sealed value moved to another key or version does not open; sealed_by is
-- the master key's id (the start-up check reads it with access_keys.sealed_by).
-- Key ids and aliases share one namespace (the repository checks it in the creating transaction).
-- V16 belongs to another change; a database that applied V17 first gets it applied late
-- (store/meta/jdbc/Migrations).
CREATE TABLE kms_keys (
    key_id          TEXT COLLATE "C"    NOT NULL PRIMARY KEY,
    alias           TEXT COLLATE "C"    UNIQUE,
    enabled         INTEGER NOT NULL,
    current_version INTEGER NOT NULL,
    created_at      BIGINT  NOT NULL
);

CREATE TABLE kms_key_versions (
    key_id     TEXT COLLATE "C"    NOT NULL REFERENCES kms_keys (key_id),
    version    INTEGER NOT NULL,
    material   TEXT COLLATE "C"    NOT NULL,
    sealed_by  TEXT COLLATE "C"    NOT NULL,
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (key_id, version)
);
