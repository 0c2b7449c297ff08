package io.cosd.store.meta.jdbc;

import java.sql.ResultSet;

/**
 * A one-row write and its count on a table every schema has ({@code worker_checkpoints}), for the tests
 * that fail a transaction at its COMMIT and then ask whether it committed (ST-F8, ST-P1).
 */
final class CheckpointRows {
    private CheckpointRows() {}

    /** The insert of one row named {@code worker}. */
    static Tx.Work<Integer> insert(String worker) {
        return c -> Sql.update(c, "INSERT INTO worker_checkpoints (worker, cursor, updated_at) VALUES (?, 'x', 0)", worker);
    }

    /** How many rows named {@code worker} a fresh read sees. */
    static long count(Tx tx, String worker) {
        return tx.read(c -> {
            try (var ps = Sql.prepare(c, "SELECT COUNT(*) FROM worker_checkpoints WHERE worker = ?", worker); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
