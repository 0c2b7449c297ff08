package io.cosd.store.meta.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cosd.store.fs.OwnerOnly;
import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.SecretSealer;
import io.cosd.store.meta.StoreException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteException;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * Everything SQLite-specific lives here: connection pragmas, the pool shapes and error codes.
 * The repositories only see portable SQL.
 */
final class SqliteSetup {
    private static final int BUSY_TIMEOUT_MS = 10_000;
    private static final int READERS = Math.max(4, Runtime.getRuntime().availableProcessors());

    private SqliteSetup() {}

    static JdbcMetadataStore open(Path dbFile, Clock clock, MasterKeySource keys) {
        Path file = dbFile.toAbsolutePath();
        ownerOnly(file);
        String url = "jdbc:sqlite:" + file;

        SQLiteDataSource writerSource = new SQLiteDataSource(writerConfig());
        writerSource.setUrl(url);
        // A new database gets incremental auto-vacuum before its first table (docs/storage.md "Reclaiming space").
        try (Connection c = java.sql.DriverManager.getConnection(url)) {
            FreePages.enableOnFreshDatabase(c);
        } catch (SQLException e) {
            throw new StoreException("cannot open sqlite database " + file, e);
        }
        // Migrate on a plain connection before any pool exists; switches the file to WAL too.
        Migrations.apply(writerSource);
        SecretSealer sealer = SecretUpgrade.run(writerSource, keys, file.toString());
        String version = sqliteVersion(writerSource);

        SQLiteDataSource readerSource = new SQLiteDataSource(readerConfig());
        readerSource.setUrl(url);

        HikariDataSource writers = pool("cosd-sqlite-writer", writerSource, 1, false);
        HikariDataSource readers;
        try {
            readers = pool("cosd-sqlite-reader", readerSource, READERS, true);
        } catch (RuntimeException e) {
            writers.close();
            throw e;
        }
        ThreadReaders eventLoopReaders = new ThreadReaders(readerSource, file); // EventLoopReads (docs/performance.md)
        Tx tx = new Tx(writers, readers, SqliteSetup::isConstraintViolation, eventLoopReaders);
        String description = "sqlite " + version + " (WAL, synchronous=FULL) at " + file;
        FreePages freePages = new FreePages(tx).start();
        return new JdbcMetadataStore(tx, Dialect.SQLITE, clock, sealer, description, () -> {
            freePages.close();
            tx.close();
            eventLoopReaders.close();
            readers.close();
            writers.close();
        });
    }

    /**
     * Secrets at rest (docs/storage.md): the directory is 0700 and the database 0600 before SQLite
     * first opens it. SQLite creates {@code -wal} and {@code -shm} with the database file's mode, so
     * they follow; ones an older version left are tightened here.
     */
    private static void ownerOnly(Path file) {
        try {
            if (file.getParent() != null) OwnerOnly.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                try {
                    Files.createFile(file, OwnerOnly.file());
                } catch (FileAlreadyExistsException raced) {
                    // another process created it meanwhile; restrict below
                }
            }
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                OwnerOnly.restrict(file.resolveSibling(file.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new StoreException("cannot prepare " + file, e);
        }
    }

    /**
     * The single writer. synchronous=FULL: in WAL mode NORMAL may lose the last commits on power
     * loss; FULL fsyncs the WAL on every commit, so an acknowledged write survives.
     * IMMEDIATE transactions take the write lock at BEGIN, so another process (an admin command)
     * waits on busy_timeout instead of failing with SQLITE_BUSY on lock upgrade.
     */
    private static SQLiteConfig writerConfig() {
        SQLiteConfig c = new SQLiteConfig();
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        c.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        c.enforceForeignKeys(true);
        c.setBusyTimeout(BUSY_TIMEOUT_MS);
        c.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // No repository reads generated keys (ids are chosen in SQL); without this sqlite-jdbc runs
        // an extra last_insert_rowid() query after every INSERT.
        c.setGetGeneratedKeys(false);
        // A group commit runs each job in a savepoint (GroupCommit), and SQLite keeps the pages a
        // savepoint changes in a sub-journal that spills to a temporary file past 64 KiB: a batch of
        // small inline PUTs created, wrote and unlinked a file in /var/tmp per commit (docs/performance.md
        // "The PUT path's CPU"). In memory it holds at most a batch's changed pages; durability is the
        // WAL's (ST-W1), which this does not touch: a sub-journal only serves a rollback to a savepoint
        // of a live transaction, and a crash discards that transaction whole.
        c.setTempStore(SQLiteConfig.TempStore.MEMORY);
        return c;
    }

    /** Readers: read-only connections, deferred transactions (a WAL snapshot, never a write lock). */
    private static SQLiteConfig readerConfig() {
        SQLiteConfig c = new SQLiteConfig();
        c.setReadOnly(true);
        c.setBusyTimeout(BUSY_TIMEOUT_MS);
        c.enforceForeignKeys(true);
        return c;
    }

    private static HikariDataSource pool(String name, SQLiteDataSource source, int size, boolean readOnly) {
        HikariConfig hc = new HikariConfig();
        // Must match how the connections were opened: sqlite-jdbc refuses to flip the flag later.
        hc.setReadOnly(readOnly);
        hc.setPoolName(name);
        hc.setDataSource(source);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(1);
        hc.setAutoCommit(true); // Tx turns it off per transaction (see Tx.run)
        // Writers queue for the single connection; a long queue is load, not a failure.
        hc.setConnectionTimeout(PostgresSetup.poolWaitMillis()); // SC-T8: then 503 SlowDown
        return new HikariDataSource(hc);
    }

    private static String sqliteVersion(SQLiteDataSource ds) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select sqlite_version()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new StoreException("cannot open sqlite database", e);
        }
    }

    /**
     * ST-F6: SQLite refused or lost the transaction for a passing reason of its environment, and rolled
     * it back (or the statement; the writer then rolls back the rest): SQLITE_FULL (the database or its
     * WAL on a full disk), SQLITE_BUSY and SQLITE_LOCKED (another process, such as {@code cosd admin},
     * held the lock past the busy timeout), SQLITE_IOERR (a failed read, write or fsync), each with its
     * extended codes. Anything else (SQLITE_ERROR for bad SQL, SQLITE_CORRUPT, SQLITE_CONSTRAINT we did
     * not expect) is a bug or damage, and stays a 500.
     */
    static boolean isUnavailable(SQLException e) {
        if (!(e instanceof SQLiteException se)) return false;
        String code = se.getResultCode().name();
        return code.equals("SQLITE_FULL") || code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")
                || code.startsWith("SQLITE_IOERR");
    }

    /**
     * ST-F8: a COMMIT that failed with SQLITE_IOERR (writing the WAL's frames or fsyncing them) may
     * have committed after all: its frames, commit frame included, can be in the WAL file although the
     * fsync failed, and the WAL recovery after a crash (before the next write overwrites them) replays
     * them. So, as a COMMIT whose answer PostgreSQL never sent (ST-P1), it is reported maybe-committed
     * and its blobs are kept. A COMMIT that failed with SQLITE_FULL did not commit: the commit frame is
     * the last one written, so a write refused for space never leaves it whole.
     */
    static boolean isCommitOutcomeUnknown(SQLException e) {
        return e instanceof SQLiteException se && se.getResultCode().name().startsWith("SQLITE_IOERR");
    }

    static boolean isConstraintViolation(SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("23")) return true;
        return e instanceof SQLiteException se && se.getResultCode().name().startsWith("SQLITE_CONSTRAINT");
    }
}
