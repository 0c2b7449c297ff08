package io.cosd.store.meta.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.SecretSealer;
import io.cosd.store.meta.StoreException;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * Everything PostgreSQL-specific (docs/scale-out.md), beside {@link SqliteSetup}: version and
 * encoding checks, the migration set, the pools and their isolation levels, error codes. The
 * repositories run the same portable SQL on both engines.
 * <ul>
 *   <li>SQLite gave every read-then-write (a key's latest version, a bucket still empty, the next
 *       outbox id) its single writer. Here the writers' pool is READ COMMITTED and a write that
 *       touches a bucket's or an upload's rows names them ({@link WriteScope}): {@link Tx} locks them
 *       first, so writers of one bucket queue as behind SQLite's lock (SC-T1); every other write runs
 *       SERIALIZABLE (SC-T2) and {@link Tx} runs one aborted (40001, 40P01) again. Unique violations
 *       (23505) are conflicts, exactly as SQLite's constraint errors.</li>
 *   <li>Reads are REPEATABLE READ and read-only: one snapshot per transaction, like a WAL reader.</li>
 *   <li>No group commit (PostgreSQL flushes the WAL once for the transactions that commit together)
 *       and no event-loop reads (their memo is keyed by SQLite's {@code data_version}; requests read
 *       on virtual threads instead, docs/performance.md "The GET path").</li>
 *   <li>The change feed notifies ({@code pg_notify} in the writing transaction), and one listener
 *       connection per process outside the pools receives every node's changes ({@link Changes},
 *       {@link PgListener}; docs/scale-out.md "Caches across nodes").</li>
 * </ul>
 */
final class PostgresSetup {
    /** Debian 12's PostgreSQL is the floor (docs/scale-out.md). */
    static final int MIN_VERSION_NUM = 150000;
    /** Runs of one transaction at most: a serialization failure is retried this often before it is an error. */
    static final int ATTEMPTS = 30;
    private static final int WRITERS = 8;
    private static final int READERS = 8;

    private PostgresSetup() {}

    static JdbcMetadataStore open(PostgresUrl url, Clock clock, MasterKeySource keys) {
        PGSimpleDataSource plain = source(url);
        bounded(plain, url, SOCKET_TIMEOUT_SECONDS);
        // ST-P8: the start-up steps run without a socket timeout, whatever the URL says: a migration's
        // DDL waits for the tables it alters and may rewrite or index a large table for minutes; cut,
        // it would roll back on every start and no node could start on the new version. Connect and
        // login stay bounded, and TCP keep-alive notices a peer that died meanwhile.
        PGSimpleDataSource startup = source(url);
        bounded(startup, url, SOCKET_TIMEOUT_SECONDS);
        startup.setSocketTimeout(0);
        String version = check(startup, url);
        // Flyway takes PostgreSQL's advisory lock while it migrates, so nodes starting together apply each version once.
        Migrations.apply(startup, Migrations.POSTGRES_LOCATION);
        SecretSealer sealer = SecretUpgrade.run(startup, keys, url.describe(), false);

        // SC-T1: the writers' own level is READ COMMITTED; a scoped write locks its rows first, every
        // other write makes itself SERIALIZABLE (Tx.Locking).
        HikariDataSource writers = pool("cosd-pg-writer", plain, WRITERS, false, "TRANSACTION_READ_COMMITTED");
        HikariDataSource readers;
        try {
            readers = pool("cosd-pg-reader", plain, READERS, true, "TRANSACTION_REPEATABLE_READ");
        } catch (RuntimeException e) {
            writers.close();
            throw e;
        }
        // One LISTEN connection per process, outside the pools, started with the first cache (docs/scale-out.md "Caches across nodes").
        PGSimpleDataSource listening = listenerSource(url);
        Changes changes = Changes.notifying(feed -> PgListener.start(listening::getConnection, feed));
        Tx tx = new Tx(writers, readers, engine(), null, changes);
        String description = "postgresql " + version + " at " + url.describe() + " (read-committed writes with row locks)";
        return new JdbcMetadataStore(tx, Dialect.POSTGRES, clock, sealer, description, () -> {
            tx.close();
            readers.close();
            writers.close();
        });
    }

