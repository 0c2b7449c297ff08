package io.cosd.store.meta.jdbc;

import java.sql.Connection;

/**
 * The seq a scoped write's lock statement allocated (docs/scale-out.md "Transactions", SC-T1): on
 * PostgreSQL a write that will take its bucket's next seq anyway locks the bucket row with the bump
 * itself ({@link Tx.Locking#allocateSeq}, one {@code UPDATE … RETURNING} instead of a
 * {@code SELECT … FOR UPDATE} and then the {@code UPDATE}), and the write's first
 * {@link JdbcObjectRepository#nextSeq} takes the seq held here instead of running the bump again.
 * Held per thread, for one connection and one bucket, and dropped by {@link Tx} when the attempt
 * ends, so it never reaches another transaction. A seq allocated and not taken (the write refused
 * itself and rolled back) is rolled back with it; a write that commits without taking it leaves a
 * gap in the bucket's seqs, which order versions and need not be dense.
 */
final class HeldSeq {
    private static final ThreadLocal<HeldSeq> HELD = new ThreadLocal<>();

    private final Connection connection;
    private final String bucket;
    private final long seq;

    private HeldSeq(Connection connection, String bucket, long seq) {
        this.connection = connection;
        this.bucket = bucket;
        this.seq = seq;
    }

    static void hold(Connection c, String bucket, long seq) {
        HELD.set(new HeldSeq(c, bucket, seq));
    }

    /** The seq held for {@code bucket} on {@code c}, once; -1 when none is held (seqs start at 1). */
    static long take(Connection c, String bucket) {
        HeldSeq h = HELD.get();
        if (h == null || h.connection != c || !h.bucket.equals(bucket)) return -1;
        HELD.remove();
        return h.seq;
    }

    static void drop() {
        HELD.remove();
    }
}
