-- PostgreSQL form of db/migration/V22__nodes_and_leases.sql (docs/scale-out.md "Workers across
-- nodes", SC-L1..L6). Times are epoch milliseconds on the database's clock (SC-L2).
CREATE TABLE nodes (
    id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    address      TEXT COLLATE "C" NOT NULL,
    version      TEXT COLLATE "C" NOT NULL,
    started_at   BIGINT NOT NULL,
    heartbeat_at BIGINT NOT NULL
);

CREATE TABLE worker_leases (
    name        TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    holder      TEXT COLLATE "C",
    token       BIGINT NOT NULL,
    acquired_at BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

ALTER TABLE replication_outbox ADD COLUMN claimed_by TEXT COLLATE "C";
