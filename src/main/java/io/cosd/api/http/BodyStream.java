package io.cosd.api.http;

import io.cosd.service.BodyPieces;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body as a blocking {@link InputStream} for handler code running on a virtual thread,
 * fed by the event loop. Backpressure: the event loop only reads the socket while this stream has
 * been started and holds less than {@link #HIGH} bytes, so a slow disk slows the client, never the
 * heap. Nothing is read (and {@code 100 Continue} is not sent) until the handler {@link #begin begins}
 * the body or first reads it, which happens only after authentication, authorization and every other
 * refusal due before the upload (EDGE-K3): a refused upload is never read.
 * A large body is taken as whole received buffers ({@link BodyPieces}) and hashed and written
 * from them, without a copy into an array (docs/performance.md "The 1 MiB PUT").
 * What is queued also counts against the server's {@link BodyBudget} (EDGE-B1..B4): over it, a
 * stream that holds its floor is not read either, until a release makes room. So do the bytes its
 * reader copies into heap arrays, until the answer ({@link #holdHeap}, EDGE-B5).
 */
public final class BodyStream extends InputStream implements BodyPieces {
    static final int HIGH = 1 << 20;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private final Runnable demand;
    private final BodyBudget budget;
    /** EDGE-B3: in the budget's queue of paused streams (set there, cleared when woken). */
    private final java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();
    private final long readTimeoutMillis;
    private final boolean expectsContinue;
    // Written under the lock only; volatile so that the event loop's checks (wantsMore, ended) read
    // them without taking it (docs/performance.md "The 1 MiB PUT at c=16"): a loop that waited for
    // the lock while a descheduled reader held it stalled every connection of that loop.
    private volatile long queued;
    private volatile boolean started;
    private volatile boolean ended;
    private volatile boolean closed;
    private boolean timedOut;
    private volatile IOException failure;
    /** EDGE-B5, under the lock: the largest copy of this body in a heap array (Request.readSmallBody), counted until the answer. */
    private long heap;
    private boolean heapGivenBack;

    /**
     * @param demand asks the event loop to read more (idempotent, thread-safe)
     * @param expectsContinue the request asked for {@code 100 Continue}, which the first demand sends
     */
    BodyStream(Runnable demand, long readTimeoutMillis, boolean expectsContinue) {
        this(demand, readTimeoutMillis, expectsContinue, BodyBudget.unlimited());
    }

    /** @param budget the server's budget of buffered body bytes, which every byte queued here counts against (EDGE-B1) */
    BodyStream(Runnable demand, long readTimeoutMillis, boolean expectsContinue, BodyBudget budget) {
        this.demand = demand;
        this.budget = budget;
        this.readTimeoutMillis = readTimeoutMillis;
        this.expectsContinue = expectsContinue;
    }

    // ---- event-loop side -------------------------------------------------------------------

    /** Takes ownership of {@code buf}. */
    void offer(ByteBuf buf) {
        lock.lock();
        try {
            if (closed || failure != null || !buf.isReadable()) {
                buf.release();
                return;
            }
            int n = buf.readableBytes();
            queue.add(buf);
            queued += n;
            budget.add(n); // EDGE-B1: counted while queued; given back by consumed() or drain(), once
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void fail(IOException e) {
        long wake = 0;
        lock.lock();
        try {
            if (failure == null) failure = e;
            wake = drain();
            changed.signalAll();
        } finally {
            lock.unlock();
            afterDrain(wake);
        }
    }

    /**
     * True while the reader has started and the buffer is below the high-water mark. Read without
     * the lock: every change that makes it true (the reader's start, its dropping below the mark) is
     * followed by a demand, whose task on the event loop asks again, so a stale "false" only defers
     * the read to that task; a stale "true" reads one buffer more, which the lock never prevented
     * either (the read happens after the check) and offer() discards once closed or failed.
     * EDGE-B2: at or over the server's budget, a stream holding its floor does not want more either;
     * it is paused in the budget's queue, and woken (its demand) by a release that makes room.
     */
    boolean wantsMore() {
        if (!live()) return false;
        long q = queued;
        if (q >= HIGH) return false;
        if (budget.allows(q)) return true;
        budget.pause(this);
        return false;
    }

    /** EDGE-B3: still reading its socket (read without the lock). */
    boolean reading() {
        return live();
    }

    /** Still reading its socket: begun, neither ended nor closed nor failed. */
    private boolean live() {
        return started && !ended && !closed && failure == null;
    }

    /** EDGE-B3: true when this stream was not paused yet and now is (it is then queued once). */
    boolean markPaused() {
        return paused.compareAndSet(false, true);
    }

    /**
     * EDGE-B3: woken from the budget's queue; asks its event loop to read again (which checks the budget
     * again, and pauses it at the back of the queue if there is no room after all). False, and nothing
     * asked, when the stream no longer reads.
     */
    boolean resume() {
        paused.set(false);
        if (!live()) return false;
        demand.run();
        return true;
    }

    boolean ended() {
        return ended;
    }

    /** Bytes queued now (read without the lock: the event loop's read cap, EDGE-B2). */
    long queued() {
        return queued;
    }

    // ---- reader side -----------------------------------------------------------------------

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        long wake = 0;
        lock.lock();
        try {
            if (!awaitData()) return -1;
            ByteBuf head = queue.peek();
            int n = Math.min(len, head.readableBytes());
            head.readBytes(b, off, n);
            if (!head.isReadable()) queue.poll().release();
            wake = consumed(n);
            return n;
        } finally {
            lock.unlock();
            if (wake > 0) budget.wake(wake);
        }
    }

    /**
     * EDGE-K3: the handler admitted the body; the event loop starts reading it (and sends the 100 owed)
     * now, while the handler opens its blob file, instead of at the first read after that open.
     */
    @Override
    public void begin() {
        lock.lock();
        try {
            start();
        } finally {
            lock.unlock();
        }
    }

    /** The edge's own body declares no digest; a verifying wrapper adds one (AUTH-12). */
    @Override
    public List<Check> checks() {
        return List.of();
    }

    /** Nothing held between pieces: what is still queued is released when the edge closes the body. */
    @Override
    public void stopPieces() {
    }

    /** The head buffer whole (what read() left of it), owned by the caller from here on. */
    @Override
    public Piece nextPiece() throws IOException {
        long wake = 0;
        lock.lock();
        try {
            if (!awaitData()) return null;
            ByteBuf head = queue.poll();
            wake = consumed(head.readableBytes());
            return new NettyPiece(head);
        } finally {
            lock.unlock();
            if (wake > 0) budget.wake(wake);
        }
    }

    /** Under the lock: starts reading, once (at {@link #begin} or the first read, whichever comes first). */
    private void start() {
        if (started) return;
        started = true;
        // A body that already ended asks only for its 100: an empty body sent with Expect:
        // 100-continue still gets its 100 before the answer (EDGE-K1; KeepAliveAfterRefusalE2eTest).
        // Otherwise an ended body has nothing left to read or to rate (EDGE-C2), so the event
        // loop is not woken for it (docs/performance.md "The PUT path's CPU": most small PUTs
        // arrive whole before their handler first reads).
        if (!ended || expectsContinue) demand.run();
    }

    /** Under the lock: waits until a buffer is queued (true) or the body ended (false); starts reading on the first call. */
    private boolean awaitData() throws IOException {
        start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis);
        try {
            while (queue.isEmpty()) {
                if (failure != null) throw failure;
                if (closed) throw new IOException("body stream closed");
                if (ended) return false;
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    timedOut = true;
                    throw new BodyTimeoutException();
                }
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Under the lock: {@code n} bytes left the queue; below the high-water mark the event loop reads
     * again, and so it does below the floor when the budget paused this stream (EDGE-B2: its own reads
     * keep it moving, whatever the other streams hold). Returns the bytes whose release is to wake
     * paused streams (0: none), which the caller does once it gave the lock back (EDGE-B3).
     */
    private long consumed(int n) {
        long before = queued;
        queued = before - n;
        boolean wake = budget.give(n);
        if (before >= HIGH && queued < HIGH
                || before >= BodyBudget.FLOOR && queued < BodyBudget.FLOOR && paused.get()) demand.run();
        return wake ? n : 0;
    }

    /** A received buffer handed out whole; Netty's reference count is the piece's. */
    private record NettyPiece(ByteBuf buf) implements Piece {
        @Override
        public ByteBuffer bytes() {
            return buf.nioBuffer();
        }

        @Override
        public Piece retain() {
            buf.retain();
            return this;
        }

        @Override
        public void release() {
            buf.release();
        }
    }

    /** Releases buffered data; later offers are discarded. */
    @Override
    public void close() {
        long wake = 0;
        lock.lock();
        try {
            closed = true;
            wake = drain();
            changed.signalAll();
        } finally {
            lock.unlock();
            afterDrain(wake);
        }
    }

    /**
     * Under the lock: releases every queued buffer and gives its bytes back to the budget (EDGE-B1).
     * Returns the bytes whose release is to wake paused streams (0: none), for {@link #afterDrain}.
     */
    private long drain() {
        for (ByteBuf b; (b = queue.poll()) != null; ) b.release();
        long given = queued;
        queued = 0;
        return given > 0 && budget.give(given) ? given : 0;
    }

    /**
     * EDGE-B3, after the lock is given back (the event loop takes it to queue a buffer, and must not wait
     * on a scan of the paused streams or on other connections' wake-ups): a stream that drained while
     * paused leaves the budget's queue now, not at a later wake (it would keep its closed connection
     * reachable, and be polled for nothing); then the streams the release has room for are woken.
     */
    private void afterDrain(long wake) {
        if (paused.get()) budget.forget(this);
        if (wake > 0) budget.wake(wake);
    }

    /**
     * EDGE-B5 (docs/edge.md): a reader of this body has copied {@code total} bytes of it into a heap array (a small
     * document read whole, Request.readSmallBody), which the handler holds until it answers. The request counts the
     * largest such copy against the server's budget, as queued bytes count, until the edge gives it back at the answer
     * ({@link #giveBackHeap}): a body read before the decision (EarlyBody, HeldBody) and read again by its handler from
     * the held bytes is the same document, counted once. A copy up to the floor always may (every small document moves,
     * whatever the others hold); past it only while the total has room, so every array beyond its floor was grown while
     * the count was under the budget. False, and nothing more counted, when it may not: its reader refuses the request
     * ({@code 503 SlowDown}) rather than wait, so no request waits for another's heap (no deadlock). After the answer
     * nothing is counted any more (nothing reads then).
     */
    public boolean holdHeap(long total) {
        lock.lock();
        try {
            if (heapGivenBack || total <= heap) return true;
            if (total > BodyBudget.FLOOR && budget.full()) return false;
            budget.add(total - heap);
            heap = total;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * EDGE-B5, by the edge once the request is answered (or its connection is gone): the heap bytes counted for it
     * are given back, once; with room, paused connections are woken, as by any release (EDGE-B3).
     */
    void giveBackHeap() {
        long n;
        boolean wake;
        lock.lock();
        try {
            heapGivenBack = true;
            n = heap;
            heap = 0;
            wake = n > 0 && budget.give(n);
        } finally {
            lock.unlock();
        }
        if (wake) budget.wake(n);
    }

    /**
     * True once the body timed out: it stalled for the body timeout, or the edge cut it off for
     * arriving below the minimum rate (docs/edge.md EDGE-C2). The API answers such a request
     * {@code 400 RequestTimeout}, as S3 does, whatever error the reading code made of it.
     */
    public boolean timedOut() {
        lock.lock();
        try {
            return timedOut || failure instanceof BodyTimeoutException;
        } finally {
            lock.unlock();
        }
    }

    /** The client stopped sending the body, or sent it too slowly. */
    public static final class BodyTimeoutException extends IOException {
        BodyTimeoutException() { super("request body read timed out"); }

        BodyTimeoutException(String message) { super(message); }
    }
}
