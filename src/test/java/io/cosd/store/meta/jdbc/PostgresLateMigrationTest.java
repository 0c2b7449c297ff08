package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.MetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A migration missing below the applied ones is applied "late" and recorded as Flyway would
 * ({@code Migrations.applyLate}, LinearMigrationsTest for SQLite), on PostgreSQL too, where Flyway's
 * {@code success} column is a {@code boolean}: an integer there is refused, and the store could not
 * open a database that had applied a later version first.
 */
class PostgresLateMigrationTest {
    String db;

    @BeforeEach
    void create() {
        db = TestPostgres.get().createDatabase("cosd_late");
    }

    @AfterEach
    void drop() {
        TestPostgres.get().dropDatabase(db);
    }

    @Test
    void aMigrationMissingBelowTheAppliedOnesIsAppliedLateAndRecordedAsSucceededAndTheNextStartValidates() throws Exception {
        PostgresMetadataStoreTest.open(TestPostgres.get(), db).close();
        try (Connection c = DriverManager.getConnection(TestPostgres.get().jdbcUrl(db)); Statement s = c.createStatement()) {
            // V22 undone while V23 stays applied: V22 is now a gap below the applied history
            s.execute("DROP TABLE nodes, worker_leases");
            s.execute("ALTER TABLE replication_outbox DROP COLUMN claimed_by");
            s.execute("DELETE FROM flyway_schema_history WHERE version = '22'");
        }
        try (MetadataStore store = PostgresMetadataStoreTest.open(TestPostgres.get(), db)) {
            store.leases().register("n1", "127.0.0.1:1", "test"); // V22's table is there again
        }
        assertThat(succeeded()).contains("22", "23");
        PostgresMetadataStoreTest.open(TestPostgres.get(), db).close(); // the late row validates like any other
    }

    private List<String> succeeded() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestPostgres.get().jdbcUrl(db)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
