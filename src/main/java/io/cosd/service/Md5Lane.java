package io.cosd.service;

import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MD5 of one large body (docs/performance.md "The 1 MiB PUT"). MD5 is three quarters of a
 * body's hashing and cannot be split (each block depends on the one before), so the way to take it
 * off a lone PUT's critical path is a second core: when fewer large bodies are being received than
 * there are cores, the pieces are hashed on a helper virtual thread while the request's own thread
 * computes the CRC64 and writes the file. When the cores are busy with other bodies (c=16), a
 * helper would only add hand-offs, so the MD5 is computed inline, as before. Either way every byte
 * is hashed once, in order. Not thread-safe: one body's reader uses it.
 */
final class Md5Lane implements AutoCloseable {
    /** Pieces waiting for the helper at most: the reader blocks beyond it (bounded memory). */
    static final int QUEUE = 32;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Large bodies being received now, server-wide: the idle-core test. */
    private static final AtomicInteger RECEIVING = new AtomicInteger();
    private static final BodyPieces.Piece END = new BodyPieces.Piece() {
        public java.nio.ByteBuffer bytes() { throw new IllegalStateException(); }
        public BodyPieces.Piece retain() { return this; }
        public void release() {}
    };

    private final MessageDigest md5 = BlobStreams.md5();
    private final BlockingQueue<BodyPieces.Piece> queue; // null: inline
    private final Thread helper;
    private volatile boolean cancelled;
    private volatile Throwable failure;
    private boolean open = true;

    private Md5Lane(boolean parallel) {
        if (parallel) {
            queue = new ArrayBlockingQueue<>(QUEUE);
            helper = Thread.ofVirtual().name("cosd-md5").start(this::run);
        } else {
            queue = null;
            helper = null;
        }
    }

    /** A lane for one body: on a helper when a core is idle, else inline. Close it (try-with-resources). */
    static Md5Lane open() {
        return new Md5Lane(RECEIVING.incrementAndGet() < CORES);
    }

    /** An inline lane, whatever the load (tests). */
    static Md5Lane inline() {
        RECEIVING.incrementAndGet();
        return new Md5Lane(false);
    }

    /** A helper lane, whatever the load (tests). */
    static Md5Lane parallelLane() {
        RECEIVING.incrementAndGet();
        return new Md5Lane(true);
    }

    boolean parallel() {
        return queue != null;
    }

    /** Hashes the piece next (now, or on the helper, which then holds its own reference). */
    void add(BodyPieces.Piece p) {
        if (queue == null) {
            md5.update(p.bytes());
            return;
        }
        p.retain();
        put(p);
    }

    /** The MD5 of every piece added; waits for the helper. Once. The body no longer counts as being received. */
    byte[] digest() {
        received();
        if (queue == null) return md5.digest();
        put(END);
        join();
        if (failure != null) throw new IllegalStateException("MD5 lane failed", failure);
        return md5.digest();
    }

    private void put(BodyPieces.Piece p) {
        try {
            queue.put(p);
        } catch (InterruptedException e) {
            if (p != END) p.release();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing a body", e);
        }
    }

    private void join() {
        try {
            helper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing a body", e);
        }
    }

    /** The helper: hashes pieces in order until END; after a cancel it only releases them. */
    private void run() {
        try {
            for (BodyPieces.Piece p; (p = queue.take()) != END; ) {
                try {
                    if (!cancelled && failure == null) md5.update(p.bytes());
                } catch (RuntimeException | Error e) {
                    failure = e;
                } finally {
                    p.release();
                }
            }
        } catch (InterruptedException e) {
            failure = e;
        }
    }

    /** Ends the lane: a body refused or failed midway stops the helper, which releases what it still holds. */
    @Override
    public void close() {
        received();
        if (helper == null || !helper.isAlive()) return;
        cancelled = true;
        if (queue.offer(END)) return;
        // The queue is full: the helper is draining it (cancelled: it only releases), so wait for room.
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(END);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void received() {
        if (!open) return;
        open = false;
        RECEIVING.decrementAndGet();
    }
}
