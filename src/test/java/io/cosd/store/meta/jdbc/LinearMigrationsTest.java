package io.cosd.store.meta.jdbc;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cosd.store.meta.MetadataStore;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Migrations: a linear history, no outOfOrder warning, and late V6 on databases that applied V7 first. */
class LinearMigrationsTest {
    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void capture() {
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void release() {
        root.detachAppender(logged);
    }

    @Test
    void aFreshDatabaseIsMigratedToTheLatestVersionWithoutAnyWarning() throws Exception {
        Path db = dir.resolve("meta.db");
        JdbcMetadataStore.openSqlite(db).close();
        try (MetadataStore again = JdbcMetadataStore.openSqlite(db)) { // and a second start
            assertThat(again.identity().listAccounts()).isEmpty();
        }
        assertThat(history(db)).containsExactly("1", "3", "4", "5", "6", "7", "8", "9", "10", "12", "13", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aDatabaseThatAppliedV7BeforeV6GetsV6SilentlyAndStartsAgainCleanly() throws Exception {
        Path db = dir.resolve("meta.db");
        // Built as such dev databases were: V1..V5 and V7 from a class path where V6 did not exist yet.
        Path early = Files.createDirectories(dir.resolve("early"));
        for (String f : List.of("V1__init.sql", "V3__lifecycle.sql", "V4__replication_outbox_by_version.sql",
                "V5__bucket_az_type.sql", "V7__replication_outbox_upload.sql")) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/migration/" + f)) {
                Files.write(early.resolve(f), in.readAllBytes());
            }
        }
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db);
        Flyway.configure().dataSource(ds).locations("filesystem:" + early).load().migrate();
        assertThat(history(db)).containsExactly("1", "3", "4", "5", "7");

        try (MetadataStore store = JdbcMetadataStore.openSqlite(db)) {
            assertThat(store.identity().listAccounts()).isEmpty();
        }
        assertThat(history(db)).containsExactly("1", "3", "4", "5", "7", "6", "8", "9", "10", "12", "13", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25");
        assertThat(columns(db, "objects")).contains("crc64");
        assertThat(columns(db, "upload_parts")).contains("crc64");
        JdbcMetadataStore.openSqlite(db).close(); // the late row validates like any other
        assertThat(warnings()).isEmpty();
    }

    @Test
    void migrationFilesSplitIntoTheirStatements() {
        assertThat(Migrations.statements("-- a comment;\nALTER TABLE a ADD COLUMN b INT;\n\nCREATE INDEX i\n  ON a (b);\n"))
                .containsExactly("ALTER TABLE a ADD COLUMN b INT", "CREATE INDEX i\n  ON a (b)");
    }

    private List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static List<String> history(Path db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    private static List<String> columns(Path db, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) out.add(rs.getString("name"));
        }
        return out;
    }
}