    private static PGSimpleDataSource source(PostgresUrl url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url.jdbcUrl());
        if (url.user() != null) ds.setUser(url.user());
        if (url.password() != null) ds.setPassword(url.password());
        ds.setApplicationName("cosd");
        return ds;
    }

    /**
     * SC-T1..T3 (docs/scale-out.md "Transactions"). {@code FOR UPDATE}, not the weaker {@code FOR NO
     * KEY UPDATE}: a bucket's lock also holds off the foreign-key checks of writes that do not scope
     * themselves (a configuration inserted while the bucket is being deleted waits, then fails).
     * The outbox ids' lock is a transaction-level advisory lock on one constant key ("cosdoutb").
     */
    static final Tx.Locking LOCKING = new Tx.Locking("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
            "SELECT 1 FROM buckets WHERE name = ? FOR UPDATE",
            "SELECT 1 FROM multipart_uploads WHERE bucket = ? ORDER BY upload_id FOR UPDATE",
            "SELECT 1 FROM multipart_uploads WHERE upload_id = ? FOR UPDATE",
            "SELECT pg_advisory_xact_lock(" + 0x636f73646f757462L + ")",
            // HeldSeq: the bucket's lock taken by the next_seq bump of a write that allocates a seq anyway;
            // the row's incarnation comes back with it for the write's AUTH-13 check
            "UPDATE buckets SET next_seq = next_seq + 1 WHERE name = ? RETURNING next_seq - 1, incarnation");

    /**
     * ST-P7: a pooled connection never waits forever on a server that stopped answering (a half-open
     * TCP connection, a partition, a frozen server): TCP connect within {@link #CONNECT_TIMEOUT_SECONDS},
     * login within {@link #LOGIN_TIMEOUT_SECONDS}, every answer within {@code socketTimeout} seconds
     * (a lock wait counts: no cosd transaction holds a lock that long), and TCP keep-alive so the
     * kernel notices a dead peer of an idle connection. A value in the URL (ST-P2 lets these through) wins.
     */
    static void bounded(PGSimpleDataSource ds, PostgresUrl url, int socketTimeout) {
        if (!url.sets("connectTimeout")) ds.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        if (!url.sets("loginTimeout")) ds.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        if (!url.sets("socketTimeout")) ds.setSocketTimeout(socketTimeout);
        if (!url.sets("tcpKeepAlive")) ds.setTcpKeepAlive(true);
    }

    /**
     * ST-P9: the server ends a cosd session whose transaction has been idle (waiting for cosd's next
     * statement) this long. No cosd transaction pauses between statements for more than moments (its
     * work runs no I/O but the database's), so this only ends the transactions of a node cut off or
     * frozen midway, whose locks (a bucket's, SC-T1) would otherwise stay held until the server's TCP
     * keep-alive noticed, two hours by default. Below {@link #SOCKET_TIMEOUT_SECONDS}, so a writer
     * queued behind such a lock gets it before it gives up.
     */
    static final int IDLE_IN_TRANSACTION_SECONDS = 10;
    static final int CONNECT_TIMEOUT_SECONDS = 5;
    static final int LOGIN_TIMEOUT_SECONDS = 10;
    /** Pooled connections: far above any statement's or lock wait's time, far below "forever". */
    static final int SOCKET_TIMEOUT_SECONDS = 30;

    /**
     * Refuses servers older than {@link #MIN_VERSION_NUM} and databases whose encoding is not UTF8
     * (keys are UTF-8; SQL_ASCII would store any bytes and compare them differently). Key order does
     * not depend on the database's collation: every text column is {@code COLLATE "C"} (V1).
     */
    private static String check(PGSimpleDataSource ds, PostgresUrl url) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int, current_setting('server_version'),"
                     + " pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()")) {
            rs.next();
            if (rs.getInt(1) < MIN_VERSION_NUM) {
                throw new StoreException("PostgreSQL " + rs.getString(2) + " at " + url.describe() + " is too old: cosd needs 15 or newer", null);
            }
            if (!"UTF8".equals(rs.getString(3))) {
                throw new StoreException("database " + url.describe() + " has encoding " + rs.getString(3)
                        + "; cosd needs UTF8 (CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0)", null);
            }
            return rs.getString(2);
        } catch (SQLException e) {
            throw new StoreException("cannot open the metadata database " + url.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The listener's connection: a socket timeout well beyond the heartbeat's round trip, so a dead
     * peer is noticed and the listener reconnects (SC-C4); caches stopped trusting it long before (SC-C3).
     */
    private static PGSimpleDataSource listenerSource(PostgresUrl url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url.jdbcUrl());
        if (url.user() != null) ds.setUser(url.user());
        if (url.password() != null) ds.setPassword(url.password());
        ds.setApplicationName(LISTENER_APPLICATION);
        ds.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        ds.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        ds.setSocketTimeout(5); // always: the heartbeat waits 200 ms for notifications, so 5 s is a dead peer (SC-C4)
        ds.setTcpKeepAlive(true);
        return ds;
    }

    /**
     * SC-T8: the wait for a pooled connection, 60 s; {@code cosd.db.poolWaitMillis} (a test-only knob,
     * as {@code cosd.lease.ttlMillis}) shortens it so a test need not wait a minute.
     */
    static long poolWaitMillis() {
        return Math.max(250, Long.getLong("cosd.db.poolWaitMillis", 60_000));
    }

    /** {@code application_name} of the listener connection, as {@code pg_stat_activity} shows it. */
    static final String LISTENER_APPLICATION = "cosd-listener";

    private static HikariDataSource pool(String name, PGSimpleDataSource source, int size, boolean readOnly, String isolation) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setDataSource(source);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(1);
        hc.setReadOnly(readOnly);
        hc.setTransactionIsolation(isolation);
        hc.setAutoCommit(true); // Tx turns it off per transaction
        // ST-P9: a write transaction left open by a node cut off midway ends on the server, locks and
        // all. Not readers: they hold no lock, and the orphan walk keeps its snapshot open while it
        // walks the blob root (walkReferencedBlobs).
        if (!readOnly) hc.setConnectionInitSql("SET idle_in_transaction_session_timeout = '" + IDLE_IN_TRANSACTION_SECONDS + "s'");
        // A reader's single-statement reads run outside a transaction (Tx.readOne), where pgjdbc's
        // BEGIN READ ONLY does not reach: the session itself is read-only, so every statement of a
        // reader is refused a write by the server, in a transaction or not.
        else hc.setConnectionInitSql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
        // ST-P7: a request waits at most this long for a pooled connection (all busy, or the server
        // unreachable), then answers 503 SlowDown (SC-T8); a validation query on a stalled connection
        // gives up after 5 s.
        hc.setConnectionTimeout(poolWaitMillis());
        hc.setValidationTimeout(5_000);
        // Connections are renewed every 30 minutes and tested after 60 s idle, so a connection cut by
        // a firewall's idle timeout is replaced before a request meets it.
        hc.setMaxLifetime(1_800_000);
        hc.setKeepaliveTime(60_000);
        return new HikariDataSource(hc);
    }

    /** How {@link Tx} runs PostgreSQL's transactions: concurrent writers, row locks, retries, which failures are which. */
    static Tx.Engine engine() {
        return new Tx.Engine(PostgresSetup::isConstraintViolation, PostgresSetup::isRetryable, ATTEMPTS, false,
                PostgresSetup::isCommitOutcomeUnknown, LOCKING, PostgresSetup::isUnavailable);
    }

    /** 23xxx: integrity constraint violations (unique 23505, foreign key 23503, not null 23502). */
    static boolean isConstraintViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    /**
     * ST-P1, ST-F8: whether a failed COMMIT may have committed. Only an error the server raises while
     * it is still deciding, and answers by rolling back, says it did not: class 40's rollbacks (40001
     * of a SERIALIZABLE write's check at commit, run again by SC-T4; 40P01; 40002) and class 23 (a deferred
     * constraint). Anything else may follow a durable commit: no answer (class 08, no SQLSTATE: the
     * connection lost after COMMIT was sent), and a FATAL that ends the session, above all 57P01: a
     * {@code pg_terminate_backend} or a fast shutdown (a failover) arriving while the backend commits
     * is held off until the commit is durable and then answered as FATAL 57P01 right after COMMIT's
     * own CommandComplete, which the driver reports as COMMIT's failure. An ERROR raised after the
     * commit record (out of memory, 53200) is sent before the PANIC it becomes. So these are
     * maybe-committed (a 500, the write's blobs kept), never ST-F6's 503, which tells the caller that
     * nothing was written and lets it delete the blob a committed row names.
     */
    static boolean isCommitOutcomeUnknown(SQLException e) {
        String s = e.getSQLState();
        // 40003 statement_completion_unknown is class 40 too, and says what it says: unknown.
        return s == null || !(s.equals("40001") || s.equals("40P01") || s.equals("40002") || s.startsWith("23"));
    }

    /**
     * ST-F6: the server refused or lost the transaction for a passing reason of its environment, never
     * for the request's content, and rolled it back. Decided per SQLSTATE, since a class holds both
     * kinds (any failure of COMMIT but a rollback's is {@link #isCommitOutcomeUnknown} first, ST-P1):
     * <ul>
     *   <li>class 08 connection exception, where the connection went away or could not be made:
     *   08000, 08003 connection_does_not_exist, 08006 connection_failure (the socket failed, or the
     *   socket timeout ran out before COMMIT was sent), 08001 and 08004 (unable to connect, rejected),
     *   08007 transaction_resolution_unknown. Not 08P01 protocol_violation: pgjdbc raises it for a
     *   message it cannot send as asked (a Bind message too long for the protocol) or an answer out of
     *   protocol, the server for a malformed message (a Bind whose parameter count is not the
     *   statement's); a fault of our statement or its driver, the same on every retry: a 500.</li>
     *   <li>class 53 insufficient resources, where they can come back: 53000, 53100 disk_full,
     *   53200 out_of_memory (also "out of shared memory" of the lock tables), 53300
     *   too_many_connections. Not 53400 configuration_limit_exceeded: a statement over a configured
     *   limit is refused again on every retry until the statement or the configuration changes.</li>
     *   <li>57P01 admin_shutdown (also {@code pg_terminate_backend}), 57P02 crash_shutdown, 57P03
     *   cannot_connect_now (starting up, in recovery), 58030 io_error.</li>
     * </ul>
     * A 40001 or 40P01 is run again first (SC-T4). Everything else (syntax, undefined column,
     * unexpected constraints) is a bug and stays a 500.
     */
    static boolean isUnavailable(SQLException e) {
        String s = e.getSQLState();
        if (s == null) return false;
        return switch (s) {
            case "08000", "08001", "08003", "08004", "08006", "08007",
                 "53000", "53100", "53200", "53300",
                 "57P01", "57P02", "57P03", "58030" -> true;
            default -> false;
        };
    }

    /** 40001 serialization_failure, 40P01 deadlock_detected: the transaction may simply be run again. */
    static boolean isRetryable(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }
}
