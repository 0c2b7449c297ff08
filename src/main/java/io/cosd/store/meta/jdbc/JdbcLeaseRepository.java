package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.LeaseRepository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Nodes and worker leases on the database's clock ({@link Dialect#nowMillis}, SC-L2). The upserts are
 * the syntax SQLite (3.24+) and PostgreSQL share; under PostgreSQL's SERIALIZABLE writes two nodes
 * racing for one lease end as if one ran first: the other's retry finds the lease held (SC-L1).
 */
final class JdbcLeaseRepository implements LeaseRepository {
    private final Tx tx;
    private final String now;
    private final String acquireSql;
    private final String releaseSql;

    JdbcLeaseRepository(Tx tx, Dialect dialect) {
        this.tx = tx;
        this.now = dialect.nowMillis();
        // One conditional statement (SC-L1): taken when free, expired or already ours. The token stays
        // while the same holder renews in time and grows otherwise (SC-L3), so a holder whose lease
        // lapsed cannot write with its old token even if nobody took the lease meanwhile.
        String ours = "worker_leases.holder = excluded.holder AND worker_leases.expires_at > " + now;
        this.acquireSql = "INSERT INTO worker_leases (name, holder, token, acquired_at, expires_at) VALUES (?, ?, 1, " + now + ", " + now + " + ?)"
                + " ON CONFLICT (name) DO UPDATE SET"
                + " token = CASE WHEN " + ours + " THEN worker_leases.token ELSE worker_leases.token + 1 END,"
                + " acquired_at = CASE WHEN " + ours + " THEN worker_leases.acquired_at ELSE excluded.acquired_at END,"
                + " holder = excluded.holder, expires_at = excluded.expires_at"
                + " WHERE worker_leases.holder = excluded.holder OR worker_leases.holder IS NULL OR worker_leases.expires_at <= " + now;
        this.releaseSql = "UPDATE worker_leases SET holder = NULL, expires_at = " + now + " WHERE name = ? AND holder = ? AND token = ?";
    }

    @Override
    public void register(String id, String address, String version) {
        tx.write(c -> Sql.update(c, "INSERT INTO nodes (id, address, version, started_at, heartbeat_at) VALUES (?, ?, ?, " + now + ", " + now + ")"
                + " ON CONFLICT (id) DO UPDATE SET address = excluded.address, version = excluded.version,"
                + " started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at", id, address, version));
    }

    @Override
    public void heartbeat(String id) {
        tx.write(c -> Sql.update(c, "UPDATE nodes SET heartbeat_at = " + now + " WHERE id = ?", id));
    }

    @Override
    public Optional<Lease> acquire(String name, String node, Duration ttl) {
        return tx.write(c -> {
            Sql.update(c, acquireSql, name, node, ttl.toMillis());
            return lease(c, name).filter(l -> node.equals(l.holder()));
        });
    }

    @Override
    public boolean release(String name, String node, long token) {
        return 0 < tx.write(c -> Sql.update(c, releaseSql, name, node, token));
    }

    @Override
    public List<Lease> leases() {
        return tx.read(c -> {
            List<Lease> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT name, holder, token, acquired_at, expires_at FROM worker_leases ORDER BY name");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(lease(rs));
            }
            return out;
        });
    }

    @Override
    public List<Node> nodes() {
        return tx.read(c -> {
            List<Node> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT id, address, version, started_at, heartbeat_at FROM nodes ORDER BY heartbeat_at DESC, id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Node(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                            Instant.ofEpochMilli(rs.getLong(5))));
                }
            }
            return out;
        });
    }

    @Override
    public int forgetNodes(Duration age) {
        return tx.write(c -> Sql.update(c, "DELETE FROM nodes WHERE heartbeat_at < " + now + " - ?", age.toMillis()));
    }

    @Override
    public Instant now() {
        return tx.read(c -> {
            try (PreparedStatement ps = Sql.prepare(c, "SELECT " + now); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Instant.ofEpochMilli(rs.getLong(1));
            }
        });
    }

    private static Optional<Lease> lease(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "SELECT name, holder, token, acquired_at, expires_at FROM worker_leases WHERE name = ?", name);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(lease(rs)) : Optional.empty();
        }
    }

    private static Lease lease(ResultSet rs) throws SQLException {
        return new Lease(rs.getString(1), rs.getString(2), rs.getLong(3), Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)));
    }

    /** The fenced condition of a singleton worker's checkpoint write (SC-L3): this holder, this token, not expired. */
    String heldCondition() {
        return "EXISTS (SELECT 1 FROM worker_leases WHERE name = ? AND holder = ? AND token = ? AND expires_at > " + now + ")";
    }
}
