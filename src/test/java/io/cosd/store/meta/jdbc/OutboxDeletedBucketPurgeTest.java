package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REP-S7 (docs/replication.md "Deleted with its bucket"): the worker's purge pass deletes the outbox
 * rows whose bucket row is gone, whatever their status, in bounded batches, and nothing else. The rows
 * are left as a node from before AUTH-15 leaves them: queued by its own INSERT (which names no
 * incarnation; V24's trigger names the bucket row), then the bucket row deleted without its rows. On
 * SQLite and on the test run's PostgreSQL.
 */
class OutboxDeletedBucketPurgeTest {
    static final String LIVE = "live-1250000000", GONE = "gone-1250000000", NAMESAKE = "again-1250000000";

    @TempDir
    Path dir;

    @Test
    void onlyTheRowsOfDeletedBucketRowsArePurgedInBoundedBatchesOnSqlite_REP_S7() throws Exception {
        Path db = dir.resolve("meta.db");
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db)) {
            check(store, () -> DriverManager.getConnection("jdbc:sqlite:" + db));
        }
    }

    @Test
    void onlyTheRowsOfDeletedBucketRowsArePurgedInBoundedBatchesOnPostgres_REP_S7() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase("cosd_outbox_purge");
        try (MetadataStore store = PostgresMetadataStoreTest.open(pg, db)) {
            check(store, () -> DriverManager.getConnection(pg.jdbcUrl(db)));
        } finally {
            pg.dropDatabase(db);
        }
    }

    interface Raw { Connection open() throws SQLException; }

    private static void check(MetadataStore store, Raw raw) throws Exception {
        StoreFixture f = () -> store;
        f.bucket(LIVE, VersioningState.ENABLED);
        f.bucket(GONE, VersioningState.ENABLED);
        f.bucket(NAMESAKE, VersioningState.ENABLED);
        try (Connection c = raw.open(); Statement s = c.createStatement()) {
            row(s, 1, LIVE, "PENDING");
            row(s, 2, LIVE, "FAILED");
            row(s, 3, GONE, "PENDING");
            row(s, 4, GONE, "FAILED");
            row(s, 5, GONE, "COMPLETED");
            row(s, 6, NAMESAKE, "FAILED");   // the first NAMESAKE's
            row(s, 7, NAMESAKE, "PENDING");  // the first NAMESAKE's
            // deleted as an older node deletes a bucket: its rows stay behind
            s.executeUpdate("DELETE FROM buckets WHERE name IN ('" + GONE + "', '" + NAMESAKE + "')");
        }
        f.bucket(NAMESAKE, VersioningState.ENABLED); // created again: a new bucket row of the same name
        try (Connection c = raw.open(); Statement s = c.createStatement()) {
            row(s, 8, NAMESAKE, "FAILED");   // the namesake's own
            row(s, 9, NAMESAKE, "PENDING");
        }

        var outbox = store.replication();
        assertThat(outbox.purgeOfDeletedBuckets(2)).as("a bounded batch").isEqualTo(2);
        assertThat(outbox.purgeOfDeletedBuckets(1_000)).isEqualTo(3);
        assertThat(outbox.purgeOfDeletedBuckets(1_000)).as("nothing left to purge").isZero();
        assertThat(ids(raw)).as("the live bucket's and the namesake's own rows stay, whatever their status")
                .containsExactly(1L, 2L, 8L, 9L);
        // what stays is still the namesake's: its status counts its own rows only
        var namesake = store.buckets().find(NAMESAKE).orElseThrow();
        assertThat(outbox.stats(NAMESAKE, namesake.incarnation(), java.time.Instant.EPOCH).failed()).isEqualTo(1);
    }

    private static void row(Statement s, long id, String bucket, String status) throws SQLException {
        s.executeUpdate("INSERT INTO replication_outbox (id, bucket, key, version_id, operation, destination, status, attempts,"
                + " next_attempt_at, last_error, created_at) VALUES (" + id + ", '" + bucket + "', 'k" + id + "', 'v" + id
                + "', 'PUT', 'ap-shanghai/dst-1250000001', '" + status + "', 0, " + System.currentTimeMillis() + ", NULL, "
                + System.currentTimeMillis() + ")");
    }

    private static List<Long> ids(Raw raw) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = raw.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM replication_outbox ORDER BY id")) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }
}
