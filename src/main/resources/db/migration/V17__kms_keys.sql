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
    key_id          TEXT    NOT NULL PRIMARY KEY,
    alias           TEXT    UNIQUE,
    enabled         INTEGER NOT NULL,
    current_version INTEGER NOT NULL,
    created_at      BIGINT  NOT NULL
);

CREATE TABLE kms_key_versions (
    key_id     TEXT    NOT NULL REFERENCES kms_keys (key_id),
    version    INTEGER NOT NULL,
    material   TEXT    NOT NULL,
    sealed_by  TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    PRIMARY KEY (key_id, version)
);
