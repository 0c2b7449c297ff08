package io.cosd.store.meta.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Returns meta.db's free pages to the file system (docs/storage.md "Reclaiming space", ST-W5).
 * Deleting or overwriting an inline object frees its pages inside the database at once (same
 * transaction as its version row); SQLite reuses them for later writes, but the file does not
 * shrink. This background step runs {@code PRAGMA incremental_vacuum(N)} in small steps, each its own
 * short write transaction, when the free list is large. It needs {@code auto_vacuum=INCREMENTAL},
 * which SQLite only lets a database take before its first table: databases created by this version
 * have it ({@link #enableOnFreshDatabase}); older ones keep {@code NONE} (their free pages are still
 * reused) until an offline {@code VACUUM} rewrites them, which this class never does on its own.
 */
final class FreePages implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FreePages.class);
    /** Free pages kept without reclaiming (4 MiB of 4 KiB pages): reused by the next writes anyway. */
    static final int KEEP = 1024;
    /** Pages per step: a step holds the writer connection for some milliseconds, like one batch of writes. */
    static final int STEP = 1024;
    static final long PERIOD_SECONDS = 30;

    private final Tx tx;
    private ScheduledExecutorService timer;

    FreePages(Tx tx) {
        this.tx = tx;
    }

    /**
     * On a database with no table yet: incremental auto-vacuum. SQLite takes it only before the first
     * table and before the switch to WAL, and keeps it only once the header is written: hence a plain
     * connection (no WAL pragma) and a VACUUM of the empty file.
     */
    static void enableOnFreshDatabase(Connection plain) throws SQLException {
        try (Statement s = plain.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sqlite_master")) {
                rs.next();
                if (rs.getLong(1) > 0) return;
            }
            if (pragma(plain, "auto_vacuum") == 2) return;
            s.execute("PRAGMA auto_vacuum = INCREMENTAL");
            s.execute("VACUUM");
        }
    }

    /** Starts the periodic step on a daemon thread. */
    FreePages start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("cosd-free-pages").daemon(true).unstarted(r));
        timer.scheduleWithFixedDelay(() -> {
            try {
                reclaim(KEEP, STEP);
            } catch (RuntimeException e) {
                log.warn("returning free pages of the metadata database failed; trying again later", e);
            }
        }, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    /**
     * One step: when incremental auto-vacuum is on and more than {@code keep} pages are free, returns
     * up to {@code step} of them to the file system.
     * @return pages returned (0: nothing to do, or auto_vacuum is not INCREMENTAL)
     */
    long reclaim(int keep, int step) {
        return tx.write(c -> {
            if (pragma(c, "auto_vacuum") != 2) return 0L;
            long free = pragma(c, "freelist_count");
            if (free <= keep) return 0L;
            // SQLite frees one page per step of incremental_vacuum, and sqlite-jdbc steps a statement
            // without result columns once: so one page per execution, in this one transaction.
            long n = Math.min(step, free - keep);
            try (java.sql.PreparedStatement ps = c.prepareStatement("PRAGMA incremental_vacuum(1)")) {
                for (long i = 0; i < n; i++) ps.execute();
            }
            return free - pragma(c, "freelist_count");
        });
    }

    static long pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
