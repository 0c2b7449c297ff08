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
    static final String NAME = "mig-1250000001", GONE = "gone-1250000000", LIVE = "live-1250000002";
    static final long CREATED = 5_000;

    @TempDir
    Path dir;

    interface Rows { void write(Connection c) throws Exception; }

    interface Check { void check(MetadataStore store) throws Exception; }

    /** A SQLite database migrated to {@code target} (null: the last), {@code rows} written with plain SQL, then opened by cosd (which migrates the rest). */
    private void onSqlite(String target, Rows rows, Check check) throws Exception {
        Path db = dir.resolve("meta.db");
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + db);
        var flyway = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
        (target == null ? flyway : flyway.target(target)).load().migrate();
        try (Connection c = ds.getConnection()) {
            rows.write(c);
        }
        try (MetadataStore store = JdbcMetadataStore.openSqlite(db)) {
            check.check(store);
        }
    }

    /** As {@link #onSqlite}, on a database of its own in the test run's PostgreSQL. */
    private static void onPostgres(String name, String target, Rows rows, Check check) throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase(name);
        try {
            var flyway = Flyway.configure().dataSource(pg.jdbcUrl(db), null, null).locations("classpath:db/migration-postgresql");
            (target == null ? flyway : flyway.target(target)).load().migrate();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(db))) {
                rows.write(c);
            }
            try (MetadataStore store = PostgresMetadataStoreTest.open(pg, db)) {
                check.check(store);
            }
        } finally {
            pg.dropDatabase(db);
        }
    }

    @Test
    void leftoverRowsOfADeletedAndRecreatedBucketAreDroppedWhileTheNamesakesAndALaggingClocksOwnRowsStillReplicateOnSqlite() throws Exception {
        onSqlite("23", OutboxBucketRowMigrationTest::oldDatabase, OutboxBucketRowMigrationTest::assertOnlyTheNamesakesRowsRemain);
    }

    @Test
    void leftoverRowsOfADeletedAndRecreatedBucketAreDroppedWhileTheNamesakesAndALaggingClocksOwnRowsStillReplicateOnPostgres() throws Exception {
        onPostgres("cosd_v24", "23", OutboxBucketRowMigrationTest::oldDatabase, OutboxBucketRowMigrationTest::assertOnlyTheNamesakesRowsRemain);
    }

    @Test
    void aRowAnOlderNodeWritesAfterTheMigrationNamesItsBucketRowSoItIsNeverTheSourceOfANamesakeNorMarksItsVersionOnSqlite() throws Exception {
        onSqlite(null, OutboxBucketRowMigrationTest::olderNodeWritesThenDeletesWithoutItsRows,
                OutboxBucketRowMigrationTest::assertTheOlderNodesLeftoverIsNotTheNamesakes);
    }

    @Test
    void aRowAnOlderNodeWritesAfterTheMigrationNamesItsBucketRowSoItIsNeverTheSourceOfANamesakeNorMarksItsVersionOnPostgres() throws Exception {
        onPostgres("cosd_v24_old_node", null, OutboxBucketRowMigrationTest::olderNodeWritesThenDeletesWithoutItsRows,
                OutboxBucketRowMigrationTest::assertTheOlderNodesLeftoverIsNotTheNamesakes);
    }

    /**
     * ADM-13's upgrade window: a node still running a cosd from before V24 (mid rolling upgrade, or one from
     * before DeleteBucket removed a bucket's rows) queues a copy with its own INSERT, which names no
     * bucket_incarnation, in the transaction that locked the bucket row (incarnation 4242); then that node
     * deletes the bucket without its rows and another account creates the name again (777) with a null
     * version of the same key. The row must name 4242 (the database fills it in), so status by the row
     * counts it and the worker never takes the namesake as its source.
     */
    private static void olderNodeWritesThenDeletesWithoutItsRows(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO accounts (root_uin, appid, created_at) VALUES ('100000000002', '1250000001', 0)");
            s.executeUpdate("INSERT INTO buckets (name, owner_uin, appid, region, created_at, versioning, incarnation)"
                    + " VALUES ('" + NAME + "', '100000000002', '1250000001', 'ap-guangzhou', " + CREATED + ", 'ENABLED', 4242)");
            row(s, 1, NAME, "k", "null", "PENDING", 6_000);
            try (ResultSet rs = s.executeQuery("SELECT bucket_incarnation FROM replication_outbox WHERE id = 1")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the row names the bucket row its write locked").isEqualTo(4242L);
            }
            s.executeUpdate("DELETE FROM buckets WHERE name = '" + NAME + "'");
            s.executeUpdate("INSERT INTO buckets (name, owner_uin, appid, region, created_at, versioning, incarnation)"
                    + " VALUES ('" + NAME + "', '100000000002', '1250000001', 'ap-guangzhou', 7000, 'ENABLED', 777)");
            object(s, NAME, "k", "null", 8_000);
        }
    }

    private static void assertTheOlderNodesLeftoverIsNotTheNamesakes(MetadataStore store) {
        ReplicationOutbox outbox = store.replication();
        List<ReplicationOutbox.Entry> due = outbox.claim("node-1", Instant.ofEpochSecond(100), 100, Duration.ofSeconds(15));
        assertThat(due).extracting(ReplicationOutbox.Entry::key).containsExactly("k");
        assertThat(outbox.source(due.get(0))).as("the namesake is not the source of the old row's copy (AUTH-15)").isEmpty();
        assertThat(outbox.stats(NAME, 777L, Instant.EPOCH).pending()).as("nor is the row the namesake's in its status").isZero();
        // the worker then fails the row ("the source bucket was deleted"): that outcome is the deleted row's,
        // and marks nothing of the namesake's (its null version of the same key has no replication status)
        assertThat(outbox.failed(due.get(0), Instant.ofEpochSecond(100), "the source bucket was deleted")).isTrue();
        assertThat(store.objects().version(NAME, "k", "null").orElseThrow().replicationStatus())
                .as("the namesake's version is not marked FAILED by the old row's outcome").isNull();
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
            // The namesake's null version of k (what rows 1 and 2 would send), and a leftover naming a
            // version id the namesake does not hold: neither may keep a leftover.
            object(s, NAME, "k", "null", 6_500);
            row(s, 7, NAME, "k5", "v5", "PENDING", 1_500);     // the old owner's
            // A live bucket created at CREATED on a node whose clock runs ahead of the node that then wrote
            // its version kv and queued its copy (written "before" the bucket by the other clock): the row
            // is the bucket's own, its version is there, and it must still be sent (no data loss, REP-R1).
            s.executeUpdate("INSERT INTO buckets (name, owner_uin, appid, region, created_at, versioning, incarnation)"
                    + " VALUES ('" + LIVE + "', '100000000002', '1250000001', 'ap-guangzhou', " + CREATED + ", 'ENABLED', 777)");
            object(s, LIVE, "kv", "v9", 4_900);
            row(s, 8, LIVE, "kv", "v9", "PENDING", 4_900);
        }
    }

    private static void row(Statement s, long id, String bucket, String key, String version, String status, long at) throws Exception {
        s.executeUpdate("INSERT INTO replication_outbox (id, bucket, key, version_id, operation, destination, status, attempts,"
                + " next_attempt_at, last_error, created_at) VALUES (" + id + ", '" + bucket + "', '" + key + "', '" + version
                + "', 'PUT', 'ap-shanghai/dst-1250000001', '" + status + "', 0, " + at + ", NULL, " + at + ")");
    }

    private static void object(Statement s, String bucket, String key, String version, long at) throws Exception {
        s.executeUpdate("INSERT INTO objects (bucket, key, version_id, seq, is_latest, delete_marker, size, storage_class, user_meta,"
                + " tags, created_at) VALUES ('" + bucket + "', '" + key + "', '" + version + "', " + at + ", 1, 0, 0, 'STANDARD', '{}', '{}', "
                + at + ")");
    }

    private static void assertOnlyTheNamesakesRowsRemain(MetadataStore store) {
        ReplicationOutbox outbox = store.replication();
        Bucket namesake = store.buckets().find(NAME).orElseThrow();
        Instant later = Instant.ofEpochSecond(100);
        // what the worker would send: the namesake's pending row and the live bucket's, each from its own bucket row
        List<ReplicationOutbox.Entry> due = outbox.claim("node-1", later, 100, Duration.ofSeconds(15));
        assertThat(due).extracting(ReplicationOutbox.Entry::key).containsExactlyInAnyOrder("k2", "kv");
        for (var e : due) {
            long row = e.bucket().equals(NAME) ? 4242L : 777L;
            assertThat(outbox.source(e)).hasValueSatisfying(b -> assertThat(b.incarnation()).isEqualTo(row));
        }
        // the namesake's status and resync see its own rows, none of the leftovers
        var s = outbox.stats(NAME, namesake.incarnation(), Instant.EPOCH);
        assertThat(List.of(s.pending(), s.failed(), s.completedSince())).containsExactly(1L, 1L, 1L);
        assertThat(outbox.problems(NAME, namesake.incarnation(), 10)).extracting(ReplicationOutbox.Entry::key).containsExactly("k3");
        var all = outbox.stats(null, Instant.EPOCH);
        assertThat(List.of(all.pending(), all.failed())).as("the leftovers are gone, not only hidden").containsExactly(2L, 1L);
        assertThat(outbox.stats(LIVE, 777L, Instant.EPOCH).pending()).as("the live bucket's own copy, queued by a lagging clock").isOne();
        assertThat(outbox.stats(GONE, Instant.EPOCH).pending()).isZero();
    }
}
