package io.cosd.api.http;

import io.netty.channel.Channel;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * EDGE-S1..S3 (docs/edge.md "Stopping"): the requests in flight on one server, its open connections,
 * and whether it is stopping. A request is in flight from its head until both its handler has
 * returned and its answer was written (or its connection closed): the handler may still be
 * committing after it answered, and an answer may still be on its way after the handler returned.
 */
final class Drain {
    /** Sent down each open connection's pipeline when the server starts stopping. */
    static final Object STOPPING = new Object() {
        @Override
        public String toString() { return "STOPPING"; }
    };

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Set<Channel> open = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private volatile boolean stopping;

    /** A connection the server accepted; forgotten when it closes. */
    void track(Channel ch) {
        open.add(ch);
        ch.closeFuture().addListener(f -> open.remove(ch));
    }

    boolean stopping() { return stopping; }

    Flight begin() {
        inFlight.incrementAndGet();
        return new Flight();
    }

    int inFlight() { return inFlight.get(); }

    /**
     * EDGE-S1: from now on every answer closes its connection, and each connection between requests
     * is closed (its handler sees {@link #STOPPING} on its own event loop, after any answer already
     * queued there).
     */
    void stop() {
        stopping = true;
        for (Channel ch : open) ch.pipeline().fireUserEventTriggered(STOPPING);
    }

    /**
     * EDGE-S3: closes every connection still open (the grace has passed); returns when each has closed
     * or the deadline ({@link System#nanoTime()}) has passed. All are closed first, then waited for:
     * a close waits for its event loop, and one stuck loop must not cost a time-out per connection.
     */
    void cutAll(long deadlineNanos) {
        java.util.List<io.netty.channel.ChannelFuture> closing = new java.util.ArrayList<>(open.size());
        for (Channel ch : open) closing.add(ch.close());
        for (var f : closing) f.awaitUninterruptibly(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits until no request is in flight or the grace has passed.
     *
     * @return how many requests are still in flight
     */
    int awaitIdle(long graceMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        lock.lock();
        try {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                idle.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        return inFlight.get();
    }

    private void ended() {
        if (inFlight.decrementAndGet() == 0 && stopping) {
            lock.lock();
            try {
                idle.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** One request's two halves; each ends once, in any order, on any thread. */
    final class Flight {
        private final AtomicInteger halves = new AtomicInteger(2);
        private final AtomicBoolean handled = new AtomicBoolean();
        private final AtomicBoolean answered = new AtomicBoolean();

        /** The handler returned (or threw). */
        void handled() {
            if (handled.compareAndSet(false, true)) half();
        }

        /** The answer was written, or could not be and the connection closed. */
        void answered() {
            if (answered.compareAndSet(false, true)) half();
        }

        boolean isAnswered() { return answered.get(); }

        private void half() {
            if (halves.decrementAndGet() == 0) ended();
        }
    }
}
