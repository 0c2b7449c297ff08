package io.cosd.store.meta.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared statements kept per physical connection. Preparing costs more than running the small
 * statements cosd issues (sqlite-jdbc, a primary-key SELECT: 37 µs prepared fresh against 13 µs
 * reused), and every request runs several of them; neither HikariCP nor sqlite-jdbc caches them.
 * <p>
 * Statements are prepared on the physical connection, so the pool's proxy does not close them when
 * the connection goes back to the pool. A handed-out statement is a proxy whose {@code close()}
 * resets it (closes its result set, clears parameters and batch) and keeps it for the next prepare
 * of the same SQL. {@link Tx} calls {@link #releaseAll} when a transaction ends, so a statement a
 * caller forgot to close is reset too and no cached statement holds a read snapshot open (which
 * would stop WAL checkpoints). A second prepare of SQL whose statement is still out gets a fresh
 * statement that is closed for real. A connection is used by one thread at a time (the pool hands
 * it over), so a cache needs no locking of its own.
 */
final class StatementCache {
    private static final int MAX_STATEMENTS = 256;
    private static final Map<Connection, StatementCache> CACHES = new ConcurrentHashMap<>();

    private final Connection physical;
    private final LinkedHashMap<String, Slot> slots = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
            if (size() <= MAX_STATEMENTS || eldest.getValue().out) return false;
            eldest.getValue().closeQuietly();
            return true;
        }
    };
    private final List<Slot> out = new ArrayList<>();

    private StatementCache(Connection physical) {
        this.physical = physical;
    }

    /** The cache of the physical connection behind {@code pooled}. */
    static StatementCache of(Connection pooled) throws SQLException {
        Connection physical = physical(pooled);
        StatementCache cache = CACHES.get(physical);
        if (cache == null) {
            // Pools retire connections now and then; forget the closed ones (their statements died with them).
            CACHES.keySet().removeIf(StatementCache::isClosed);
            cache = new StatementCache(physical);
            CACHES.put(physical, cache);
        }
        return cache;
    }

    /**
     * Resets every statement handed out since the last call (end of a transaction).
     *
     * @return how many statements were handed out since the last call: the statements the transaction
     *         ran through {@link Sql} ({@link DbMeter}); 0 for a broken connection
     */
    static int releaseAll(Connection pooled) throws SQLException {
        StatementCache cache;
        try {
            cache = CACHES.get(physical(pooled));
        } catch (SQLException | RuntimeException e) {
            // The pool replaced a connection that broke (a socket timeout, ST-P7) by a closed stand-in
            // whose every method throws, hashCode included: its statements died with it, and the
            // failure that broke it is the one to report, not this.
            return 0;
        }
        return cache == null ? 0 : cache.releaseAll();
    }

    /** The driver's connection behind the pool's proxy (the pool would close statements prepared on its proxy). */
    private static Connection physical(Connection pooled) throws SQLException {
        return pooled.isWrapperFor(Connection.class) ? pooled.unwrap(Connection.class) : pooled;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        Slot s = slots.get(sql);
        if (s != null && !s.out) {
            s.out = true;
        } else {
            s = new Slot(physical.prepareStatement(sql), s == null);
            if (s.cached) slots.put(sql, s);
        }
        out.add(s);
        return s.view;
    }

    int releaseAll() {
        int n = out.size();
        for (Slot s : out) s.release();
        out.clear();
        return n;
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private final class Slot implements InvocationHandler {
        final PreparedStatement ps;
        final boolean cached;
        final PreparedStatement view;
        boolean out = true;
        ResultSet rs;

        Slot(PreparedStatement ps, boolean cached) {
            this.ps = ps;
            this.cached = cached;
            this.view = (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            if (m.getDeclaringClass() == Object.class) {
                return switch (m.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "cached " + ps;
                };
            }
            switch (m.getName()) {
                case "close" -> {
                    release();
                    return null;
                }
                case "isClosed" -> {
                    return !out;
                }
                default -> { }
            }
            if (!out) throw new SQLException("statement is closed");
            try {
                Object result = m.invoke(ps, args);
                if (result instanceof ResultSet r) rs = r;
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        /** Back to the cache, reset; an uncached or broken statement is closed. */
        void release() {
            if (!out) return;
            out = false;
            if (!cached) {
                closeQuietly();
                return;
            }
            try {
                if (rs != null) rs.close(); // resets the SQLite statement: no snapshot stays open
                rs = null;
                ps.clearParameters();
                ps.clearBatch();
            } catch (SQLException | RuntimeException e) {
                slots.values().remove(this);
                closeQuietly();
            }
        }

        void closeQuietly() {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // Nothing to recover: the statement is being dropped.
            }
        }
    }
}
