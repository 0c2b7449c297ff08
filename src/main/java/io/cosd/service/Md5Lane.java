package io.cosd.service;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MD5 of one large body (docs/performance.md "The 1 MiB PUT"). MD5 is four fifths of a
 * body's hashing and cannot be split (each block depends on the one before), so the way to take it
 * off a lone PUT's critical path is a second core: when fewer large bodies are being received than
 * there are cores, the pieces are hashed on a helper thread while the request's own thread
 * computes the CRC64 and writes the file. When the cores are busy with other bodies (c=16), a
 * helper would only add hand-offs, so the MD5 is computed inline, as before. Either way every byte
 * is hashed once, in order. Not thread-safe: one body's reader uses it.
 *
 * <p>The helper is a platform thread (a cached pool of daemons, idle ones end after a minute), not a
 * virtual thread: a virtual thread unparked by another virtual thread may wait in that carrier's
 * queue until the waker parks, which here is only at the end of the body, so the MD5 could run after
 * the rest instead of beside it. A platform thread is woken by the kernel on the idle core at once.
 */
final class Md5Lane implements AutoCloseable {
    /** Batches waiting for the helper at most: the reader blocks beyond it (bounded memory). */
    static final int QUEUE = 8;
    /**
     * Bytes handed to the helper at once: each hand-off may wake a parked thread (a futex and a
     * context switch, tens of µs in a VM), so a piece at a time cost more than it saved; the last
     * batch's MD5 (about 300 µs for 256 KiB) runs while the file is fsynced.
     */
    static final int BATCH = 256 * 1024;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Large bodies being received now, server-wide: the idle-core test. */
    private static final AtomicInteger RECEIVING = new AtomicInteger();
    private static final List<BodyPieces.Piece> END = List.of();

    private final MessageDigest md5 = BlobStreams.md5();
    private final BlockingQueue<List<BodyPieces.Piece>> queue; // null: inline
    private List<BodyPieces.Piece> batch = new ArrayList<>();
    private long batched;
    private static final ExecutorService HELPERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "cosd-md5");
        t.setDaemon(true);
        return t;
    });
    /** Counted down when the helper has taken END (null: inline). */
    private final CountDownLatch helper;
    private volatile boolean cancelled;
    private volatile Throwable failure;
    private boolean open = true;

    private Md5Lane(boolean parallel) {
        if (parallel) {
            queue = new ArrayBlockingQueue<>(QUEUE);
            helper = new CountDownLatch(1);
            HELPERS.execute(this::run);
        } else {
            queue = null;
            helper = null;
        }
    }

    /** A lane for one body: on a helper when a core is idle, else inline. Close it (try-with-resources). */
    static Md5Lane open() {
        int receiving = RECEIVING.incrementAndGet();
        try {
            return new Md5Lane(receiving < CORES);
        } catch (RuntimeException | Error e) { // no helper thread to be had: the count must not stay raised
            RECEIVING.decrementAndGet();
            throw e;
        }
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
        batch.add(p.retain());
        batched += p.bytes().remaining();
        if (batched >= BATCH) handOff();
    }

    private void handOff() {
        List<BodyPieces.Piece> b = batch;
        batch = new ArrayList<>();
        batched = 0;
        put(b);
    }

    /** The MD5 of every piece added; waits for the helper. Once. The body no longer counts as being received. */
    byte[] digest() {
        received();
        if (queue == null) return md5.digest();
        if (!batch.isEmpty()) handOff();
        put(END);
        join();
        if (failure != null) throw new IllegalStateException("MD5 lane failed", failure);
        return md5.digest();
    }

    private void put(List<BodyPieces.Piece> b) {
        try {
            queue.put(b);
        } catch (InterruptedException e) {
            b.forEach(BodyPieces.Piece::release);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing a body", e);
        }
    }

    private void join() {
        try {
            helper.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing a body", e);
        }
    }

    /** The helper: hashes pieces in order until END; after a cancel it only releases them. */
    private void run() {
        try {
            for (List<BodyPieces.Piece> b; (b = queue.take()) != END; ) {
                for (BodyPieces.Piece p : b) {
                    try {
                        if (!cancelled && failure == null) md5.update(p.bytes());
                    } catch (RuntimeException | Error e) {
                        failure = e;
                    } finally {
                        p.release();
                    }
                }
            }
        } catch (InterruptedException e) {
            failure = e;
        } finally {
            helper.countDown();
        }
    }

    /** Ends the lane: a body refused or failed midway stops the helper, which releases what it still holds. */
    @Override
    public void close() {
        received();
        batch.forEach(BodyPieces.Piece::release); // not handed off: a refusal came first
        batch.clear();
        if (helper == null || helper.getCount() == 0) return;
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
