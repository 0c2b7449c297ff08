package io.cosd.store.meta.jdbc;

import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throwaway measurement (not a test; no timing assertions): how long V24's migration holds the
 * outbox's exclusive lock on PostgreSQL (docs/scale-out.md "Upgrading", docs/replication.md "Deleted
 * with its bucket"), and how long a statement of a node still running the older cosd waits for it.
 * A database at V23 with {@code rows} outbox rows (default 200,000: a third each PENDING, FAILED,
 * COMPLETED; one in ten of a bucket deleted without its rows, the rest spread over 100 live buckets),
 * then V24 applied by Flyway as a node's start-up applies it. A monitor polls {@code pg_locks} every
 * millisecond for the migration's AccessExclusiveLock on replication_outbox (first and last seen), and
 * an "older node" sends one INSERT into the outbox as soon as the lock is seen and reports its wait.
 * Uses the test run's PostgreSQL ({@link TestPostgres}). Run after
 * {@code mvn test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt}:
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) io.cosd.store.meta.jdbc.V24LockBench [rows] [runs]
 * </pre>
 */
public final class V24LockBench {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        TestPostgres pg = TestPostgres.get();
        System.out.println("rows=" + rows + " postgres=" + pg.jdbcUrl("postgres"));
        for (int run = 1; run <= runs; run++) {
            String db = pg.createDatabase("cosd_v24_bench");
            try {
                one(pg.jdbcUrl(db), rows, run);
            } finally {
                pg.dropDatabase(db);
            }
        }
        System.exit(0);
    }

    private static void one(String url, int rows, int run) throws Exception {
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration-postgresql").target("23").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO accounts (root_uin, appid, created_at) VALUES ('100000000001', '1250000000', 0)");
            s.execute("INSERT INTO buckets (name, owner_uin, appid, region, created_at, versioning, incarnation)"
                    + " SELECT 'b' || i || '-1250000000', '100000000001', '1250000000', 'ap-guangzhou', 0, 'ENABLED', i"
                    + " FROM generate_series(1, 100) i");
            s.execute("INSERT INTO replication_outbox (id, bucket, key, version_id, operation, destination, status, attempts,"
                    + " next_attempt_at, last_error, created_at)"
                    + " SELECT i, CASE WHEN i % 10 = 0 THEN 'gone-1250000000' ELSE 'b' || (i % 100 + 1) || '-1250000000' END,"
                    + " 'key-' || i, 'v' || i, 'PUT', 'ap-shanghai/dst-1250000001',"
                    + " CASE i % 3 WHEN 0 THEN 'COMPLETED' WHEN 1 THEN 'PENDING' ELSE 'FAILED' END, 0, 1000, NULL, 1000"
                    + " FROM generate_series(1, " + rows + ") i");
            s.execute("VACUUM ANALYZE");
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong first = new AtomicLong(), last = new AtomicLong(), olderNodeWait = new AtomicLong(-1);
        Thread monitor = Thread.ofPlatform().start(() -> {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                Thread olderNode = null;
                while (!done.get()) {
                    try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_locks WHERE relation = 'replication_outbox'::regclass"
                            + " AND mode = 'AccessExclusiveLock' AND granted")) {
                        if (rs.next()) {
                            long now = System.nanoTime();
                            first.compareAndSet(0, now);
                            last.set(now);
                            if (olderNode == null) olderNode = Thread.ofPlatform().start(() -> olderNodeInsert(url, olderNodeWait));
                        }
                    }
                    Thread.sleep(1);
                }
                if (olderNode != null) olderNode.join();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        long t0 = System.nanoTime();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration-postgresql").target("24").load().migrate();
        long t1 = System.nanoTime();
        done.set(true);
        monitor.join();
        long left;
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM replication_outbox")) {
            rs.next();
            left = rs.getLong(1);
        }
        System.out.printf("run %d: V24 migration %.0f ms; outbox exclusive lock seen for %.0f ms (first to last poll);"
                        + " an older node's INSERT waited %.0f ms; rows after: %d%n", run, (t1 - t0) / 1e6,
                first.get() == 0 ? 0 : (last.get() - first.get()) / 1e6, olderNodeWait.get() / 1e6, left);
    }

    /** A node still on the older cosd queues a copy (its INSERT names no bucket_incarnation). */
    private static void olderNodeInsert(String url, AtomicLong waited) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            long t = System.nanoTime();
            s.executeUpdate("INSERT INTO replication_outbox (id, bucket, key, version_id, operation, destination, status, attempts,"
                    + " next_attempt_at, last_error, created_at) VALUES (999999999, 'b1-1250000000', 'late', 'v-late', 'PUT',"
                    + " 'ap-shanghai/dst-1250000001', 'PENDING', 0, 1000, NULL, 1000)");
            waited.set(System.nanoTime() - t);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
