package io.cosd.bench;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load generator: {@code concurrency} threads each run {@code op} back to back until the
 * time budget is spent or the op budget is used up (whichever first; a request started before the
 * deadline is allowed to finish). Every successful op's latency is recorded; throughput is computed
 * over the wall time from the common start to the last finish.
 */
final class Load {
    /** One operation. {@code seq} is unique per cell (0, 1, 2, ...). Returns payload bytes moved. Throw = error. */
    @FunctionalInterface
    interface Op {
        long run(int worker, long seq) throws Exception;
    }

    /**
     * One line of the result table. {@code rssMiB}: the server's peak resident set during the cell;
     * {@code cpuUsPerOp}: server CPU (utime + stime) over the cell per successful op; NaN when unknown
     * (no server pid, or a row not measured by {@link Bench.Ctx#measure}).
     */
    record Row(String op, String size, int concurrency, long ops, long errors, double seconds,
               double opsPerSec, double mbPerSec, double p50ms, double p99ms, String note, double rssMiB, double cpuUsPerOp) {
        Row(String op, String size, int concurrency, long ops, long errors, double seconds,
            double opsPerSec, double mbPerSec, double p50ms, double p99ms, String note) {
            this(op, size, concurrency, ops, errors, seconds, opsPerSec, mbPerSec, p50ms, p99ms, note, Double.NaN, Double.NaN);
        }

        Row withServer(double rss, double cpuUs) {
            return new Row(op, size, concurrency, ops, errors, seconds, opsPerSec, mbPerSec, p50ms, p99ms, note, rss, cpuUs);
        }
    }

    private static final AtomicInteger ERRORS_PRINTED = new AtomicInteger();

    private Load() {}

    /**
     * @param maxOps 0 = no op budget (time only)
     */
    static Row run(String op, String size, int concurrency, double seconds, long maxOps, String note, Op body)
            throws InterruptedException {
        int threads = maxOps > 0 ? (int) Math.min(concurrency, maxOps) : concurrency;
        if (threads < concurrency) {
            note = (note == null || note.isEmpty() ? "" : note + "; ") + "cap " + maxOps + " ops -> " + threads + " threads";
        }
        final long deadlineNanos = (long) (seconds * 1e9);
        AtomicLong tickets = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long[][] lat = new long[threads][];
        int[] counts = new int[threads];
        long[] finished = new long[threads];
        CountDownLatch ready = new CountDownLatch(threads), go = new CountDownLatch(1), done = new CountDownLatch(threads);
        long[] start = new long[1];
        Thread[] ts = new Thread[threads];
        for (int w = 0; w < threads; w++) {
            final int worker = w;
            ts[w] = Thread.ofPlatform().name("bench-" + op + "-" + w).daemon(true).start(() -> {
                long[] mine = new long[1024];
                int n = 0;
                long b = 0;
                ready.countDown();
                try {
                    go.await();
                    long t0 = start[0];
                    while (System.nanoTime() - t0 < deadlineNanos) {
                        long seq = tickets.getAndIncrement();
                        if (maxOps > 0 && seq >= maxOps) break;
                        long s = System.nanoTime();
                        try {
                            b += body.run(worker, seq);
                            long d = System.nanoTime() - s;
                            if (n == mine.length) mine = Arrays.copyOf(mine, n * 2);
                            mine[n++] = d;
                        } catch (InterruptedException ie) {
                            throw ie;
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            if (ERRORS_PRINTED.incrementAndGet() <= 10) {
                                System.err.println("bench: error in " + op + " " + size + " c=" + concurrency + ": " + e);
                            }
                        }
                    }
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                } finally {
                    lat[worker] = mine;
                    counts[worker] = n;
                    bytes.addAndGet(b);
                    finished[worker] = System.nanoTime();
                    done.countDown();
                }
            });
        }
        ready.await();
        start[0] = System.nanoTime();
        go.countDown();
        done.await();
        long end = 0;
        for (long f : finished) end = Math.max(end, f);
        double wall = Math.max(1e-9, (end - start[0]) / 1e9);
        int total = 0;
        for (int c : counts) total += c;
        long[] all = new long[total];
        int k = 0;
        for (int w = 0; w < threads; w++) {
            System.arraycopy(lat[w], 0, all, k, counts[w]);
            k += counts[w];
        }
        Arrays.sort(all);
        return new Row(op, size, concurrency, total, errors.get(), wall, total / wall, bytes.get() / wall / 1e6,
                percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6, note == null ? "" : note);
    }

    /** Nearest-rank percentile of a sorted array; NaN if empty. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int idx = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
