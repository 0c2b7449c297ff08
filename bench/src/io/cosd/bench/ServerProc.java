package io.cosd.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server process as /proc sees it (Linux only): its pid comes from COSD_BENCH_SERVER_PID, which
 * bench/run sets (set it yourself with COSD_BENCH_ENDPOINT to get the columns for a running server).
 * Without it every figure is unknown (-1) and the table prints "-".
 */
final class ServerProc {
    private static final String PID = pid();

    private ServerProc() {}

    private static String pid() {
        String p = System.getenv("COSD_BENCH_SERVER_PID");
        return p == null || p.isBlank() || !Files.isDirectory(Path.of("/proc", p.trim())) ? null : p.trim();
    }

    static boolean known() { return PID != null; }

    /** Resident set size (VmRSS) in KiB, or -1. */
    static long rssKiB() {
        if (PID == null) return -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", PID, "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (Exception e) {
            // the server exited
        }
        return -1;
    }

    /** utime + stime in clock ticks, or -1. */
    static long cpuTicks() {
        return PolicyWorkload.cpuTicks("COSD_BENCH_SERVER_PID");
    }

    /**
     * Samples the server's RSS every 100 ms from {@link #start} until {@link #stop}, which returns the
     * peak in MiB (NaN when unknown). A cell shorter than the period still gets its start and end sample.
     */
    static final class RssPeak {
        private final AtomicLong peak = new AtomicLong(-1);
        private Thread sampler;

        RssPeak start() {
            if (!known()) return this;
            peak.set(rssKiB());
            sampler = Thread.ofPlatform().name("bench-rss").daemon(true).start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(rssKiB(), Math::max);
                    try { Thread.sleep(100); } catch (InterruptedException e) { return; }
                }
            });
            return this;
        }

        double stopMiB() throws InterruptedException {
            if (sampler == null) return Double.NaN;
            sampler.interrupt();
            sampler.join();
            peak.accumulateAndGet(rssKiB(), Math::max);
            long p = peak.get();
            return p < 0 ? Double.NaN : p / 1024.0;
        }
    }
}
