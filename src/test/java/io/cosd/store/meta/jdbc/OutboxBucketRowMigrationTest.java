package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.Bucket;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.ReplicationOutbox;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V24 (ADM-13, AUTH-15; docs/replication.md "Deleted with its bucket"): outbox rows an older cosd left
 * behind when it deleted their bucket (before DeleteBucket removed them in its transaction) name the
 * bucket only; once another account created the name again they would pass for the namesake's. The
 * migration keeps a row only when a bucket of its name was created no later than the row, tagging it
 * with that row's incarnation; the rest go. Afterwards the worker's queue (due, claim) and a row's source
 * hold only the namesake's own rows, on both engines.
 */
class OutboxBucketRowMigrationTest {
    static final String NAME = "mig-1250000001", GONE = "gone-1250000000";
    static final long CREATED = 5_000;

    @TempDir
    Path dir;

    @Test
    void leftoverRowsOfADeletedAndRecreatedBucketAreDroppedAndTheNamesakesOwnRowsStillReplicateOnSqlite() throws Exception {
        Path db = dir.resolve("meta.db");
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("23").load().migrate();
        try (Connection c = ds.getConnection()) {
            oldDatabase(c);
        }
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db)) {
            assertOnlyTheNamesakesRowsRemain(store);
        }
    }

    @Test
    void leftoverRowsOfADeletedAndRecreatedBucketAreDroppedAndTheNamesakesOwnRowsStillReplicateOnPostgres() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase("cosd_v24");
        try {
            Flyway.configure().dataSource(pg.jdbcUrl(db), null, null).locations("classpath:db/migration-postgresql").target("23").load().migrate();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db))) {
                oldDatabase(c);
            }
            try (MetadataStore store = PostgresMetadataStoreTest.open(pg, db)) {
                assertOnlyTheNamesakesRowsRemain(store);
            }
        } finally {
            pg.dropDatabase(db);
        }
    }

    /**
     * At V23: bucket NAME as another account re-created it at CREATED, holding its own pending row (k2),
     * failed row (k3) and completed row (k4); the old owner's leftovers of the same name from before its
     * deletion (the null version of k, a pending and a failed copy); and a leftover of a bucket no one
     * re-created.
     */
    private static void oldDatabase(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO accounts (root_uin, appid, created_at) VALUES ('100000000002', '1250000001', 0)");
            s.executeUpdate("INSERT INTO buckets (name, owner_uin, appid, region, created_at, versioning, incarnation)"
                    + " VALUES ('" + NAME + "', '100000000002', '1250000001', 'ap-guangzhou', " + CREATED + ", 'ENABLED', 4242)");
            row(s, 1, NAME, "k", "null", "PENDING", 1_000);    // the old owner's, before the deletion
            row(s, 2, NAME, "k", "null", "FAILED", 2_000);     // the old owner's
            row(s, 3, GONE, "x", "null", "PENDING", 3_000);    // a bucket deleted and never re-created
            row(s, 4, NAME, "k2", "v2", "PENDING", 6_000);     // the namesake's own
            row(s, 5, NAME, "k3", "v3", "FAILED", 7_000);      // the namesake's own
            row(s, 6, NAME, "k4", "v4", "COMPLETED", 8_000);   // the namesake's own
        }
    }

    private static void row(Statement s, long id, String bucket, String key, String version, String status, long at) throws Exception {
        s.executeUpdate("INSERT INTO replication_outbox (id, bucket, key, version_id, operation, destination, status, attempts,"
                + " next_attempt_at, last_error, created_at) VALUES (" + id + ", '" + bucket + "', '" + key + "', '" + version
                + "', 'PUT', 'ap-shanghai/dst-1250000001', '" + status + "', 0, " + at + ", NULL, " + at + ")");
    }

    private static void assertOnlyTheNamesakesRowsRemain(MetadataStore store) {
        ReplicationOutbox outbox = store.replication();
        Bucket namesake = store.buckets().find(NAME).orElseThrow();
        Instant later = Instant.ofEpochSecond(100);
        // what the worker would send: the namesake's pending row only, and its source is the namesake's row
        List<ReplicationOutbox.Entry> due = outbox.claim("node-1", later, 100, Duration.ofSeconds(15));
        assertThat(due).extracting(ReplicationOutbox.Entry::key).containsExactly("k2");
        assertThat(outbox.source(due.get(0))).hasValueSatisfying(b -> assertThat(b.incarnation()).isEqualTo(4242L));
        // the namesake's status and resync see its own rows, none of the leftovers
        var s = outbox.stats(NAME, namesake.incarnation(), Instant.EPOCH);
        assertThat(List.of(s.pending(), s.failed(), s.completedSince())).containsExactly(1L, 1L, 1L);
        assertThat(outbox.problems(NAME, namesake.incarnation(), 10)).extracting(ReplicationOutbox.Entry::key).containsExactly("k3");
        var all = outbox.stats(null, Instant.EPOCH);
        assertThat(List.of(all.pending(), all.failed())).as("the leftovers are gone, not only hidden").containsExactly(1L, 1L);
        assertThat(outbox.stats(GONE, Instant.EPOCH).pending()).isZero();
    }
}
