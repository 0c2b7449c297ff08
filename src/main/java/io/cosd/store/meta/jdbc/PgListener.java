package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.ChangeFeed;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This process's one {@code LISTEN} connection (docs/scale-out.md "Caches across nodes"), on its own
 * thread, outside the pools.
 * <ul>
 *   <li>SC-C2: every notification on {@link Changes#CHANNEL} is handed to this process's subscribers.</li>
 *   <li>SC-C3: every {@link #HEARTBEAT_MILLIS} it runs one round trip ({@code SELECT 1}). PostgreSQL
 *       sends a listening session every notification of a transaction that committed before the
 *       session's query, ahead of that query's answer, so when the round trip begun at {@code t0}
 *       returns, every change committed before {@code t0} has been delivered. {@link #current} is true
 *       only while the last such {@code t0} is less than {@link ChangeFeed#STALE_BOUND_MILLIS} old; a
 *       connection that died silently therefore makes caches read through within that bound, without
 *       waiting for a TCP timeout.</li>
 *   <li>SC-C4: when the connection fails, every subscriber forgets everything and caches read through
 *       until a new connection is listening; then they forget everything again, since the
 *       notifications sent between the failure and the new {@code LISTEN} are lost for good.</li>
 * </ul>
 * A notification queued by PostgreSQL is not lost while the session lives: a full queue fails the
 * notifying transaction's commit instead. So a generation counter in a table would add a hot row
 * written by every change and still need this heartbeat to bound staleness; there is none.
 */
final class PgListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PgListener.class);
    /** Between round trips; with a slow round trip well inside {@link ChangeFeed#STALE_BOUND_MILLIS}. */
    static final int HEARTBEAT_MILLIS = 200;
    private static final long STALE_BOUND_NANOS = ChangeFeed.STALE_BOUND_MILLIS * 1_000_000L;
    private static final long MAX_BACKOFF_MILLIS = 1000;

    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final Changes changes;
    private final Thread thread;
    private final AtomicLong connects = new AtomicLong();
    private volatile boolean listening;
    private volatile long confirmedAt; // System.nanoTime() when the last completed round trip began
    private volatile boolean closed;
    private volatile Connection connection;
    private volatile int backendPid;
    private boolean warnedConnect; // the listener thread's own: one warning per outage, not one per attempt

    private PgListener(Opener opener, Changes changes) {
        this.opener = opener;
        this.changes = changes;
        this.thread = Thread.ofPlatform().name("cosd-change-listener").daemon().unstarted(this::run);
    }

    static PgListener start(Opener opener, Changes changes) {
        PgListener l = new PgListener(opener, changes);
        l.thread.start();
        return l;
    }

    boolean current() {
        return listening && System.nanoTime() - confirmedAt < STALE_BOUND_NANOS;
    }

    /** The listening session's server process id (tests end it with {@code pg_terminate_backend}). */
    int backendPid() { return backendPid; }

    /** How many times a connection has started listening (tests). */
    long connects() { return connects.get(); }

    private void run() {
        long backoff = 50;
        while (!closed) {
            try (Connection c = opener.open(); Statement s = c.createStatement()) {
                connection = c;
                s.execute("LISTEN " + Changes.CHANNEL);
                try (var rs = s.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    backendPid = rs.getInt(1);
                }
                // Whatever committed while no session was listening is lost: forget it all (SC-C4).
                changes.forgetAll();
                connects.incrementAndGet();
                listening = true;
                warnedConnect = false;
                backoff = 50;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    long t0 = System.nanoTime();
                    s.execute("SELECT 1");
                    deliver(pg.getNotifications());
                    confirmedAt = t0;
                    deliver(pg.getNotifications(HEARTBEAT_MILLIS));
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) break;
                boolean was = listening;
                listening = false;
                changes.forgetAll(); // and caches read through until a connection listens again (SC-C4)
                if (was) log.warn("change listener connection lost ({}); caches read through until it is back", e.getMessage());
                else if (!warnedConnect) log.warn("change listener cannot connect ({}); caches read through until it can", e.getMessage());
                else log.debug("change listener cannot connect: {}", e.getMessage());
                warnedConnect = true;
            } finally {
                listening = false;
                connection = null;
            }
            sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
        }
    }

    private void deliver(PGNotification[] notes) {
        if (notes == null) return;
        for (PGNotification n : notes) {
            ChangeFeed.Change change = Changes.decode(n.getParameter());
            if (change == null) changes.forgetAll(); // a kind this version does not know: the safe reading
            else changes.deliver(change);
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        listening = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing at shutdown; nothing to do
            }
        }
    }
}
