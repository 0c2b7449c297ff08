package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One read-only connection per thread that reads in {@link io.cosd.store.meta.EventLoopReads} mode:
 * the network event loops, a fixed handful of threads (twice the cores), so at most that many
 * connections beside the pools. Such a thread never waits for a pooled connection; a WAL reader
 * never waits for the writer. Idle between transactions in autocommit mode, a connection holds no
 * snapshot, so it never stops a WAL checkpoint.
 *
 * <p>Each such thread also keeps a small memo of hot rows (a key's current version, a bucket),
 * valid exactly while SQLite's {@code PRAGMA data_version} of the thread's connection is unchanged:
 * that number changes whenever any other connection commits, this server's writer or another
 * process (a {@code cosd admin} command), so no write path has to remember to invalidate it, and a
 * read never returns a row older than the database's state at the start of its request
 * (docs/performance.md "The GET path"). It is per thread, so it needs no lock; bounded by
 * {@link #MEMO_ENTRIES} per thread.
 */
final class ThreadReaders implements AutoCloseable {
    static final int MEMO_ENTRIES = 2048;

    /** A thread's connection, its data_version statement, and its memo. Confined to the thread. */
    static final class Reader {
        final Connection connection;
        private final PreparedStatement dataVersion;
        private long version = Long.MIN_VALUE;
        private long checkedRun = Long.MIN_VALUE;
        private final Map<String, Object> memo = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > MEMO_ENTRIES;
            }
        };

        Reader(Connection connection) throws SQLException {
            this.connection = connection;
            this.dataVersion = connection.prepareStatement("PRAGMA data_version");
        }

        /**
         * Once per run (request): reads data_version and forgets the memo when another connection
         * committed since the last look. Entries loaded meanwhile may be newer than that look, never older.
         */
        void freshen(long run) throws SQLException {
            if (run == checkedRun) return;
            long v;
            try (ResultSet rs = dataVersion.executeQuery()) {
                rs.next();
                v = rs.getLong(1);
            }
            if (v != version) memo.clear();
            version = v;
            checkedRun = run;
        }

        Object memo(String key) { return memo.get(key); }

        void remember(String key, Object value) { memo.put(key, value); }

        void close() {
            try {
                dataVersion.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
            closeQuietly(connection);
        }
    }

    private final DataSource source;
    private final ThreadLocal<Reader> mine = new ThreadLocal<>();
    private final Set<Reader> all = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ThreadReaders(DataSource source) {
        this.source = source;
    }

    /** This thread's reader, opened on first use. */
    Reader reader() {
        Reader r = mine.get();
        if (r != null) return r;
        if (closed) throw new StoreException("metadata store is closed", null);
        Connection c = null;
        try {
            c = source.getConnection();
            r = new Reader(c);
        } catch (SQLException e) {
            if (c != null) closeQuietly(c);
            throw new StoreException("cannot open a reader connection: " + e.getMessage(), e);
        }
        all.add(r);
        mine.set(r);
        return r;
    }

    /** Closes this thread's reader after a failure; the next {@link #reader} opens another. */
    void discard(Reader r) {
        mine.remove();
        all.remove(r);
        r.close();
    }

    @Override
    public void close() {
        closed = true;
        for (Reader r : all) r.close();
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
