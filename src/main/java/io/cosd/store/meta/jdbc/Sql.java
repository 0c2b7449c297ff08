package io.cosd.store.meta.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Small JDBC helpers: positional binding of plain values (null binds SQL NULL). */
final class Sql {
    private Sql() {}

    /** A statement from the connection's {@link StatementCache}; closing it returns it there. */
    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = StatementCache.of(c).prepare(sql);
        try {
            bind(ps, args);
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
        return ps;
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    /** Runs a query for its effect (a row lock), reading whatever it returns. */
    static void query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); java.sql.ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                // the lock is the point; the row's value is not needed
            }
        }
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            int p = i + 1;
            switch (a) {
                case null -> ps.setNull(p, Types.NULL);
                case String s -> ps.setString(p, s);
                case Long l -> ps.setLong(p, l);
                case Integer n -> ps.setInt(p, n);
                case Boolean b -> ps.setInt(p, b ? 1 : 0);
                case byte[] b -> ps.setBytes(p, b);
                default -> throw new IllegalArgumentException("unsupported SQL parameter " + a.getClass());
            }
        }
    }
}
