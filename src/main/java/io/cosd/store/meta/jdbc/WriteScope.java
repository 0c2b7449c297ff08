package io.cosd.store.meta.jdbc;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The rows a write transaction locks before its first read (docs/scale-out.md "Transactions",
 * SC-T1..T3). On PostgreSQL a scoped write runs {@code READ COMMITTED}: {@link Tx} takes the locks
 * as the transaction's first statements, in one fixed order (buckets by name, their uploads when
 * asked (SC-T7), then the upload, then the outbox ids), and every later statement reads the latest committed state under them. Writers
 * of one bucket (or one upload) therefore queue behind the lock instead of aborting each other.
 * Every other write stays {@code SERIALIZABLE}. SQLite has one writer and runs no lock statement.
 *
 * @param buckets   bucket rows locked first, sorted (several buckets only for a lifecycle batch)
 * @param uploadId  the multipart upload row locked next, or null
 * @param outboxIds whether the write inserts replication outbox rows, whose ids are
 *                  {@code MAX(id) + 1} over every bucket: one database-wide lock, taken last (SC-T3)
 * @param bucketsUploads whether every multipart upload of the buckets is locked too, right after the
 *                  buckets and in upload-id order (SC-T7): for a write that removes uploads it found
 *                  by bucket, since a part upload locks only its upload
 * @param allocatesSeq whether the one bucket's row is locked by bumping its {@code next_seq} (the
 *                  same row lock, one statement: {@link HeldSeq}) instead of {@code SELECT … FOR UPDATE}
 */
record WriteScope(List<String> buckets, String uploadId, boolean outboxIds, boolean bucketsUploads, boolean allocatesSeq) {
    WriteScope {
        buckets = List.copyOf(new TreeSet<>(buckets)); // one order for every locker: no deadlock between two
        if (allocatesSeq && buckets.size() != 1) throw new IllegalArgumentException("a seq is allocated in one bucket");
    }

    static WriteScope bucket(String bucket) {
        return new WriteScope(List.of(Objects.requireNonNull(bucket, "bucket")), null, false, false, false);
    }

    /**
     * One bucket, locked by allocating its next seq ({@link HeldSeq}): for a write that takes a seq
     * anyway (a new version or delete marker), so the lock costs no statement of its own.
     */
    static WriteScope bucketForNewVersion(String bucket) {
        return new WriteScope(List.of(Objects.requireNonNull(bucket, "bucket")), null, false, false, true);
    }

    static WriteScope buckets(Collection<String> buckets) {
        return new WriteScope(List.copyOf(buckets), null, false, false, false);
    }

    /** A write of one upload's rows only (a part, an abort): the bucket is not locked. */
    static WriteScope upload(String uploadId) {
        return new WriteScope(List.of(), Objects.requireNonNull(uploadId, "uploadId"), false, false, false);
    }

    WriteScope andUpload(String id) {
        return new WriteScope(buckets, Objects.requireNonNull(id, "uploadId"), outboxIds, bucketsUploads, allocatesSeq);
    }

    /** With the outbox-id lock when {@code inserts} (the write will add outbox rows). */
    WriteScope andOutbox(boolean inserts) {
        return inserts ? new WriteScope(buckets, uploadId, true, bucketsUploads, allocatesSeq) : this;
    }

    /** With every upload of the buckets locked, after the buckets (SC-T7). */
    WriteScope andItsUploads() {
        return new WriteScope(buckets, uploadId, outboxIds, true, allocatesSeq);
    }
}
