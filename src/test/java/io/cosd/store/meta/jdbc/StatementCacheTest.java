package io.cosd.store.meta.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatementCacheTest {
    @TempDir
    Path dir;
    Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO t VALUES ('a', '1'), ('b', '2')");
        }
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    private String value(String k) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "SELECT v FROM t WHERE k = ?", k); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void aClosedStatementIsReusedWithFreshParameters() throws SQLException {
        assertThat(value("a")).isEqualTo("1");
        assertThat(value("b")).isEqualTo("2");
        assertThat(value("z")).isNull();
        PreparedStatement first = StatementCache.of(c).prepare("SELECT 1");
        first.close();
        PreparedStatement second = StatementCache.of(c).prepare("SELECT 1");
        assertThat(second).isSameAs(first);
        second.close();
    }

    @Test
    void theSameSqlPreparedWhileItsStatementIsOutGetsAnIndependentStatement() throws SQLException {
        try (PreparedStatement outer = Sql.prepare(c, "SELECT v FROM t WHERE k >= ? ORDER BY k", "a");
             ResultSet rows = outer.executeQuery()) {
            assertThat(rows.next()).isTrue();
            // A nested lookup with the same SQL must not reset the outer cursor.
            assertThat(value("b")).isEqualTo("2");
            try (PreparedStatement inner = Sql.prepare(c, "SELECT v FROM t WHERE k >= ? ORDER BY k", "b")) {
                assertThat(inner).isNotSameAs(outer);
            }
            assertThat(rows.getString(1)).isEqualTo("1");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("2");
        }
    }

    @Test
    void aClosedViewRefusesUseAndReportsClosed() throws SQLException {
        PreparedStatement ps = Sql.prepare(c, "SELECT v FROM t WHERE k = ?", "a");
        ps.close();
        assertThat(ps.isClosed()).isTrue();
        assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLException.class);
    }

    @Test
    void releaseAllResetsStatementsLeftOpenSoTheNextTransactionCanWrite() throws SQLException {
        c.setAutoCommit(false);
        PreparedStatement leaked = Sql.prepare(c, "SELECT v FROM t ORDER BY k");
        ResultSet rs = leaked.executeQuery();
        assertThat(rs.next()).isTrue(); // cursor left open mid-scan
        StatementCache.releaseAll(c);
        assertThat(leaked.isClosed()).isTrue();
        assertThat(rs.isClosed()).isTrue();
        c.commit();
        // Writes and the reused statement work afterwards.
        Sql.update(c, "UPDATE t SET v = ? WHERE k = ?", "3", "a");
        c.commit();
        c.setAutoCommit(true);
        assertThat(value("a")).isEqualTo("3");
    }
}
