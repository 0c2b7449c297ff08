package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.MetadataStoreContract;
import io.cosd.store.meta.SecretSealer;
import io.cosd.store.meta.StoreException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs the whole metadata contract against a real PostgreSQL ({@link TestPostgres}), plus checks that
 * only make sense there (docs/scale-out.md). The class migrates one database and opens one store on
 * it; each test starts from it emptied (every table but Flyway's history truncated), which is the
 * schema exactly as the migrations leave it. The store keeps no state of its own between
 * transactions on PostgreSQL (no group commit, no event-loop memo, no staged inline bytes), so an
 * emptied database is a fresh store, at a fraction of a new one's cost; opening an existing
 * database is covered by {@link #dataSurvivesReopeningAndMigrationsRunOnlyOnce}.
 */
class PostgresMetadataStoreTest implements MetadataStoreContract {
    static final SecretSealer SEALER = SecretSealer.of(SecretSealer.newKey());
    static String db;
    static MetadataStore store;

    @BeforeAll
    static void migrateAndOpenOnce() {
        db = TestPostgres.get().createDatabase("cosd_contract");
        store = open(TestPostgres.get(), db);
    }

    @AfterAll
    static void closeAndDrop() {
        if (store != null) store.close();
        TestPostgres.get().dropDatabase(db);
    }

    static MetadataStore open(TestPostgres pg, String db) {
        return JdbcMetadataStore.openPostgres(PostgresUrl.parse(pg.url(db)), Clock.systemUTC(), MasterKeySource.of(SEALER));
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN EXECUTE (SELECT 'TRUNCATE ' || string_agg(quote_ident(tablename), ', ') || ' CASCADE'"
                    + " FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'); END $$");
        }
    }

    @Override
    public MetadataStore store() { return store; }

    private static Connection raw() throws Exception {
        return DriverManager.getConnection(TestPostgres.get().jdbcUrl(db));
    }

    @Test
    void theStoreIsDescribedAsPostgresWithoutAPassword() {
        assertThat(store.describe()).startsWith("postgresql 1").contains(db).contains("read-committed writes with row locks").doesNotContain("password");
    }

    @Test
    void unscopedWritesAreSerializableScopedWritesReadCommittedAndReadsARepeatableReadOnlySnapshot_SC_T1_T2() {
        Tx tx = ((JdbcMetadataStore) store).tx();
        assertThat((String) tx.write(c -> show(c, "transaction_isolation"))).isEqualTo("serializable");
        assertThat((String) tx.write(WriteScope.bucket("no-such-bucket"), c -> show(c, "transaction_isolation"))).isEqualTo("read committed");
        assertThat((String) tx.write(c -> show(c, "transaction_isolation"))).as("the SET is per transaction").isEqualTo("serializable");
        assertThat((String) tx.read(c -> show(c, "transaction_isolation"))).isEqualTo("repeatable read");
        assertThat((String) tx.read(c -> show(c, "transaction_read_only"))).isEqualTo("on");
    }

    private static String show(Connection c, String name) throws java.sql.SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void readersCannotWrite() {
        Tx tx = ((JdbcMetadataStore) store).tx();
        assertThatThrownBy(() -> tx.read(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO worker_checkpoints (worker, cursor, updated_at) VALUES ('w', null, 0)");
            }
        })).isInstanceOf(StoreException.class);
    }

    @Test
    void dataSurvivesReopeningAndMigrationsRunOnlyOnce() throws Exception {
        bucket("keep-1250000000", VersioningState.UNVERSIONED);
        store.objects().put(draft("keep-1250000000", "k", "null"), VersioningState.UNVERSIONED);
        store.close();
        store = open(TestPostgres.get(), db);
        assertThat(store.objects().latest("keep-1250000000", "k")).isPresent();
        assertThat(store.identity().listAccounts()).hasSize(1);
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
            List<String> versions = new ArrayList<>();
            while (rs.next()) versions.add(rs.getString(1));
            assertThat(versions).doesNotHaveDuplicates().contains("1", "20");
        }
    }

    /**
     * PostgreSQL's migration set (docs/scale-out.md "Schema") is a linear history of the same versions
     * as SQLite's: each of its versions has a SQLite twin, every SQLite version has one here,
     * and the history holds each version once, in order (ST-B5).
     */
    @Test
    void thePostgresMigrationsMirrorSqlitesVersionsInALinearHistory_ST_B5() throws Exception {
        List<Integer> sqlite = versions(Migrations.LOCATION), postgres = versions(Migrations.POSTGRES_LOCATION);
        assertThat(sqlite).containsAll(postgres);
        assertThat(postgres).containsExactlyElementsOf(sqlite);
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank")) {
            List<Integer> applied = new ArrayList<>();
            while (rs.next()) applied.add(Integer.parseInt(rs.getString(1)));
            assertThat(applied).containsExactlyElementsOf(postgres);
        }
    }

    private static List<Integer> versions(String location) throws Exception {
        java.net.URL dir = PostgresMetadataStoreTest.class.getClassLoader().getResource(location);
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(dir.toURI()))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).sorted().toList();
        }
    }

    /** Every text column compares by bytes (COLLATE "C"), whatever the database's own collation. */
    @Test
    void everyTextColumnIsCollatedByBytes() throws Exception {
        try (Connection c = raw(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = 'public'"
                        + " AND data_type = 'text' AND table_name <> 'flyway_schema_history' AND COALESCE(collation_name, '') <> 'C'")) {
            List<String> others = new ArrayList<>();
            while (rs.next()) others.add(rs.getString(1));
            assertThat(others).isEmpty();
        }
    }

    @Test
    void aServerWithoutTheSchemaRefusesAnotherEncodingClearly() {
        TestPostgres pg = TestPostgres.get();
        String latin = "cosd_latin_" + ProcessHandle.current().pid();
        pg.admin("CREATE DATABASE " + latin + " ENCODING 'LATIN1' TEMPLATE template0");
        try {
            assertThatThrownBy(() -> open(pg, latin)).isInstanceOf(StoreException.class).hasMessageContaining("UTF8");
        } finally {
            pg.dropDatabase(latin);
        }
    }
}
