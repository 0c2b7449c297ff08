package io.cosd.api.ops;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * What {@code GET /-/health} reports (docs/scale-out.md "Operations"): this node's id, the metadata
 * database (engine, reachable, the latency of a trivial query) and the blob root (kind, writable by a
 * probe write with fsync, free bytes). Unhealthy, and answered 503, when either probe fails.
 * <p>
 * The endpoint needs no credentials, so a caller must not be able to turn it into load: a report is
 * reused for {@link #FRESH} (one probe of each kind per second, however many load balancers ask), a
 * probe waits at most {@code timeout} (an unreachable database would otherwise hold the answer for the
 * pool's 60 s connection timeout), and a probe still running is waited on again instead of started
 * twice. What failed is named by the exception's class only; the full error goes to the log, since the
 * answer is public and an error text may name hosts or paths.
 */
public final class HealthCheck {
    /** A probe: returns normally when the resource works. */
    @FunctionalInterface
    public interface Probe {
        void run() throws Exception;
    }

    /** One probe's outcome: latency when it worked, else what failed ("timeout" or an exception's class). */
    public record Outcome(boolean ok, long nanos, String error) {}

    /** A whole report; {@code freeBytes} is -1 when unknown. */
    public record Report(String node, String engine, Outcome metadata, String blobKind, Outcome blobs, long freeBytes) {
        public boolean ok() { return metadata.ok() && blobs.ok(); }
    }

    static final long FRESH = TimeUnit.SECONDS.toNanos(1);
    private static final Logger LOG = LoggerFactory.getLogger(HealthCheck.class);
    private static final Executor PROBES = task -> Thread.ofVirtual().name("cosd-health-probe").start(task);

    private final String node;
    private final String engine;
    private final String blobKind;
    private final Running metadata;
    private final Running blobs;
    private final LongSupplier freeBytes;
    private final long timeoutNanos;
    private Report last;
    private long lastAt;

    /**
     * @param blobKind {@code data-dir} (blobs under the node's data dir) or {@code shared} ({@code --blob-dir});
     *                 the path itself is not shown: the answer is public
     */
    public HealthCheck(String node, String engine, Probe metadata, String blobKind, Probe blobs, LongSupplier freeBytes, Duration timeout) {
        this.node = node;
        this.engine = engine;
        this.blobKind = blobKind;
        this.metadata = new Running("metadata", metadata);
        this.blobs = new Running("blob root", blobs);
        this.freeBytes = freeBytes;
        this.timeoutNanos = timeout.toNanos();
    }

    /** This node's id (the {@code node} label of its metrics). */
    public String node() { return node; }

    /** The current report: a fresh one at most once per {@link #FRESH}. */
    public synchronized Report report() {
        long now = System.nanoTime();
        if (last != null && now - lastAt < FRESH) return last;
        CompletableFuture<Long> m = metadata.start(), b = blobs.start(); // both at once: one timeout, not two
        long deadline = System.nanoTime() + timeoutNanos;
        Outcome mo = metadata.await(m, deadline), bo = blobs.await(b, deadline);
        last = new Report(node, engine, mo, blobKind, bo, freeBytes.getAsLong());
        lastAt = System.nanoTime();
        return last;
    }

    /** One probe, run on its own virtual thread so that a hung database or file system only costs a timeout. */
    private static final class Running {
        private final String what;
        private final Probe probe;
        private CompletableFuture<Long> inFlight;

        Running(String what, Probe probe) {
            this.what = what;
            this.probe = probe;
        }

        /** A new probe, or the one still running since an earlier report timed out on it. */
        CompletableFuture<Long> start() {
            if (inFlight == null || inFlight.isDone()) {
                inFlight = CompletableFuture.supplyAsync(() -> {
                    long t0 = System.nanoTime();
                    try {
                        probe.run();
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                    return System.nanoTime() - t0;
                }, PROBES);
            }
            return inFlight;
        }

        Outcome await(CompletableFuture<Long> f, long deadline) {
            try {
                return new Outcome(true, f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), null);
            } catch (TimeoutException e) {
                LOG.warn("health: the {} probe did not answer in time", what);
                return new Outcome(false, -1, "timeout");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                LOG.warn("health: the {} probe failed", what, cause);
                return new Outcome(false, -1, cause.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(false, -1, "interrupted");
            }
        }
    }
}
