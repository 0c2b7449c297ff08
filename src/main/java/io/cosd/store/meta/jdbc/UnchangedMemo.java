package io.cosd.store.meta.jdbc;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * SQLite: one process-wide memo of small rows (a bucket's), for the threads that have no memo of
 * their own ({@link ThreadReaders} is the event loops'): a request's virtual thread, which otherwise
 * reads its bucket's row through the pool on every request (docs/scale-out.md SC-C7, docs/performance.md
 * "The 4 KiB PUT's CPU, third pass"). An entry is used only while SQLite's WAL-index header is
 * exactly the one read before its row was loaded ({@link WalIndexHeader}): every commit, by this
 * server's writer or another process (a {@code cosd admin} command), changes the header, so nothing
 * has to invalidate it and no read returns a row older than the database at the start of the lookup.
 * Since the header is read before the load, a stored row may be newer than the header it is filed
 * under, never older: a newer header is then a miss. Without a readable header (no {@code -shm}
 * file yet, another header version) every lookup reads through, as before.
 *
 * <p>The memo holds one idle connection of its own open for as long as it maps the header, as each
 * event-loop reader does: while a connection is open SQLite never deletes or re-creates the
 * {@code -shm} file, so the mapping stays the live header (a mapping of an unlinked file would
 * never change again, and every entry would look current for ever). Idle in autocommit mode it holds
 * no snapshot, so it never stops a checkpoint.
 *
 * <p>Values must be immutable and small (no bodies): at most {@link #MAX_ENTRIES} entries, all
 * forgotten at once when full, none under a key longer than {@link ThreadReaders#MEMO_KEY_CHARS}.
 */
final class UnchangedMemo implements AutoCloseable {
    static final int MAX_ENTRIES = 4096;
    /** How long after a failed open of the header the next lookup tries again (it reads through meanwhile). */
    private static final long RETRY_NANOS = 1_000_000_000L;

    private record Entry(Object value, long[] header) {}

    private final DataSource source;
    private final Path dbFile;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile WalIndexHeader header;
    private Connection connection; // open while header is mapped
    private volatile long nextTry = System.nanoTime();
    private volatile boolean closed;

    /** @param dbFile the database file, whose {@code -shm} holds the WAL-index header; source opens its connection */
    UnchangedMemo(DataSource source, Path dbFile) {
        this.source = source;
        this.dbFile = dbFile;
    }

    /**
     * The value remembered under {@code key} while the database is unchanged, else {@code load}'s
     * (remembered unless null). {@code load} must depend only on the database and {@code key}.
     */
    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> load) {
        if (key.length() > ThreadReaders.MEMO_KEY_CHARS) return load.get(); // a client's overlong name: not kept
        WalIndexHeader h = header();
        long[] now = new long[WalIndexHeader.LONGS];
        if (h == null || !h.read(now)) return load.get();
        Entry e = entries.get(key);
        if (e != null && Arrays.equals(e.header, now)) return (T) e.value;
        T value = load.get();
        if (value != null) {
            if (entries.size() >= MAX_ENTRIES) entries.clear();
            // Filed under the header read before the load: the row is that database's or a newer one's.
            entries.put(key, new Entry(value, now));
        }
        return value;
    }

    /** Whether lookups can be remembered now (tests). */
    boolean readsWalHeader() {
        return header() != null;
    }

    int size() { return entries.size(); }

    private WalIndexHeader header() {
        WalIndexHeader h = header;
        if (h != null || closed) return h;
        long t = System.nanoTime();
        if (t - nextTry < 0) return null;
        synchronized (this) {
            if (header == null && !closed) {
                header = open();
                if (header == null) nextTry = t + RETRY_NANOS; // read through meanwhile
            }
            return header;
        }
    }

    /** This memo's connection, after a first read (which opens the WAL index), and the header's mapping; null on any failure. */
    private WalIndexHeader open() {
        Connection c = null;
        try {
            c = source.getConnection();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA data_version")) {
                rs.next();
            }
            WalIndexHeader h = WalIndexHeader.open(dbFile);
            if (h == null) {
                c.close();
                return null;
            }
            connection = c;
            return h;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            return null;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        entries.clear();
        WalIndexHeader h = header;
        header = null;
        if (h != null) h.close();
        closeQuietly(connection);
        connection = null;
    }
}
