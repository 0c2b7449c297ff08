package io.cosd.api.http;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * EDGE-B1..B5 (docs/edge.md "One budget for buffered bodies"): the body bytes queued in every
 * {@link BodyStream} of one server, against {@code --max-body-buffer}. A stream counts a buffer
 * when it queues it and gives the bytes back when they are taken, or when it drains (closed,
 * failed), so the total is the sum of the streams' queues at every moment (EDGE-B1), plus the
 * bytes their readers copied into heap arrays, counted until each request's answer (EDGE-B5).
 *
 * <p>While the total is at or over the limit, a stream that holds at least the {@link #FLOOR} is
 * not read (EDGE-B2): its connection is paused as at the per-stream high-water mark, and waits in a
 * first-in-first-out queue. A stream below the floor is always read, so every request can make
 * progress on its own and nothing waits for another (no deadlock). Each release that leaves room
 * wakes paused connections in their order; one that pauses again goes to the back (EDGE-B3, no
 * starvation).
 *
 * <p>Lock-free on purpose: the event loop counts and checks here, and must never wait on a lock
 * a reader on a virtual thread holds (docs/performance.md "The 1 MiB PUT at c=16"). Waking a
 * paused connection is its {@code demand}, a task put on its own event loop.
 */
final class BodyBudget {
    /**
     * What each connection may hold whatever the total: a request always moves, if slowly. Small, since
     * it is the one part of the bound that grows with the connections (EDGE-B2: budget + floor per
     * connection): 16 KiB × 10,000 connections is 160 MiB.
     */
    static final int FLOOR = 16 * 1024;

    /** A budget with no limit: only counts (the gauge); no stream is ever paused by it. */
    static BodyBudget unlimited() { return new BodyBudget(0, EdgeEvents.NONE); }

    private final long limit;                 // bytes; 0 = no limit
    private final EdgeEvents events;
    private final AtomicLong held = new AtomicLong();
    private final ConcurrentLinkedQueue<BodyStream> paused = new ConcurrentLinkedQueue<>();

    BodyBudget(long limit, EdgeEvents events) {
        if (limit < 0) throw new IllegalArgumentException("the body buffer budget must not be negative");
        this.limit = limit;
        this.events = events;
    }

    long limit() { return limit; }

    /** Body bytes queued in all streams now (the gauge {@code cosd_body_buffer_bytes}). */
    long held() { return held.get(); }

    /** How many streams are queued as paused now; one that drained (closed, failed) left at its drain. */
    int pausedCount() { return paused.size(); }

    /** A stream queued {@code n} bytes. */
    void add(long n) {
        held.addAndGet(n);
    }

    /** {@code n} bytes given back (taken, or drained); with room, paused connections are woken. */
    void release(long n) {
        if (give(n)) wake(n);
    }

    /**
     * {@code n} bytes given back by a stream under its lock: true when there is room and paused streams
     * to wake, which the stream does ({@link #wake}) once it gave its lock back (EDGE-B3).
     */
    boolean give(long n) {
        long now = held.addAndGet(-n);
        return limit > 0 && now < limit && !paused.isEmpty();
    }

    /** EDGE-B5: the total is at or over the limit (never, without one). */
    boolean full() {
        return limit > 0 && held.get() >= limit;
    }

    /** May a stream holding {@code queued} bytes read more? Below its floor always; otherwise while the total has room. */
    boolean allows(long queued) {
        return queued < FLOOR || limit == 0 || held.get() < limit;
    }

    /**
     * EDGE-B2: how many bytes one socket read of a connection holding {@code mine} body bytes may take
     * now: no cap while the total has room (the large reads of docs/performance.md "The 1 MiB PUT"); at
     * or over the budget, what its floor has left. At least one byte: a read of nothing would leave the
     * channel's read interest set (Netty clears it only after a read that got bytes), and the selector
     * would spin on a socket with data; so a read that raced with another event loop's filling the
     * budget takes one byte, and the connection pauses after it.
     */
    int readRoom(long mine) {
        if (limit == 0 || held.get() < limit) return Integer.MAX_VALUE;
        return (int) Math.max(1, FLOOR - mine);
    }

    /**
     * The stream may not read for want of room: it waits for a release. Once per pause (its flag);
     * then checked again, since the release that makes room may have come between the check and the
     * queueing, and would have found nobody to wake.
     */
    void pause(BodyStream s) {
        if (!s.markPaused()) return;
        events.bodyBufferPause();
        paused.add(s);
        // Drained meanwhile (its handler closed it on a virtual thread): that drain's forget may have
        // run before the add above; it marked the stream drained first, so this sees it (EDGE-B3).
        if (!s.reading()) {
            forget(s);
            return;
        }
        if (held.get() < limit) wake(0);
    }

    /** EDGE-B3: a paused stream that drained (closed, failed) leaves the queue; one scan of the paused streams. */
    void forget(BodyStream s) {
        paused.remove(s);
    }

    /**
     * Wakes paused streams in their order: one per socket read's worth of bytes released (at least
     * one), so a large release (a drained 1 MiB queue) resumes several and a small one does not wake
     * every connection only to pause them again. A stream that no longer reads (closed, ended, failed)
     * is skipped without counting. A woken stream that still finds no room pauses again at the back.
     */
    void wake(long released) {
        long n = Math.max(1, released / HttpServer.RECV_MAX);
        for (BodyStream s; n > 0 && (s = paused.poll()) != null; ) {
            if (s.resume()) n--;
        }
    }
}
