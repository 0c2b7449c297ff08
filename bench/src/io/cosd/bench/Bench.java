package io.cosd.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * cosd benchmark client. Normally started by bench/run, which also starts a server. Usage:
 * <pre>
 * java -cp bench/out io.cosd.bench.Bench --endpoint http://127.0.0.1:PORT --secret-id ID --secret-key KEY [options]
 * java -cp bench/out io.cosd.bench.Bench --self-test
 * </pre>
 */
public final class Bench {
    static final String HELP = """
            options:
              --endpoint URL        server, e.g. http://127.0.0.1:9000 (env COSD_BENCH_ENDPOINT)
              --secret-id ID        (env COSD_BENCH_SECRET_ID)
              --secret-key KEY      (env COSD_BENCH_SECRET_KEY)
              --bucket NAME         default bench-1250000000 (created if missing)
              --peer URL            a peer cosd of another region for the replication workload (env COSD_BENCH_PEER;
                                    bench/run starts one); the bench server must list it in --regions
              --peer-region NAME    the peer's region, default ap-shanghai
              --repl-rates R,R      open-loop PUT/s of the replication lag rows, default 200,500
              --repl-warmup S       unreported replicated PUTs before the lag rows, ramping 100 PUT/s -> the highest rate, so
                                    both servers' JIT has compiled the write and replication paths (default 120; 0 = none)
              --quick               smoke run: 1 s cells, 64 MiB cap 256 MiB/cell, 2,000 list keys
              --seconds S           time budget per cell (default 4)
              --sizes LIST          object sizes, e.g. 4KiB,64MiB (default)
              --concurrency LIST    e.g. 1,16,64 (default)
              --big-cap SIZE        max bytes written (and read) per cell, default 4GiB: 64 MiB cells get one full wave of 64
              --list-keys N         keys for the list workload (default 10000)
              --prefilled-versions N  set by bench/run --prefill-versions N (the listver workload's data)
              --soak-seconds S      length of the opt-in soak workload (default 600; --quick 10)
              --soak-interval S     one soak row (with the server's peak RSS) per S seconds (default 30; --quick 2)
              --only LIST           workloads to run, comma separated (default all)
              --warmup S            unreported warm-up seconds, 4 KiB PUT+GET at c=16 (default 2)
              --tsv FILE            also write the rows as tab-separated values
              --self-test           check the signer against the docs/spec/protocol.md vectors and exit
            """;

    /** Everything a workload needs. */
    static final class Ctx {
        Client client;
        /** The peer cosd of another region (replication workload), or null. */
        Client peer;
        String peerRegion = "ap-shanghai";
        int[] replRates = {200, 500};
        double replWarmup = 120;
        String bucket = "bench-1250000000";
        String runPrefix;
        double seconds = 4;
        double warmup = 2;
        int[] sizes = {4 << 10, 64 << 20};
        int[] concurrencies = {1, 16, 64};
        long capBytes = 4L << 30; // one wave of 64 x 64 MiB: c=64 really runs 64 requests at once
        int listKeys = 10_000;
        double soakSeconds = 600, soakInterval = 30;
        /** Versions of one key that bench/run --prefill-versions wrote before the server started (listver). */
        long prefilledVersions;
        final List<Load.Row> rows = new ArrayList<>();
        private byte[] payload = new byte[0];
        private boolean header;

        /** Runs one cell for {@link #seconds} (and at most maxOps ops, 0 = unbounded), prints and records its row. */
        Load.Row measure(String op, String size, int concurrency, long maxOps, String note, Load.Op body) throws InterruptedException {
            return measure(op, size, concurrency, seconds, maxOps, note, body);
        }

        /** As above with an explicit time budget (e.g. a fill that must complete: large seconds, maxOps = count). */
        Load.Row measure(String op, String size, int concurrency, double seconds, long maxOps, String note, Load.Op body) throws InterruptedException {
            ServerProc.RssPeak rss = new ServerProc.RssPeak().start();
            long cpu0 = ServerProc.cpuTicks();
            Load.Row r = Load.run(op, size, concurrency, seconds, maxOps, note, body);
            long cpu1 = ServerProc.cpuTicks();
            double cpuUs = cpu0 < 0 || cpu1 < 0 || r.ops() == 0 ? Double.NaN : (cpu1 - cpu0) * 1e6 / PolicyWorkload.TICKS / r.ops();
            r = r.withServer(rss.stopMiB(), cpuUs);
            rows.add(r);
            if (!header) { printHeader(System.out); header = true; }
            printRow(System.out, r);
            return r;
        }

