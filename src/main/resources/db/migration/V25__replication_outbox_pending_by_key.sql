-- REP-O1 (docs/replication.md "Order per key"): the replication claim takes a row only when no older
-- PENDING row of its bucket, key and destination exists (JdbcReplicationOutbox.HEAD_OF_ITS_KEY), a
-- NOT EXISTS evaluated for every due row the claim walks. replication_outbox_by_version (V4) finds a
-- key's rows but then reads all of them, COMPLETED ones kept an hour and FAILED ones kept until
-- resynced included: a key written often costs a claim that many rows per due row (measured on SQLite,
-- 70,000 rows of one key, 20,000 of them pending: 144 s per claim with V4 alone, 11 ms with this).
-- Partial, PENDING rows only: it holds the backlog, not the history, and a row leaves it when it ends.
CREATE INDEX replication_outbox_pending_by_key ON replication_outbox (bucket, key, destination, id) WHERE status = 'PENDING';
