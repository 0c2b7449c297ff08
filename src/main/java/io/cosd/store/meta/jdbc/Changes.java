package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.ChangeFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The {@link ChangeFeed} of one store (docs/scale-out.md "Caches across nodes"). Repositories call
 * {@link #publish} inside {@link Tx#write}'s work; {@link Tx} collects the changes of the attempt on
 * the writing thread and hands them to {@link #delivered} after the commit, so a rolled-back or
 * retried attempt publishes nothing of its own (SC-C1). On PostgreSQL each change is also a
 * {@code pg_notify} on the transaction's connection, which PostgreSQL sends to the listeners only
 * when the transaction commits; {@link PgListener} receives them in every process (SC-C2).
 */
final class Changes implements ChangeFeed {
    private static final Logger log = LoggerFactory.getLogger(Changes.class);
    /** The one channel every cosd process on a database listens to. */
    static final String CHANNEL = "cosd_changes";

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ThreadLocal<List<Change>> collecting = new ThreadLocal<>();
    /** null: one process (SQLite), local delivery only; else opens this process's listener (PostgreSQL). */
    private final Function<Changes, PgListener> listen;
    private volatile PgListener listener;

    private Changes(Function<Changes, PgListener> listen) {
        this.listen = listen;
    }

    /** SQLite: one process, so the writer's own synchronous delivery is the whole feed. */
    static Changes local() {
        return new Changes(null);
    }

    /** PostgreSQL: notifications in the transaction, and a listener started with the first subscriber. */
    static Changes notifying(Function<Changes, PgListener> listen) {
        return new Changes(listen);
    }

    @Override
    public void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
        if (listen != null && listener == null) {
            synchronized (this) {
                if (listener == null) listener = listen.apply(this);
            }
        }
    }

    /**
     * As {@link #subscribe}, without starting the listener: for a memo that stays correct without
     * other processes' changes (it only forgets sooner with them), so that a store no cache subscribes
     * to (a {@code cosd admin} command) opens no listener connection.
     */
    void subscribeWithoutListening(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    @Override
    public boolean current() {
        if (listen == null) return true;
        PgListener l = listener;
        return l != null && l.current();
    }

    /** Inside a write's work: {@code change} reaches every subscriber once the transaction commits. */
    void publish(Connection c, Change change) throws SQLException {
        List<Change> open = collecting.get();
        if (open == null) throw new IllegalStateException("changes are published only inside Tx.write: " + change);
        open.add(change);
        if (listen != null) {
            // Queued by PostgreSQL until the commit and dropped with a rollback (NOTIFY's documented semantics).
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                ps.setString(1, CHANNEL);
                ps.setString(2, encode(change));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
        }
    }

    /** Tx: an attempt of a write begins on this thread; its changes collect here. */
    List<Change> collect() {
        List<Change> open = new ArrayList<>(2);
        collecting.set(open);
        return open;
    }

    /** Tx: the attempt ended (committed or not); nothing more collects. */
    void stopCollecting() {
        collecting.remove();
    }

    /** Tx: the transaction that published {@code changes} committed; this process's subscribers hear it now. */
    void delivered(List<Change> changes) {
        for (Change c : changes) deliver(c);
    }

    void deliver(Change change) {
        for (Subscriber s : subscribers) {
            try {
                s.changed(change);
            } catch (RuntimeException e) {
                log.error("a cache failed to take change {}", change, e); // a subscriber's bug must not fail the write that committed
            }
        }
    }

    void forgetAll() {
        for (Subscriber s : subscribers) {
            try {
                s.forgetAll();
            } catch (RuntimeException e) {
                log.error("a cache failed to forget everything", e);
            }
        }
    }

    /** Stops the listener, if any; before the pools close. */
    void close() {
        PgListener l = listener;
        if (l != null) l.close();
    }

    PgListener listener() { return listener; }

    /** {@code KIND\tid\tdetail}: ids (bucket names, SecretIds, uins) hold no tab; well below NOTIFY's 8000-byte payload limit. */
    static String encode(Change c) {
        return c.kind().name() + "\t" + c.id() + "\t" + c.detail();
    }

    /** @return null for a payload this version does not understand (a newer node's kind): the caller forgets everything */
    static Change decode(String payload) {
        String[] f = payload.split("\t", -1);
        if (f.length != 3) return null;
        try {
            return new Change(Kind.valueOf(f[0]), f[1], f[2]);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
