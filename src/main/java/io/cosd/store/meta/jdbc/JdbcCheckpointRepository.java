package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.CheckpointRepository;
import io.cosd.store.meta.LeaseRepository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** Worker cursors; the upsert syntax is shared by SQLite (3.24+) and PostgreSQL. */
final class JdbcCheckpointRepository implements CheckpointRepository {
    private final Tx tx;
    private final String fencedSql;

    JdbcCheckpointRepository(Tx tx, String heldCondition) {
        this.tx = tx;
        // SQLite parses INSERT … SELECT … ON CONFLICT only with a WHERE in the SELECT, which this has.
        this.fencedSql = "INSERT INTO worker_checkpoints (worker, cursor, updated_at) SELECT ?, ?, ? WHERE " + heldCondition
                + " ON CONFLICT (worker) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at";
    }

    @Override
    public Optional<Checkpoint> cursor(String worker) {
        return tx.read(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT cursor, updated_at FROM worker_checkpoints WHERE worker = ?", worker);
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Checkpoint(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)))) : Optional.empty();
            }
        });
    }

    @Override
    public void save(String worker, String cursor, Instant at) {
        tx.write(c -> Sql.update(c, "INSERT INTO worker_checkpoints (worker, cursor, updated_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (worker) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at",
                worker, cursor, at.toEpochMilli()));
    }

    @Override
    public boolean saveFenced(String worker, String cursor, Instant at, LeaseRepository.Lease lease) {
        return 0 < tx.write(c -> Sql.update(c, fencedSql, worker, cursor, at.toEpochMilli(), lease.name(), lease.holder(), lease.token()));
    }

    @Override
    public String saveIfAbsent(String name, String value, Instant at) {
        tx.write(c -> Sql.update(c, "INSERT INTO worker_checkpoints (worker, cursor, updated_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (worker) DO NOTHING", name, value, at.toEpochMilli()));
        return cursor(name).orElseThrow().cursor();
    }
}
