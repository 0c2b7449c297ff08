package io.cosd.worker;

import io.cosd.store.meta.CheckpointRepository;
import io.cosd.store.meta.LeaseRepository;
import io.cosd.store.meta.LeaseRepository.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * This node's heartbeat and worker leases (docs/scale-out.md "Workers across nodes", SC-L1..L6). One
 * virtual thread heartbeats the node's row and acquires or renews every wanted lease each
 * {@code renewEvery}; a lease expires {@code ttl} after its last renewal on the database's clock.
 * <p>
 * SC-L2: the node counts a lease as its own until the monotonic time at which it <em>sent</em> the
 * renewal plus {@code ttl}. The database stamped the expiry at or after that moment, so the node stops
 * believing it holds the lease no later than any other node may take it; nodes never compare wall
 * clocks, only the rate of the holder's clock matters. A step already running when that happens is
 * fenced instead: its checkpoint write names the lease's token and expiry (SC-L3, {@link Fence}).
 */
public final class Leases implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Leases.class);
    /** SC-L6: a dead holder's lease is free after at most TTL; another node takes it at its next renewal. */
    public static final Duration TTL = Duration.ofSeconds(15), RENEW_EVERY = Duration.ofSeconds(5);
    /** A node row unseen this long is dropped at the next start of any node (admin nodes shows the rest). */
    static final Duration FORGET_NODES_AFTER = Duration.ofDays(7);

    private record Held(Lease lease, long validUntilNanos) {}

    private final LeaseRepository repo;
    private final String node;
    private final Duration ttl, renewEvery;
    private final Set<String> wanted = new LinkedHashSet<>();
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private volatile Consumer<String> onAcquired = name -> {};
    private volatile boolean stopped;
    /** The start's own round logs at debug: a normal start prints only cosd's lines (docs/storage.md ST-B5). */
    private volatile boolean quietStart = true;
    /** Counted down to stop: never an interrupt, which would close a database connection in use (NIO). */
    private final java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
    private Thread thread;

    public Leases(LeaseRepository repo, String node, Duration ttl, Duration renewEvery) {
        if (renewEvery.multipliedBy(2).compareTo(ttl) > 0) throw new IllegalArgumentException("renew at least twice per TTL");
        this.repo = repo;
        this.node = node;
        this.ttl = ttl;
        this.renewEvery = renewEvery;
    }

    /** TTL and renewal from {@code cosd.lease.ttlMillis} / {@code cosd.lease.renewMillis} (test-only knobs), else 15 s / 5 s. */
    public static Leases fromSystemProperties(LeaseRepository repo, String node) {
        long ttl = Long.getLong("cosd.lease.ttlMillis", TTL.toMillis());
        long renew = Long.getLong("cosd.lease.renewMillis", Math.min(RENEW_EVERY.toMillis(), ttl / 3));
        return new Leases(repo, node, Duration.ofMillis(ttl), Duration.ofMillis(renew));
    }

    public String node() { return node; }

    public Duration ttl() { return ttl; }

    /** A node whose heartbeat is older than this is dead: its outbox claims lapse (SC-L4). */
    public Duration nodeTtl() { return ttl; }

    /** {@code w} stepping only while this node holds the lease named after it; register it before {@link #start}. */
    public synchronized Worker gate(Worker w) {
        wanted.add(w.name());
        return new LeasedWorker(w, this);
    }

    /** Checkpoint writes fenced by the lease named after the worker (SC-L3). */
    public Fence fence(CheckpointRepository checkpoints) {
        return (worker, cursor, at) -> {
            Lease l = held(worker);
            return l != null && checkpoints.saveFenced(worker, cursor, at, l);
        };
    }

    /** Called with a lease's name when this node gains it (e.g. to wake the worker). */
    public void onAcquired(Consumer<String> c) {
        this.onAcquired = c;
    }

    /**
     * Registers the node (its start time), tries every lease once in the caller's thread, so a
     * single node holds them all before its workers start, then renews in the background.
     */
    public synchronized void start(String address, String version) {
        repo.register(node, address, version);
        try {
            repo.forgetNodes(FORGET_NODES_AFTER);
        } catch (RuntimeException e) {
            log.debug("could not drop old node rows", e); // a race with another starting node; harmless
        }
        round();
        quietStart = false;
        thread = Thread.ofVirtual().name("leases").start(this::loop);
    }

    /** The lease this node holds on {@code name} now, or null (never held, lost, or past its local deadline). */
    public Lease held(String name) {
        Held h = held.get(name);
        return h == null || System.nanoTime() - h.validUntilNanos >= 0 ? null : h.lease;
    }

    private void loop() {
        while (!stopped) {
            try {
                if (stop.await(renewEvery.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) return;
            } catch (InterruptedException e) {
                return;
            }
            round();
        }
    }

    /** One heartbeat and one acquire-or-renew of every wanted lease. */
    void round() {
        try {
            repo.heartbeat(node);
        } catch (RuntimeException e) {
            log.warn("node heartbeat failed", e);
        }
        Set<String> names;
        synchronized (this) {
            names = Set.copyOf(wanted);
        }
        for (String name : names) {
            long sent = System.nanoTime(); // before the statement: the database's expiry is at least this + ttl (SC-L2)
            Optional<Lease> got;
            try {
                got = repo.acquire(name, node, ttl);
            } catch (RuntimeException e) {
                log.warn("renewing the {} lease failed; it lapses at its deadline unless a later renewal succeeds", name, e);
                continue;
            }
            if (stopped) return;
            if (got.isPresent()) {
                Held before = held.put(name, new Held(got.get(), sent + ttl.toNanos()));
                if (before == null || before.lease.token() != got.get().token()) {
                    if (quietStart) log.debug("node {} holds the {} lease (token {})", node, name, got.get().token());
                    else log.info("node {} took the {} lease (token {})", node, name, got.get().token());
                    onAcquired.accept(name);
                }
            } else if (held.remove(name) != null) {
                log.warn("node {} lost the {} lease to another node", node, name);
            }
        }
    }

    /** Tests: stop renewing without releasing, as a node that froze or died would (its leases lapse after the TTL). */
    public void stopRenewing() {
        stopped = true;
        stop.countDown();
    }

    /** Stops renewing and releases what this node holds, so another node takes over at its next renewal. Call after the workers stopped. */
    @Override
    public void close() {
        stopRenewing();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (var e : held.entrySet()) {
            try {
                repo.release(e.getKey(), node, e.getValue().lease.token());
            } catch (RuntimeException ex) {
                log.warn("could not release the {} lease; it lapses after {}", e.getKey(), ttl, ex);
            }
        }
        held.clear();
    }
}
