package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
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
 * valid exactly while the database is unchanged: while SQLite's WAL-index header ({@link WalIndexHeader},
 * read without a transaction) or, where it cannot be read, {@code PRAGMA data_version} of the
 * thread's connection is unchanged. Both change whenever any other connection commits, this
 * server's writer or another process (a {@code cosd admin} command), so no write path has to
 * remember to invalidate it, and a
 * read never returns a row older than the database's state at the start of its request
 * (docs/performance.md "The GET path"). It is per thread, so it needs no lock; bounded by
 * {@link #MEMO_ENTRIES} per thread, and the inline bodies in it ({@code byte[]} values) by
 * {@link #MEMO_BYTES} per thread.
 *
 * <p>Threads without a reader of their own (a request's virtual thread) share one memo for small
 * rows, {@link #shared()}, checked against the same header at every lookup ({@link UnchangedMemo}).
 */
final class ThreadReaders implements AutoCloseable {
    static final int MEMO_ENTRIES = 2048;
    /**
     * Bytes of inline bodies one thread may remember: 32 MiB shared by the event loops (twice the
     * cores, Netty's default), at least 256 KiB each. Every loop remembers the objects its own
     * connections read, so a hot object may be held once per loop.
     */
    static final long MEMO_BYTES = Math.max(256 << 10, (32L << 20) / (2L * Runtime.getRuntime().availableProcessors()));
    /** A body larger than this is read each time: one would evict too many others. */
    static final long MEMO_LARGEST = MEMO_BYTES / 4;
    /**
     * A key longer than this is read each time, here and in {@link UnchangedMemo}: the memos bound
     * entries, and a name a client chose (a copy source's bucket, up to the 64 KiB header limit) would
     * otherwise keep up to that much per entry. The longest key a valid request makes is an object's
     * latest-version key: 850 bytes of object key, the bucket name and the incarnation.
     */
    static final int MEMO_KEY_CHARS = 2048;

    /** A thread's connection, its data_version statement, and its memo. Confined to the thread. */
    static final class Reader {
        final Connection connection;
        private final PreparedStatement dataVersion;
        private final WalIndexHeader header; // null: data_version only
        private final long[] seen = new long[WalIndexHeader.LONGS];
        private final long[] now = new long[WalIndexHeader.LONGS];
        private boolean seenValid;
        private long version = Long.MIN_VALUE;
        private long checkedRun = Long.MIN_VALUE;
        private final LinkedHashMap<String, Object> memo = new LinkedHashMap<>(256, 0.75f, true); // LRU order
        private long memoBytes; // of the byte[] values in memo

        Reader(Connection connection) throws SQLException {
            this(connection, null);
        }

        /**
         * @param dbFile the database, whose {@code -shm} file holds the WAL-index header; null: data_version only.
         *               Mapped after this connection's first read, which opens the WAL index: while the
         *               connection stays open SQLite never deletes or re-creates that file, so the mapping
         *               is the live header for exactly as long as this reader is used.
         */
        Reader(Connection connection, java.nio.file.Path dbFile) throws SQLException {
            this.connection = connection;
            this.dataVersion = connection.prepareStatement("PRAGMA data_version");
            try (ResultSet rs = dataVersion.executeQuery()) {
                rs.next();
            }
            this.header = WalIndexHeader.open(dbFile);
        }

        /**
         * Once per run (request): reads the WAL-index header (else data_version) and forgets the memo
         * when another connection committed since the last look. Entries loaded meanwhile may be newer than that look, never older.
         */
        void freshen(long run) throws SQLException {
            if (run == checkedRun) return;
            // The WAL-index header changes exactly when a commit becomes visible (WalIndexHeader): read
            // without a transaction, so the event loops do not queue on SQLite's process-wide lock.
            if (header != null && header.read(now)) {
                if (!seenValid || !java.util.Arrays.equals(now, seen)) {
                    forget();
                    System.arraycopy(now, 0, seen, 0, now.length);
                    seenValid = true;
                }
                checkedRun = run;
                return;
            }
            seenValid = false; // the header is compared again only after it was read once more
            long v;
            try (ResultSet rs = dataVersion.executeQuery()) {
                rs.next();
                v = rs.getLong(1);
            }
            if (v != version) forget();
            version = v;
            checkedRun = run;
        }

        private void forget() {
            memo.clear();
            memoBytes = 0;
        }

        /** Whether the lock-free header check is in use (tests). */
        boolean readsWalHeader() { return header != null; }

        Object memo(String key) { return memo.get(key); }

        /** Remembers {@code value}, forgetting the least recently used entries beyond the bounds. */
        void remember(String key, Object value) {
            long w = weight(value);
            if (w > MEMO_LARGEST || key.length() > MEMO_KEY_CHARS) return;
            memoBytes += w - weight(memo.put(key, value));
            var eldest = memo.values().iterator();
            while ((memo.size() > MEMO_ENTRIES || memoBytes > MEMO_BYTES) && eldest.hasNext()) {
                memoBytes -= weight(eldest.next());
                eldest.remove();
            }
        }

        private static long weight(Object value) {
            return value instanceof byte[] b ? b.length : 0;
        }

        int memoEntries() { return memo.size(); }

        long memoBytes() { return memoBytes; }

        void close() {
            if (header != null) header.close();
            try {
                dataVersion.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
            closeQuietly(connection);
        }
    }

    private final DataSource source;
    private final java.nio.file.Path dbFile; // null: no WAL-index header check
    private final ThreadLocal<Reader> mine = new ThreadLocal<>();
    private final Set<Reader> all = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final UnchangedMemo shared; // null: no WAL-index header to check (tests on a plain source)

    ThreadReaders(DataSource source) {
        this(source, null);
    }

    /** @param dbFile the database file, whose {@code -shm} holds the WAL-index header ({@link WalIndexHeader}) */
    ThreadReaders(DataSource source, java.nio.file.Path dbFile) {
        this.source = source;
        this.dbFile = dbFile;
        this.shared = dbFile == null ? null : new UnchangedMemo(source, dbFile);
    }

    /** The process-wide memo for threads without a reader of their own (UnchangedMemo); null without a database file. */
    UnchangedMemo shared() {
        return shared;
    }


    /** This thread's reader, opened on first use. */
    Reader reader() {
        Reader r = mine.get();
        if (r != null) return r;
        if (closed) throw new StoreException("metadata store is closed", null);
        Connection c = null;
        try {
            c = source.getConnection();
            r = new Reader(c, dbFile);
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
        if (shared != null) shared.close();
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
