package io.cosd.store.meta;

/**
 * The store's change feed (docs/scale-out.md "Caches across nodes", SC-C1..C6): every write that
 * changes state some process caches publishes a {@link Change} in its own transaction, and the
 * feed hands it to every {@link Subscriber} of every process on the same database once that
 * transaction has committed; a rolled-back write publishes nothing (SC-C1).
 *
 * <p>On SQLite the feed is local and synchronous: the writing thread delivers right after the commit,
 * as the caches' own invalidation always did. On PostgreSQL the change also travels as a
 * {@code pg_notify} in the transaction, which PostgreSQL delivers only on commit, to one listener
 * connection per process (SC-C2). A cache asks {@link #current()} before it answers from memory: false
 * while the listener cannot vouch that every change committed more than {@link #STALE_BOUND_MILLIS}
 * ago has been delivered, and then the cache reads through (SC-C3).
 */
public interface ChangeFeed {
    /** A listener that has not confirmed for this long makes caches read through (SC-C3). */
    long STALE_BOUND_MILLIS = 750;

    /** What changed; {@link Change#id} names the row. */
    enum Kind {
        /** A bucket configuration row; id: the bucket, detail: the {@link ConfigKind} name. */
        CONFIG,
        /** A bucket was created or deleted (with every configuration row), or its versioning changed; id: the bucket. */
        BUCKET,
        /** An access key was revoked; id: its SecretId (keys removed with their user or account: {@link #USER}, {@link #ACCOUNT}). */
        KEY,
        /** A sub-user was removed (with its keys and identity policy); id: its uin. */
        USER,
        /** An account was removed or its e-mail address changed; id: its root uin. */
        ACCOUNT,
        /** A sub-user's identity policy was put or deleted; id: the user's uin. */
        USER_POLICY
    }

    /** @param detail the {@link ConfigKind} name for {@link Kind#CONFIG}, else empty */
    record Change(Kind kind, String id, String detail) {
        public Change {
            if (kind == null || id == null || detail == null) throw new IllegalArgumentException("change needs kind, id, detail");
        }

        public static Change config(String bucket, ConfigKind kind) { return new Change(Kind.CONFIG, bucket, kind.name()); }

        public static Change of(Kind kind, String id) { return new Change(kind, id, ""); }

        /** Whether this change may make {@code bucket}'s configuration of {@code kind} stale. */
        public boolean touches(String bucket, ConfigKind configKind) {
            return id.equals(bucket) && (this.kind == Kind.BUCKET || this.kind == Kind.CONFIG && detail.equals(configKind.name()));
        }
    }

    /**
     * Called on the writer's thread (this process's writes) or the listener's thread (other
     * processes'). Only to forget: it may wait for a load in flight, but must not do I/O of its own
     * (while the listener thread waits, the feed stops being current and caches read through).
     */
    interface Subscriber {
        void changed(Change change);

        /** Changes may have been missed (the listener reconnected): forget everything cached (SC-C4). */
        void forgetAll();
    }

    void subscribe(Subscriber subscriber);

    /** Whether a cache may answer from memory now (SC-C3); true on a single-process store. */
    boolean current();

    /** A feed without subscribers' deliveries, always current: stores that only one object writes (tests' doubles). */
    ChangeFeed NONE = new ChangeFeed() {
        @Override
        public void subscribe(Subscriber subscriber) {}

        @Override
        public boolean current() { return true; }
    };
}
