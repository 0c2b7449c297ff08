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
 *   <li>Writes are SERIALIZABLE: SQLite gave every read-then-write (a key's latest version, a bucket
 *       still empty, the next outbox id) its single writer; SERIALIZABLE gives each transaction the
 *       same outcome as if it had run alone, and {@link Tx} runs one aborted for that (40001, 40P01)
 *       again. Unique violations (23505) are conflicts, exactly as SQLite's constraint errors.</li>
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
        PGSimpleDataSource plain = new PGSimpleDataSource();
        plain.setURL(url.jdbcUrl());
        if (url.user() != null) plain.setUser(url.user());
        if (url.password() != null) plain.setPassword(url.password());
        plain.setApplicationName("cosd");
        String version = check(plain, url);
        // Flyway takes PostgreSQL's advisory lock while it migrates, so nodes starting together apply each version once.
        Migrations.apply(plain, Migrations.POSTGRES_LOCATION);
        SecretSealer sealer = SecretUpgrade.run(plain, keys, url.describe(), false);

        HikariDataSource writers = pool("cosd-pg-writer", plain, WRITERS, false, Connection.TRANSACTION_SERIALIZABLE);
        HikariDataSource readers;
        try {
            readers = pool("cosd-pg-reader", plain, READERS, true, Connection.TRANSACTION_REPEATABLE_READ);
        } catch (RuntimeException e) {
            writers.close();
            throw e;
        }
        // One LISTEN connection per process, outside the pools, started with the first cache (docs/scale-out.md "Caches across nodes").
        PGSimpleDataSource listening = listenerSource(url);
        Changes changes = Changes.notifying(feed -> PgListener.start(listening::getConnection, feed));
        Tx tx = new Tx(writers, readers, new Tx.Engine(PostgresSetup::isConstraintViolation, PostgresSetup::isRetryable,
                ATTEMPTS, false, PostgresSetup::isConnectionLost), null, changes);
        String description = "postgresql " + version + " at " + url.describe() + " (serializable writes)";
        return new JdbcMetadataStore(tx, Dialect.POSTGRES, clock, sealer, description, () -> {
            tx.close();
            readers.close();
            writers.close();
        });
    }

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
        ds.setConnectTimeout(5);
        ds.setSocketTimeout(5);
        ds.setTcpKeepAlive(true);
        return ds;
    }

    /** {@code application_name} of the listener connection, as {@code pg_stat_activity} shows it. */
    static final String LISTENER_APPLICATION = "cosd-listener";

    private static HikariDataSource pool(String name, PGSimpleDataSource source, int size, boolean readOnly, int isolation) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setDataSource(source);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(1);
        hc.setReadOnly(readOnly);
        hc.setTransactionIsolation(isolation == Connection.TRANSACTION_SERIALIZABLE ? "TRANSACTION_SERIALIZABLE" : "TRANSACTION_REPEATABLE_READ");
        hc.setAutoCommit(true); // Tx turns it off per transaction
        hc.setConnectionTimeout(60_000);
        return new HikariDataSource(hc);
    }

    /** 23xxx: integrity constraint violations (unique 23505, foreign key 23503, not null 23502). */
    static boolean isConstraintViolation(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    /**
     * Class 08 (connection exception; pgjdbc's 08006 when the socket fails) or no SQLSTATE: no answer
     * came from the server, so a COMMIT already sent may have committed (ST-P1). An error answer to
     * COMMIT (40001 at commit, 23xxx of a deferred constraint) means it rolled back.
     */
    static boolean isConnectionLost(SQLException e) {
        return e.getSQLState() == null || e.getSQLState().startsWith("08");
    }

    /** 40001 serialization_failure, 40P01 deadlock_detected: the transaction may simply be run again. */
    static boolean isRetryable(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }
}
