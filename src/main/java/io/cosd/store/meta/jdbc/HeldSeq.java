package io.cosd.store.meta.jdbc;

import java.sql.Connection;

/**
 * The seq a scoped write's lock statement allocated (docs/scale-out.md "Transactions", SC-T1): on
 * PostgreSQL a write that will take its bucket's next seq anyway locks the bucket row with the bump
 * itself ({@link Tx.Locking#allocateSeq}, one {@code UPDATE … RETURNING} instead of a
 * {@code SELECT … FOR UPDATE} and then the {@code UPDATE}), and the write's first
 * {@link ObjectSteps#nextSeq} takes the seq held here instead of running the bump again.
 * Held per thread, for one connection and one bucket, and dropped by {@link Tx} when the attempt
 * ends, so it never reaches another transaction. A seq allocated and not taken (the write refused
 * itself and rolled back) is rolled back with it; a write that commits without taking it leaves a
 * gap in the bucket's seqs, which order versions and need not be dense. The same statement returns the
 * row's incarnation, held beside the seq, so the write checks the bucket it was authorized against
 * with no statement of its own (docs/security.md AUTH-13).
 */
final class HeldSeq {
    private static final ThreadLocal<HeldSeq> HELD = new ThreadLocal<>();

    private final Connection connection;
    private final String bucket;
    private final long seq;
    private final long incarnation;

    private HeldSeq(Connection connection, String bucket, long seq, long incarnation) {
        this.connection = connection;
        this.bucket = bucket;
        this.seq = seq;
        this.incarnation = incarnation;
    }

    static void hold(Connection c, String bucket, long seq, long incarnation) {
        HELD.set(new HeldSeq(c, bucket, seq, incarnation));
    }

    /**
     * The seq (and the row's incarnation) held for {@code bucket} on {@code c}, once; null when none
     * is held.
     */
    static Allocated take(Connection c, String bucket) {
        HeldSeq h = HELD.get();
        if (h == null || h.connection != c || !h.bucket.equals(bucket)) return null;
        HELD.remove();
        return new Allocated(h.seq, h.incarnation);
    }

    /** A bucket's seq allocated by one bump, and the incarnation of the row that bump changed. */
    record Allocated(long seq, long incarnation) {}

    static void drop() {
        HELD.remove();
    }
}