        /** A shared, read-only random payload of at least size bytes (one array for all threads and sizes). */
        synchronized byte[] payload(int size) {
            if (payload.length < size) {
                payload = new byte[size];
                new Random(42).nextBytes(payload);
            }
            return payload;
        }

        String md5(byte[] b, int len) throws Exception {
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(b, 0, len);
            return Signer.hex(md.digest());
        }

        /** Unmeasured cleanup at concurrency 16. */
        void deleteAll(String prefix, long[] seqs) throws InterruptedException {
            AtomicLong next = new AtomicLong();
            Thread[] ts = new Thread[Math.min(16, seqs.length)];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = Thread.ofPlatform().start(() -> {
                    for (long j; (j = next.getAndIncrement()) < seqs.length; ) {
                        try { client.delete(bucket, prefix + seqs[(int) j]); } catch (Exception e) {
                            System.err.println("bench: cleanup: " + e);
                        }
                    }
                });
            }
            for (Thread t : ts) t.join();
        }
    }

    public static void main(String[] args) throws Exception {
        Ctx ctx = new Ctx();
        String endpoint = System.getenv("COSD_BENCH_ENDPOINT");
        String id = System.getenv("COSD_BENCH_SECRET_ID");
        String key = System.getenv("COSD_BENCH_SECRET_KEY");
        String only = null, tsv = null, peer = System.getenv("COSD_BENCH_PEER");
        boolean quick = false;
        List<String> a = Arrays.asList(args);
        // --quick first so explicit options override it.
        if (a.contains("--quick")) {
            quick = true;
            ctx.seconds = 1;
            ctx.warmup = 1;
            ctx.replWarmup = 2;
            ctx.capBytes = 256L << 20;
            ctx.listKeys = 2_000;
            ctx.soakSeconds = 10;
            ctx.soakInterval = 2;
        }
        for (int i = 0; i < args.length; i++) {
            String o = args[i];
            switch (o) {
                case "--self-test" -> System.exit(Signer.selfTest() == 0 ? 0 : 1);
                case "--help", "-h" -> { System.out.print(HELP); listWorkloads(); return; }
                case "--quick" -> { }
                case "--endpoint" -> endpoint = args[++i];
                case "--secret-id" -> id = args[++i];
                case "--secret-key" -> key = args[++i];
                case "--bucket" -> ctx.bucket = args[++i];
                case "--peer" -> peer = args[++i];
                case "--peer-region" -> ctx.peerRegion = args[++i];
                case "--repl-rates" -> ctx.replRates = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--repl-warmup" -> ctx.replWarmup = Double.parseDouble(args[++i]);
                case "--seconds" -> ctx.seconds = Double.parseDouble(args[++i]);
                case "--warmup" -> ctx.warmup = Double.parseDouble(args[++i]);
                case "--sizes" -> ctx.sizes = Arrays.stream(args[++i].split(",")).mapToLong(Bench::parseSize).mapToInt(Math::toIntExact).toArray();
                case "--concurrency" -> ctx.concurrencies = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--big-cap" -> ctx.capBytes = parseSize(args[++i]);
                case "--list-keys" -> ctx.listKeys = Integer.parseInt(args[++i]);
                case "--prefilled-versions" -> ctx.prefilledVersions = Long.parseLong(args[++i]);
                case "--soak-seconds" -> ctx.soakSeconds = Double.parseDouble(args[++i]);
                case "--soak-interval" -> ctx.soakInterval = Double.parseDouble(args[++i]);
                case "--only" -> only = args[++i];
                case "--tsv" -> tsv = args[++i];
                default -> { System.err.println("bench: unknown option " + o + "\n" + HELP); System.exit(2); }
            }
        }
        if (endpoint == null || id == null || key == null) {
            System.err.println("bench: need --endpoint, --secret-id and --secret-key (or COSD_BENCH_* env)");
            System.exit(2);
        }
        List<Workload> selected = new ArrayList<>();
        if (only == null) {
            for (var s : Workload.ALL.values()) if (s.get().byDefault()) selected.add(s.get());
        } else {
            for (String n : only.split(",")) {
                var s = Workload.ALL.get(n.trim());
                if (s == null) { System.err.println("bench: unknown workload " + n + "; known: " + Workload.ALL.keySet()); System.exit(2); }
                selected.add(s.get());
            }
        }
        ctx.client = new Client(endpoint, id, key);
        if (peer != null && !peer.isBlank()) ctx.peer = new Client(peer, id, key);
        ctx.runPrefix = "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "/";
        System.out.printf("cosd bench: endpoint %s, bucket %s, %s cells, %d CPUs, java %s%s%n", endpoint, ctx.bucket,
                ctx.seconds + " s", Runtime.getRuntime().availableProcessors(), Runtime.version(), quick ? " (quick)" : "");
        boolean created = ctx.client.createBucket(ctx.bucket);
        System.out.println("bucket " + ctx.bucket + (created ? " created" : " exists") + "; keys under " + ctx.runPrefix);

        long t0 = System.nanoTime();
        if (ctx.warmup > 0) warmup(ctx);
        int failed = 0;
        for (Workload w : selected) {
            try {
                w.run(ctx);
            } catch (Exception e) {
                failed++;
                System.err.println("bench: workload " + w.name() + " failed: " + e);
                e.printStackTrace();
            }
        }
        System.out.printf("%ntotal %.0f s%n", (System.nanoTime() - t0) / 1e9);
        long errors = ctx.rows.stream().mapToLong(Load.Row::errors).sum();
        if (tsv != null) writeTsv(Path.of(tsv), ctx.rows);
        if (errors > 0 || failed > 0) {
            System.out.println("ERRORS: " + errors + " failed requests, " + failed + " failed workloads");
            System.exit(1);
        }
    }

    private static void warmup(Ctx ctx) throws Exception {
        byte[] body = ctx.payload(4096);
        String prefix = ctx.runPrefix + "warmup/";
        double saved = ctx.seconds;
        ctx.seconds = ctx.warmup / 2;
        try {
            Load.Row put = Load.run("PUT", "4KiB", 16, ctx.seconds, 0, "", (w, seq) -> ctx.client.put(ctx.bucket, prefix + seq, body, 4096).length());
            long n = put.ops();
            Load.Row get = Load.run("GET", "4KiB", 16, ctx.seconds, 0, "", (w, seq) -> ctx.client.get(ctx.bucket, prefix + (seq % Math.max(1, n)), false).bytes());
            System.out.printf("warm-up (not reported): %d PUT, %d GET, %d errors%n%n", put.ops(), get.ops(), put.errors() + get.errors());
        } finally {
            ctx.seconds = saved;
        }
    }

    static void listWorkloads() {
        System.out.println("workloads (run in this order; opt-in ones only with --only):");
        for (var e : Workload.ALL.entrySet()) System.out.printf("  %-10s %s%n", e.getKey(), e.getValue().get().description());
    }

    static void printHeader(PrintStream out) {
        out.println("| op   | size      |  c | ops     | errors |   secs |    ops/s |     MB/s |  p50 ms |  p99 ms | RSS MiB | srv us/op | note");
        out.println("|------|-----------|---:|--------:|-------:|-------:|---------:|---------:|--------:|--------:|--------:|----------:|-----");
    }

    static void printRow(PrintStream out, Load.Row r) {
        out.printf(Locale.ROOT, "| %-4s | %-9s | %2d | %7d | %6d | %6.2f | %8.1f | %8.1f | %7.2f | %7.2f | %7s | %9s | %s%n",
                r.op(), r.size(), r.concurrency(), r.ops(), r.errors(), r.seconds(), r.opsPerSec(), r.mbPerSec(),
                r.p50ms(), r.p99ms(), fmt(r.rssMiB(), "%.0f"), fmt(r.cpuUsPerOp(), "%.0f"), r.note());
        out.flush();
    }

    private static String fmt(double v, String format) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    static void writeTsv(Path file, List<Load.Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder("op\tsize\tconcurrency\tops\terrors\tseconds\tops_per_s\tmb_per_s\tp50_ms\tp99_ms\trss_mib\tserver_cpu_us_per_op\tnote\n");
        for (Load.Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s\t%s\t%d\t%d\t%d\t%.3f\t%.2f\t%.2f\t%.3f\t%.3f\t%s\t%s\t%s%n", r.op(), r.size(), r.concurrency(),
                    r.ops(), r.errors(), r.seconds(), r.opsPerSec(), r.mbPerSec(), r.p50ms(), r.p99ms(),
                    fmt(r.rssMiB(), "%.1f"), fmt(r.cpuUsPerOp(), "%.1f"), r.note()));
        }
        Files.writeString(file, sb);
    }

    static long parseSize(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long mult = 1;
        for (String[] u : new String[][] {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}, {"k", "1024"}, {"m", "1048576"}, {"g", "1073741824"}, {"b", "1"}}) {
            if (t.endsWith(u[0])) { mult = Long.parseLong(u[1]); t = t.substring(0, t.length() - u[0].length()); break; }
        }
        return Long.parseLong(t.trim()) * mult;
    }

    static String sizeLabel(long size) {
        if (size >= 1 << 20 && size % (1 << 20) == 0) return (size >> 20) + "MiB";
        if (size >= 1 << 10 && size % (1 << 10) == 0) return (size >> 10) + "KiB";
        return size + "B";
    }
}
