package io.cosd.worker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one runner for every {@link Worker}: a virtual thread each, cooperative stop, wake-up,
 * error counting and exponential backoff after failures (1 s doubling to 60 s), reset by the
 * next successful step. Workers are registered in {@code app.Server} before {@link #start}.
 */
public final class WorkerRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerRunner.class);
    /** After a failed step: 1 s doubling to 60 s, no jitter (each worker is one thread, nothing to spread). */
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    /** What admin tooling and metrics see of a worker. */
    public record Status(String name, String state, long steps, long errors, String lastError, Instant lastStepAt) {}

    private final Clock clock;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private volatile boolean stopping;

    public WorkerRunner(Clock clock) {
        this.clock = clock;
    }

    public synchronized void register(Worker w) {
        if (slots.containsKey(w.name())) throw new IllegalArgumentException("worker registered twice: " + w.name());
        slots.put(w.name(), new Slot(w));
    }

    public synchronized void start() {
        for (Slot s : slots.values()) {
            s.thread = Thread.ofVirtual().name("worker-" + s.worker.name()).start(s::loop);
        }
    }

    /** Ends a worker's idle wait now (e.g. a new outbox row is waiting). Unknown names are ignored. */
    public void wake(String name) {
        Slot s;
        synchronized (this) {
            s = slots.get(name);
        }
        if (s != null) {
            s.wake();
            s.worker.wake();
        }
    }

    public synchronized List<Status> status() {
        List<Status> out = new ArrayList<>();
        for (Slot s : slots.values()) out.add(s.status());
        return out;
    }

    @Override
    public void close() {
        stopping = true;
        List<Slot> all;
        synchronized (this) {
            all = new ArrayList<>(slots.values());
        }
        for (Slot s : all) s.wake();
        for (Slot s : all) {
            if (s.thread == null) continue;
            try {
                if (!s.thread.join(Duration.ofSeconds(10))) {
                    s.thread.interrupt();
                    s.thread.join(Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Slot {
        final Worker worker;
        final ReentrantLock lock = new ReentrantLock();
        final Condition woken = lock.newCondition();
        boolean wakeRequested;
        Thread thread;
        volatile String state = "new";
        volatile long steps, errors;
        volatile String lastError;
        volatile Instant lastStepAt;

        Slot(Worker worker) {
            this.worker = worker;
        }

        void loop() {
            int failures = 0; // consecutive failed steps
            while (!stopping) {
                Duration sleep;
                try {
                    state = "running";
                    Worker.Outcome o = worker.step();
                    steps++;
                    lastStepAt = clock.instant();
                    failures = 0;
                    if (o == Worker.Outcome.MORE) continue;
                    sleep = worker.idleInterval();
                    state = "idle";
                } catch (InterruptedException e) {
                    if (stopping) break;
                    Thread.currentThread().interrupt();
                    break;
                } catch (Exception | Error e) {
                    errors++;
                    lastError = e.toString();
                    state = "backoff";
                    sleep = BACKOFF.delay(failures);
                    failures = Math.min(failures + 1, 64);
                    log.warn("worker {} failed; retrying in {}", worker.name(), sleep, e);
                }
                if (!await(sleep)) break;
            }
            state = "stopped";
        }

        /** @return false if the thread was interrupted */
        boolean await(Duration d) {
            lock.lock();
            try {
                long nanos = d.toNanos();
                while (!wakeRequested && !stopping && nanos > 0) nanos = woken.awaitNanos(nanos);
                wakeRequested = false;
                return true;
            } catch (InterruptedException e) {
                return false;
            } finally {
                lock.unlock();
            }
        }

        void wake() {
            lock.lock();
            try {
                wakeRequested = true;
                woken.signalAll();
            } finally {
                lock.unlock();
            }
        }

        Status status() {
            return new Status(worker.name(), state, steps, errors, lastError, lastStepAt);
        }
    }
}
