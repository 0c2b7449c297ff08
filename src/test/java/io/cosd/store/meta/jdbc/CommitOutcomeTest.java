package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What a caller is told about a write transaction is what happened to it (docs/storage.md "Group
 * commit", ST-W1): a write reported as failed must not exist, because its caller then deletes the
 * blob the version names. sqlite-jdbc's {@code Connection.commit()} runs {@code COMMIT} and then, on
 * the same call, the next {@code BEGIN IMMEDIATE}; that BEGIN waits for the write lock and can fail
 * (SQLITE_BUSY after busy_timeout, when another process such as {@code cosd admin} took the lock in
 * between) after the COMMIT made everything durable. The connections here behave exactly so.
 */
class CommitOutcomeTest {
    @TempDir
    Path dir;
    SQLiteDataSource sqlite;
    Connection held;

    @BeforeEach
    void open() throws SQLException {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        sqlite = new SQLiteDataSource(cfg);
        sqlite.setUrl("jdbc:sqlite:" + dir.resolve("t.db"));
        held = sqlite.getConnection();
        try (var s = held.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        held.close();
    }

    /** One connection whose commit() commits and then fails as sqlite-jdbc's does when its follow-up BEGIN cannot get the lock. */
    private DataSource beginFailsAfterCommit() {
        Connection real = held;
        Connection proxy = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, args) -> {
            if (m.getName().equals("close")) return null; // the test keeps the one connection
            try {
                Object out = m.invoke(real, args);
                if (m.getName().equals("commit")) throw new SQLException("[SQLITE_BUSY] The database file is locked (database is locked)");
                return out;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
        return new DataSource() {
            @Override public Connection getConnection() { return proxy; }
            @Override public Connection getConnection(String u, String p) { return proxy; }
            @Override public PrintWriter getLogWriter() { return null; }
            @Override public void setLogWriter(PrintWriter out) {}
            @Override public void setLoginTimeout(int seconds) {}
            @Override public int getLoginTimeout() { return 0; }
            @Override public Logger getParentLogger() { return Logger.getGlobal(); }
            @Override public <T> T unwrap(Class<T> iface) { throw new UnsupportedOperationException(); }
            @Override public boolean isWrapperFor(Class<?> iface) { return false; }
        };
    }

    private long rows(int id) throws SQLException {
        try (var c = sqlite.getConnection(); var ps = c.prepareStatement("SELECT COUNT(*) FROM t WHERE id = ?")) {
            ps.setInt(1, id);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aBatchedWriteWhoseCommitIsDurableIsReportedDoneEvenIfTheDriversNextBeginFails_ST_W1() throws SQLException {
        DataSource ds = beginFailsAfterCommit();
        Tx tx = new Tx(ds, ds, e -> false);
        try {
            Throwable t = catchThrowable(() -> tx.writeBatched(c -> Sql.update(c, "INSERT INTO t (id) VALUES (1)")));
            // Either outcome is honest only if it matches the database: reported failed must mean not written.
            assertThat(rows(1)).isEqualTo(1);
            assertThat(t).as("a durable write reported as failed").isNull();
        } finally {
            tx.close();
        }
    }

    @Test
    void aWriteTransactionWhoseCommitIsDurableIsReportedDoneEvenIfTheDriversNextBeginFails_ST_W1() throws SQLException {
        DataSource ds = beginFailsAfterCommit();
        Tx tx = new Tx(ds, ds, e -> false);
        try {
            Throwable t = catchThrowable(() -> tx.write(c -> Sql.update(c, "INSERT INTO t (id) VALUES (2)")));
            assertThat(rows(2)).isEqualTo(1);
            assertThat(t).as("a durable write reported as failed").isNull();
        } finally {
            tx.close();
        }
    }

    @Test
    void aCommitThatFailsIsReportedAndLeavesNothingWrittenNorTheWriterInATransaction_ST_W1() throws SQLException {
        // A statement that fails fails the job (a batch of one: the whole transaction);
        // the caller is told, nothing exists, and the writer is back in autocommit for the next one.
        DataSource ds = beginFailsAfterCommit();
        Tx tx = new Tx(ds, ds, e -> false);
        try {
            Throwable t = catchThrowable(() -> tx.writeBatched(c -> {
                Sql.update(c, "INSERT INTO t (id) VALUES (3)");
                return Sql.update(c, "INSERT INTO nowhere (id) VALUES (3)");
            }));
            assertThat(t).isInstanceOf(StoreException.class);
            assertThat(rows(3)).isZero();
            assertThat(held.getAutoCommit()).isTrue();
            tx.writeBatched(c -> Sql.update(c, "INSERT INTO t (id) VALUES (4)"));
            assertThat(rows(4)).isEqualTo(1);
        } finally {
            tx.close();
        }
    }
}
