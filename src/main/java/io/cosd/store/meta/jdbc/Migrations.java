package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.StoreException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Schema versions (docs/storage.md ST-B5): Flyway applies {@code classpath:db/migration/V*__*.sql} in order, once each, with
 * a linear history (no {@code outOfOrder}, so Flyway has nothing to warn about on every start).
 * <p>
 * One exception is handled here, explicitly and silently: development databases where V7 was
 * applied before V6 existed (the two landed on parallel branches) lack V6 while holding a later
 * version, which Flyway calls "ignored". Every such migration only adds columns or indexes, so it is
 * applied late, before Flyway runs: its statements and its history row (Flyway's own checksum) in one
 * transaction. Flyway then validates that history like any other.
 */
final class Migrations {
    static final String LOCATION = "db/migration";
    /** PostgreSQL's set: the same versions in PostgreSQL's DDL (docs/scale-out.md "Schema"). */
    static final String POSTGRES_LOCATION = "db/migration-postgresql";

    private Migrations() {}

    static void apply(DataSource ds) {
        apply(ds, LOCATION);
    }

    static void apply(DataSource ds, String location) {
        try {
            Flyway flyway = Flyway.configure().dataSource(ds).locations("classpath:" + location).load();
            for (MigrationInfo gap : flyway.info().all()) {
                if (gap.getState() == MigrationState.IGNORED) applyLate(ds, gap, location);
            }
            flyway.migrate();
        } catch (FlywayException e) {
            throw new StoreException("metadata schema migration failed: " + e.getMessage(), e);
        }
    }

    /** Runs one resolved migration missing below the applied ones and records it as Flyway would. */
    private static void applyLate(DataSource ds, MigrationInfo m, String location) {
        String sql = script(location, m.getScript());
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                long started = System.nanoTime();
                try (Statement s = c.createStatement()) {
                    for (String statement : statements(sql)) s.execute(statement);
                }
                int rank;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT COALESCE(MAX(installed_rank), 0) + 1 FROM flyway_schema_history")) {
                    rs.next();
                    rank = rs.getInt(1);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO flyway_schema_history (installed_rank, version, description,"
                        + " type, script, checksum, installed_by, execution_time, success) VALUES (?, ?, ?, 'SQL', ?, ?, 'cosd', ?, ?)")) {
                    ps.setInt(1, rank);
                    ps.setString(2, m.getVersion().getVersion());
                    ps.setString(3, m.getDescription());
                    ps.setString(4, m.getScript());
                    ps.setInt(5, m.getChecksum());
                    ps.setInt(6, (int) ((System.nanoTime() - started) / 1_000_000));
                    // bound, not a literal 1: PostgreSQL's Flyway table has a boolean column, which refuses
                    // an integer; SQLite stores the bound true as 1, as Flyway itself does there
                    ps.setBoolean(7, true);
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("metadata schema migration failed: applying " + m.getScript() + " late: " + e.getMessage(), e);
        }
    }

    private static String script(String location, String name) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(location + "/" + name)) {
            if (in == null) throw new StoreException("metadata schema migration failed: " + name + " not on the class path", null);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("metadata schema migration failed: cannot read " + name, e);
        }
    }

    /** Statements of a migration file: {@code --} comment lines dropped, split at a {@code ;} that ends a line. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : sql.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) continue;
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                out.add(cur.toString().strip().replaceAll(";$", ""));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) out.add(cur.toString().strip());
        return out;
    }
}
