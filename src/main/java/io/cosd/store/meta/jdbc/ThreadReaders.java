package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One read-only connection per thread that reads in {@link io.cosd.store.meta.EventLoopReads} mode:
 * the network event loops, a fixed handful of threads (twice the cores), so at most that many
 * connections beside the pools. Such a thread never waits for a pooled connection; a WAL reader
 * never waits for the writer. Idle between transactions in autocommit mode, a connection holds no
 * snapshot, so it never stops a WAL checkpoint.
 */
final class ThreadReaders implements AutoCloseable {
    private final DataSource source;
    private final ThreadLocal<Connection> mine = new ThreadLocal<>();
    private final Set<Connection> all = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ThreadReaders(DataSource source) {
        this.source = source;
    }

    /** This thread's connection, opened on first use. */
    Connection connection() {
        Connection c = mine.get();
        if (c != null) return c;
        if (closed) throw new StoreException("metadata store is closed", null);
        try {
            c = source.getConnection();
        } catch (SQLException e) {
            throw new StoreException("cannot open a reader connection: " + e.getMessage(), e);
        }
        all.add(c);
        mine.set(c);
        return c;
    }

    /** Closes this thread's connection after a failure; the next {@link #connection} opens another. */
    void discard(Connection c) {
        mine.remove();
        all.remove(c);
        closeQuietly(c);
    }

    @Override
    public void close() {
        closed = true;
        for (Connection c : all) closeQuietly(c);
        all.clear();
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing: nothing left to do
        }
    }
}
