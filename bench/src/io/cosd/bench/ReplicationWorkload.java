package io.cosd.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cross-region replication (docs/replication.md#performance) from the bench server to a peer cosd of another region
 * (bench/run starts both; --peer names the peer). Lag rows: an open loop of 4 KiB PUTs at a steady
 * rate (each PUT is sent at its scheduled time, whatever the previous ones did); the lag of each
 * version, from the source write to the peer's acknowledgement, is read from the source server's
 * {@code cosd_replication_delay_seconds} histogram (a diff of two scrapes; quantiles interpolated
 * within a bucket as Prometheus does), after waiting until every PUT of the cell has replicated.
 * MB/s row: 64 MiB objects, from the first PUT's start until the last replica is acknowledged.
 */
final class ReplicationWorkload implements Workload {
    static final String SRC = "bench-repl-1250000000", DST = "bench-repl-dst-1250000000";

    @Override public String name() { return "replication"; }

    @Override public String description() {
        return "replication lag p50/p99 at 200 and 500 PUT/s of 4KiB, and MB/s for 64MiB objects, to the peer cosd (--peer)";
    }

    @Override
    public void run(Bench.Ctx ctx) throws Exception {
        if (ctx.peer == null) {
            System.out.println("replication: skipped (no --peer / COSD_BENCH_PEER)");
            return;
        }
        setUp(ctx);
        byte[] body = ctx.payload(4 << 10);
        if (ctx.replWarmup > 0) {
            // Both JVMs start cold: on 2 cores shared by three JVMs, C2 needs about a minute of this
            // traffic before the source write, replication and peer write paths are compiled; lag
            // measured before that is JIT time, not replication (first 200/s cells ran 3-7 s p50).
            // Ramp 100 -> the highest rate measured: a path first run hot at a new rate still gets
            // compiled (a first 500/s cell after a ramp to only 300/s showed ~20% more CPU/version).
            int steps = 3, top = Math.max(300, java.util.Arrays.stream(ctx.replRates).max().orElse(300));
            long n = 0, bad = 0;
            Histogram before = Histogram.scrape(ctx, DST);
            for (int s = 0; s < steps; s++) {
                int rate = 100 + (top - 100) * s / (steps - 1);
                Cell c = openLoop(ctx, body, rate, ctx.replWarmup / steps, "warmup/" + s);
                n += c.ok();
                bad += c.errors();
            }
            awaitReplicated(ctx, before, n);
            System.out.printf(java.util.Locale.ROOT, "replication warm-up (not reported): %d PUT, %d errors, %.0f s%n%n", n, bad, ctx.replWarmup);
        }
        for (int rate : ctx.replRates) {
            Histogram before = Histogram.scrape(ctx, DST);
            long srcCpu = PolicyWorkload.cpuTicks("COSD_BENCH_SERVER_PID"), peerCpu = PolicyWorkload.cpuTicks("COSD_BENCH_PEER_PID");
            ServerProc.RssPeak rss = new ServerProc.RssPeak().start();
            Cell cell = openLoop(ctx, body, rate, ctx.seconds, rate + "");
            long ok = cell.ok();
            Histogram after = awaitReplicated(ctx, before, ok);
            Histogram d = after.minus(before);
            long[] lat = cell.putNanos();
            // CPU per replicated PUT, from the send start until the last replica: far less sensitive to
            // other load on the machine than the lag itself.
            String cpu = srcCpu < 0 || peerCpu < 0 ? "" : String.format(java.util.Locale.ROOT, "; CPU per version: source %.2f ms, peer %.2f ms",
                    (PolicyWorkload.cpuTicks("COSD_BENCH_SERVER_PID") - srcCpu) * 1e3 / PolicyWorkload.TICKS / Math.max(1, ok),
                    (PolicyWorkload.cpuTicks("COSD_BENCH_PEER_PID") - peerCpu) * 1e3 / PolicyWorkload.TICKS / Math.max(1, ok));
            String note = String.format(java.util.Locale.ROOT, "open loop %d PUT/s; lag = source write -> peer ack; PUT p50/p99 %.1f/%.1f ms; replicated %d/%d%s%s",
                    rate, Load.percentile(lat, 0.50) / 1e6, Load.percentile(lat, 0.99) / 1e6, d.count, ok, d.count == ok ? "" : " (INCOMPLETE)", cpu);
            record(ctx, new Load.Row("LAG", "4KiB", 0, ok, cell.errors() + (ok - d.count), cell.sendSecs(), ok / cell.sendSecs(),
                    ok * 4096 / cell.sendSecs() / 1e6, d.quantile(0.5) * 1000, d.quantile(0.99) * 1000, note)
                    .withServer(rss.stopMiB(), Double.NaN));
        }
        big(ctx);
    }

    private record Cell(long ok, long errors, double sendSecs, long[] putNanos) {}

    /** Open loop: each 4 KiB PUT is sent at its scheduled time, whatever the previous ones did. */
    private static Cell openLoop(Bench.Ctx ctx, byte[] body, int rate, double seconds, String tag) throws Exception {
        long n = Math.round(rate * seconds);
        ConcurrentLinkedQueue<Long> putNanos = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < n; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                long seq = i;
                pool.submit(() -> {
                    long t = System.nanoTime();
                    try {
                        ctx.client.put(SRC, ctx.runPrefix + "repl/" + tag + "/" + seq, body, 4 << 10);
                        putNanos.add(System.nanoTime() - t);
                    } catch (Exception e) {
                        if (errors.incrementAndGet() <= 5) System.err.println("bench: replication PUT: " + e);
                    }
                });
            }
        }
        double sendSecs = (System.nanoTime() - start) / 1e9;
        return new Cell(putNanos.size(), errors.get(), sendSecs, putNanos.stream().mapToLong(Long::longValue).sorted().toArray());
    }

    private static void big(Bench.Ctx ctx) throws Exception {
        int size = 64 << 20;
        int n = (int) Math.max(1, Math.min(8, ctx.capBytes / size));
        byte[] body = ctx.payload(size);
        Histogram before = Histogram.scrape(ctx, DST);
        ServerProc.RssPeak rss = new ServerProc.RssPeak().start();
        long start = System.nanoTime();
        AtomicLong errors = new AtomicLong();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < n; i++) {
                int seq = i;
                pool.submit(() -> {
                    try {
                        ctx.client.put(SRC, ctx.runPrefix + "repl/big/" + seq, body, size);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        System.err.println("bench: replication PUT 64MiB: " + e);
                    }
                });
            }
        }
        double putSecs = (System.nanoTime() - start) / 1e9;
        long ok = n - errors.get();
        Histogram d = awaitReplicated(ctx, before, ok).minus(before);
        double secs = (System.nanoTime() - start) / 1e9;
        String note = String.format(java.util.Locale.ROOT, "%d objects, 4 PUTs in flight; first PUT start -> last replica ack; source PUTs alone %.1f MB/s",
                n, ok * (double) size / putSecs / 1e6);
        record(ctx, new Load.Row("REPL", "64MiB", 4, d.count, errors.get() + (ok - d.count), secs, d.count / secs,
                d.count * (double) size / secs / 1e6, d.quantile(0.5) * 1000, d.quantile(0.99) * 1000, note)
                .withServer(rss.stopMiB(), Double.NaN));
        for (int i = 0; i < n; i++) {
            try { ctx.client.delete(SRC, ctx.runPrefix + "repl/big/" + i); } catch (Exception ignored) { }
        }
    }

    private static void record(Bench.Ctx ctx, Load.Row r) {
        ctx.rows.add(r);
        Bench.printRow(System.out, r);
    }

    /** Polls the histogram until {@code expected} more versions are acknowledged (at most 120 s). */
    private static Histogram awaitReplicated(Bench.Ctx ctx, Histogram before, long expected) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            Histogram h = Histogram.scrape(ctx, DST);
            if (h.count - before.count >= expected || System.nanoTime() > deadline) return h;
            Thread.sleep(50);
        }
    }

    private static void setUp(Bench.Ctx ctx) throws Exception {
        ctx.peer.createBucket(DST);
        ctx.client.createBucket(SRC);
        String versioning = "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
        putConfig(ctx.peer, DST, "versioning", versioning);
        putConfig(ctx.client, SRC, "versioning", versioning);
        putConfig(ctx.client, SRC, "replication", "<ReplicationConfiguration><Role>qcs::cam::uin/100000000001:uin/100000000001</Role>"
                + "<Rule><ID>bench</ID><Status>Enabled</Status><Prefix></Prefix><Destination><Bucket>qcs::cos:" + ctx.peerRegion + "::"
                + DST + "</Bucket></Destination></Rule></ReplicationConfiguration>");
    }

    private static void putConfig(Client c, String bucket, String sub, String xml) throws Exception {
        HttpRequest req = c.signed("PUT", "/" + bucket, Map.of(sub, ""), Map.of()).header("Content-Type", "application/xml")
                .PUT(HttpRequest.BodyPublishers.ofString(xml)).build();
        HttpResponse<String> r = c.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new Client.HttpError("PUT ?" + sub, r.statusCode(), r.body());
    }

    /** The source server's cosd_replication_delay_seconds histogram for one destination. */
    static final class Histogram {
        final TreeMap<Double, Long> buckets; // le -> cumulative count
        final long count;

        Histogram(TreeMap<Double, Long> buckets, long count) {
            this.buckets = buckets;
            this.count = count;
        }

        static Histogram scrape(Bench.Ctx ctx, String dst) throws Exception {
            HttpRequest req = HttpRequest.newBuilder(URI.create(ctx.client.base + "/-/metrics")).GET().build();
            String text = ctx.client.send(req, HttpResponse.BodyHandlers.ofString()).body();
            String label = "destination=\"" + ctx.peerRegion + "/" + dst + "\"";
            // Every sample now leads with the node="<id>" label (docs/scale-out.md "Node label on metrics").
            Pattern p = Pattern.compile("^cosd_replication_delay_seconds_bucket\\{(?:node=\"[^\"]*\",)?" + Pattern.quote(label) + ",le=\"([^\"]+)\"\\} (\\S+)$", Pattern.MULTILINE);
            TreeMap<Double, Long> b = new TreeMap<>();
            Matcher m = p.matcher(text);
            while (m.find()) {
                double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                b.put(le, (long) Double.parseDouble(m.group(2)));
            }
            return new Histogram(b, b.isEmpty() ? 0 : b.lastEntry().getValue());
        }

        Histogram minus(Histogram o) {
            TreeMap<Double, Long> b = new TreeMap<>();
            buckets.forEach((le, c) -> b.put(le, c - o.buckets.getOrDefault(le, 0L)));
            return new Histogram(b, count - o.count);
        }

        /** Linear interpolation inside the bucket holding the q-th observation (as histogram_quantile). */
        double quantile(double q) {
            if (count == 0) return Double.NaN;
            double rank = q * count, prevLe = 0;
            long prevCount = 0;
            for (var e : buckets.entrySet()) {
                if (e.getValue() >= rank) {
                    if (e.getKey().isInfinite()) return prevLe;
                    long inBucket = e.getValue() - prevCount;
                    return inBucket == 0 ? e.getKey() : prevLe + (e.getKey() - prevLe) * (rank - prevCount) / inBucket;
                }
                prevLe = e.getKey();
                prevCount = e.getValue();
            }
            return prevLe;
        }
    }
}
