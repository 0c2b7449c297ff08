-- PostgreSQL form of db/migration/V1__init.sql (docs/scale-out.md "Schema"): the same schema, every TEXT column
-- COLLATE "C" so that keys compare and sort by UTF-8 bytes, as SQLite's BINARY collation does.
-- cosd metadata schema, version 1.
-- Portable SQL: runs on SQLite and PostgreSQL. Booleans are SMALLINT 0/1 and instants are epoch
-- millis (BIGINT) so that both engines store and compare them the same way.
-- Keys must compare by UTF-8 bytes: SQLite's default BINARY collation does exactly that; a
-- PostgreSQL database must be created with LC_COLLATE "C" (or the columns declared COLLATE "C").

CREATE TABLE accounts (
    root_uin   TEXT COLLATE "C"   NOT NULL PRIMARY KEY,
    appid      TEXT COLLATE "C"   NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- uin is globally unique: the root user's uin is the account's root uin.
CREATE TABLE users (
    uin         TEXT COLLATE "C"   NOT NULL PRIMARY KEY,
    account_uin TEXT COLLATE "C"   NOT NULL REFERENCES accounts (root_uin) ON DELETE CASCADE,
    name        TEXT COLLATE "C"   NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX users_by_account ON users (account_uin, uin);

CREATE TABLE access_keys (
    secret_id   TEXT COLLATE "C"     NOT NULL PRIMARY KEY,
    secret_key  TEXT COLLATE "C"     NOT NULL,
    account_uin TEXT COLLATE "C"     NOT NULL REFERENCES accounts (root_uin) ON DELETE CASCADE,
    user_uin    TEXT COLLATE "C"     NOT NULL REFERENCES users (uin) ON DELETE CASCADE,
    active      SMALLINT NOT NULL,
    created_at  BIGINT   NOT NULL
);
CREATE INDEX access_keys_by_account ON access_keys (account_uin);
CREATE INDEX access_keys_by_user ON access_keys (user_uin);

-- next_seq is the per-bucket version counter. Incrementing it is also the write lock on the bucket
-- row in engines with concurrent writers (PostgreSQL), which serialises "exactly one latest".
CREATE TABLE buckets (
    name       TEXT COLLATE "C"   NOT NULL PRIMARY KEY,
    owner_uin  TEXT COLLATE "C"   NOT NULL REFERENCES accounts (root_uin),
    appid      TEXT COLLATE "C"   NOT NULL,
    region     TEXT COLLATE "C"   NOT NULL,
    created_at BIGINT NOT NULL,
    versioning TEXT COLLATE "C"   NOT NULL,
    next_seq   BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX buckets_by_owner ON buckets (owner_uin, name);

CREATE TABLE bucket_configs (
    bucket     TEXT COLLATE "C"   NOT NULL REFERENCES buckets (name) ON DELETE CASCADE,
    kind       TEXT COLLATE "C"   NOT NULL,
    document   TEXT COLLATE "C"   NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (bucket, kind)
);

-- One row per object version or delete marker.
CREATE TABLE objects (
    bucket              TEXT COLLATE "C"     NOT NULL REFERENCES buckets (name),
    key                 TEXT COLLATE "C"     NOT NULL,
    version_id          TEXT COLLATE "C"     NOT NULL,
    seq                 BIGINT   NOT NULL,
    is_latest           SMALLINT NOT NULL,
    delete_marker       SMALLINT NOT NULL,
    size                BIGINT   NOT NULL,
    etag                TEXT COLLATE "C",
    storage_class       TEXT COLLATE "C"     NOT NULL,
    content_type        TEXT COLLATE "C",
    cache_control       TEXT COLLATE "C",
    content_disposition TEXT COLLATE "C",
    content_encoding    TEXT COLLATE "C",
    content_language    TEXT COLLATE "C",
    expires             TEXT COLLATE "C",
    user_meta           TEXT COLLATE "C"     NOT NULL,  -- JSON object
    tags                TEXT COLLATE "C"     NOT NULL,  -- JSON object, insertion order kept
    replication_status  TEXT COLLATE "C",
    blob_id             TEXT COLLATE "C",
    parts_count         INTEGER  NOT NULL DEFAULT 0,
    created_at          BIGINT   NOT NULL,
    noncurrent_since    BIGINT,
    restore_status      TEXT COLLATE "C",
    restore_expiry      BIGINT,
    PRIMARY KEY (bucket, key, version_id)
);
-- At most one latest version per key, enforced by the engine.
CREATE UNIQUE INDEX objects_latest ON objects (bucket, key) WHERE is_latest = 1;
-- Listing current objects: delete markers are not in this index, so a page costs its own size
-- even when many keys were deleted.
CREATE INDEX objects_listing ON objects (bucket, key) WHERE is_latest = 1 AND delete_marker = 0;
-- All versions of a key, newest first (version listing, promotion after deleteVersion).
CREATE INDEX objects_versions ON objects (bucket, key, seq DESC);
-- Start-up orphan scan: is this blob referenced?
CREATE INDEX objects_by_blob ON objects (blob_id);

-- Parts of completed multipart objects (each part keeps its own blob).
CREATE TABLE object_parts (
    bucket      TEXT COLLATE "C"    NOT NULL,
    key         TEXT COLLATE "C"    NOT NULL,
    version_id  TEXT COLLATE "C"    NOT NULL,
    part_number INTEGER NOT NULL,
    blob_id     TEXT COLLATE "C"    NOT NULL,
    size        BIGINT  NOT NULL,
    etag        TEXT COLLATE "C"    NOT NULL,
    PRIMARY KEY (bucket, key, version_id, part_number),
    FOREIGN KEY (bucket, key, version_id) REFERENCES objects (bucket, key, version_id) ON DELETE CASCADE
);
CREATE INDEX object_parts_by_blob ON object_parts (blob_id);

CREATE TABLE multipart_uploads (
    upload_id           TEXT COLLATE "C"   NOT NULL PRIMARY KEY,
    bucket              TEXT COLLATE "C"   NOT NULL REFERENCES buckets (name),
    key                 TEXT COLLATE "C"   NOT NULL,
    initiated_at        BIGINT NOT NULL,
    storage_class       TEXT COLLATE "C"   NOT NULL,
    content_type        TEXT COLLATE "C",
    cache_control       TEXT COLLATE "C",
    content_disposition TEXT COLLATE "C",
    content_encoding    TEXT COLLATE "C",
    content_language    TEXT COLLATE "C",
    expires             TEXT COLLATE "C",
    user_meta           TEXT COLLATE "C"   NOT NULL,
    tags                TEXT COLLATE "C"   NOT NULL,
    initiator_uin       TEXT COLLATE "C"
);
CREATE INDEX multipart_uploads_by_key ON multipart_uploads (bucket, key, upload_id);

CREATE TABLE upload_parts (
    upload_id   TEXT COLLATE "C"    NOT NULL REFERENCES multipart_uploads (upload_id) ON DELETE CASCADE,
    part_number INTEGER NOT NULL,
    size        BIGINT  NOT NULL,
    etag        TEXT COLLATE "C"    NOT NULL,
    blob_id     TEXT COLLATE "C"    NOT NULL,
    created_at  BIGINT  NOT NULL,
    PRIMARY KEY (upload_id, part_number)
);
CREATE INDEX upload_parts_by_blob ON upload_parts (blob_id);

-- Written in the same transaction as the version it replicates (docs/spec/design.md §6). The id is assigned
-- by the writer (auto-increment syntax differs between SQLite and PostgreSQL).
CREATE TABLE replication_outbox (
    id              BIGINT   NOT NULL PRIMARY KEY,
    bucket          TEXT COLLATE "C"     NOT NULL,
    key             TEXT COLLATE "C"     NOT NULL,
    version_id      TEXT COLLATE "C"     NOT NULL,
    operation       TEXT COLLATE "C"     NOT NULL,
    destination     TEXT COLLATE "C"     NOT NULL,
    status          TEXT COLLATE "C"     NOT NULL,
    attempts        INTEGER  NOT NULL DEFAULT 0,
    next_attempt_at BIGINT   NOT NULL,
    last_error      TEXT COLLATE "C",
    created_at      BIGINT   NOT NULL
);
CREATE INDEX replication_outbox_due ON replication_outbox (status, next_attempt_at);

CREATE TABLE worker_checkpoints (
    worker     TEXT COLLATE "C"   NOT NULL PRIMARY KEY,
    cursor     TEXT COLLATE "C",
    updated_at BIGINT NOT NULL
);
