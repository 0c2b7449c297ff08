-- Workers across nodes (docs/scale-out.md "Workers across nodes", SC-L1..L6). Times are epoch
-- milliseconds on the database's clock (SC-L2), never a node's.

-- Every node heartbeats its row (SC-L5); `cosd admin nodes` lists them. id: the data dir's node-id.
CREATE TABLE nodes (
    id           TEXT    NOT NULL PRIMARY KEY,
    address      TEXT    NOT NULL,
    version      TEXT    NOT NULL,
    started_at   INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL
);

-- One row per singleton worker (lifecycle, restore, scrub): held by `holder` until `expires_at`,
-- renewed by it (SC-L1). `token` grows with every change of holder: a checkpoint is written only
-- with the current token (SC-L3).
CREATE TABLE worker_leases (
    name        TEXT    NOT NULL PRIMARY KEY,
    holder      TEXT,
    token       INTEGER NOT NULL,
    acquired_at INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);

-- Outbox claims (SC-L4): a PENDING row being delivered is claimed by one node, for as long as that
-- node's heartbeat is fresh (a dead node's claims lapse with its heartbeat).
ALTER TABLE replication_outbox ADD COLUMN claimed_by TEXT;
