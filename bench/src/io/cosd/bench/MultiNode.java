package io.cosd.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The multi-node driver (bench/README.md "Multi-node"; started by bench/multinode/run): signed 4 KiB
 * PUT, then GET of the keys just written, spread over several cosd nodes by client-side round robin
 * (request {@code seq} goes to node {@code seq % N}, as a round-robin load balancer would send it, but
 * without a proxy's CPU on the same two cores). Per cell it reports throughput, latency, and CPU per
 * op of the cosd processes and of the PostgreSQL processes separately (utime + stime from /proc),
 * and, through {@code --stats-cmd}, the database's transactions and statements per op.
 * <pre>
 * java -cp bench/out io.cosd.bench.MultiNode --label L --endpoints URL,URL --secret-id ID --secret-key KEY
 *      [--cosd-pids P,P] [--pg-pid P] [--stats-cmd CMD] [--seconds S] [--warmup S] [--concurrency C] [--size BYTES]
 *      [--buckets K]
 * </pre>
 * {@code --stats-cmd CMD}: {@code CMD counts} prints "transactions statements serialization-failures"
 * the database has seen (the first two from pg_stat_statements, exact at once, where
 * pg_stat_database's counters lag by up to the backends' flush interval; the third from its log), {@code CMD reset} resets them and {@code CMD top} prints the most
 * frequent statements (written by bench/multinode/run).
 */
public final class MultiNode {
    private MultiNode() {}

    public static void main(String[] args) throws Exception {
        String label = "run", secretId = null, secretKey = null, statsCmd = null, bucket = "bench-1250000000";
        List<String> endpoints = new ArrayList<>();
        List<Long> cosdPids = new ArrayList<>();
        long pgPid = -1;
        double seconds = 5, warmup = 3;
        int concurrency = 16, size = 4096, buckets = 1;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--label" -> { label = v; i++; }
                case "--endpoints" -> { endpoints.addAll(List.of(v.split(","))); i++; }
                case "--secret-id" -> { secretId = v; i++; }
                case "--secret-key" -> { secretKey = v; i++; }
                case "--cosd-pids" -> { for (String p : v.split(",")) cosdPids.add(Long.parseLong(p.trim())); i++; }
                case "--pg-pid" -> { pgPid = Long.parseLong(v); i++; }
                case "--stats-cmd" -> { statsCmd = v; i++; }
                case "--seconds" -> { seconds = Double.parseDouble(v); i++; }
                case "--warmup" -> { warmup = Double.parseDouble(v); i++; }
                case "--concurrency" -> { concurrency = Integer.parseInt(v); i++; }
                case "--size" -> { size = Integer.parseInt(v); i++; }
                case "--bucket" -> { bucket = v; i++; }
                case "--buckets" -> { buckets = Integer.parseInt(v); i++; }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Client> clients = new ArrayList<>();
        for (String e : endpoints) clients.add(new Client(e, secretId, secretKey));
        // One bucket by default; --buckets K spreads the keys over K buckets (request seq -> bucket seq % K), which
        // shows what a bucket's own row costs: every PUT of a bucket bumps its next_seq (docs/scale-out.md "Multi-node benchmark").
        List<String> names = new ArrayList<>();
        for (int k = 0; k < buckets; k++) names.add(buckets == 1 ? bucket : bucket.replaceFirst("-", "-" + k + "-"));
        for (String name : names) clients.get(0).createBucket(name);
        byte[] body = new byte[size];
        new java.util.Random(42).nextBytes(body);
        int n = clients.size(), nb = names.size();
        int sz = size;
        if (warmup > 0) { // unreported: every node's JIT compiles the PUT and GET paths
            Load.run("warm", "", concurrency, warmup, 0, "", (w, seq) -> {
                clients.get((int) (seq % n)).put(names.get((int) (seq % nb)), "warm/" + seq, body, sz);
                clients.get((int) ((seq + 1) % n)).get(names.get((int) (seq % nb)), "warm/" + seq, false);
                return 0;
            });
        }
        String prefix = "m/" + label + "/";
        java.util.Set<Long> acked = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Cell put = cell(label, "PUT", concurrency, seconds, 0, cosdPids, pgPid, statsCmd, (w, seq) -> {
            clients.get((int) (seq % n)).put(names.get((int) (seq % nb)), prefix + seq, body, sz);
            acked.add(seq);
            return sz;
        });
        long[] written = acked.stream().mapToLong(Long::longValue).sorted().toArray(); // GETs read only acknowledged keys
        Cell get = cell(label, "GET", concurrency, seconds, 0, cosdPids, pgPid, statsCmd, (w, seq) -> {
            long k = written[(int) (seq % written.length)];
            var got = clients.get((int) ((k + 1) % n)).get(names.get((int) (k % nb)), prefix + k, false); // not the node that wrote it, when N > 1
            if (got.bytes() != sz) throw new IllegalStateException("GET " + prefix + k + ": " + got.bytes() + " bytes");
            return sz;
        });
        for (Cell c : List.of(put, get)) System.out.println(c.line(label, n, concurrency));
        if (statsCmd != null) {
            for (Cell c : List.of(put, get)) {
                System.err.println("statements per " + c.op + " (" + label + ", " + n + (n == 1 ? " node" : " nodes") + "), most frequent first:");
                System.err.print(c.top);
            }
        }
    }

    record Cell(String op, Load.Row row, double cosdUs, double pgUs, double xactsPerOp, double stmtsPerOp, double retriesPerOp, String top) {
        String line(String label, int nodes, int c) {
            return String.format(Locale.ROOT, "| %s | %d | %s | %d | %,.0f | %.2f | %.2f | %s | %s | %s | %s | %s | %d |",
                    label, nodes, op, c, row.opsPerSec(), row.p50ms(), row.p99ms(), fmt(cosdUs), fmt(pgUs), fmt2(xactsPerOp), fmt2(stmtsPerOp),
                    fmt2(retriesPerOp), row.errors());
        }

        private static String fmt(double v) { return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v); }

        private static String fmt2(double v) { return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v); }
    }

    private static Cell cell(String label, String op, int c, double seconds, long maxOps, List<Long> cosdPids, long pgPid, String statsCmd,
                             Load.Op body) throws Exception {
        if (statsCmd != null) stats(statsCmd, "reset");
        long[] before = statsCmd == null ? null : counts(statsCmd);
        long cosd0 = ticks(cosdPids, false), pg0 = pgPid < 0 ? -1 : ticks(List.of(pgPid), true);
        Load.Row row = Load.run(op, "4KiB", c, seconds, maxOps, "", body);
        long cosd1 = ticks(cosdPids, false), pg1 = pgPid < 0 ? -1 : ticks(List.of(pgPid), true);
        long[] after = statsCmd == null ? null : counts(statsCmd);
        long ops = Math.max(1, row.ops());
        double us = 1e6 / PolicyWorkload.TICKS / ops;
        double xacts = before == null ? Double.NaN : (double) (after[0] - before[0]) / ops;
        double stmts = before == null ? Double.NaN : (double) (after[1] - before[1]) / ops;
        double retries = before == null ? Double.NaN : (double) (after[2] - before[2]) / ops;
        String top = statsCmd == null ? "" : stats(statsCmd, "top");
        return new Cell(op, row, cosdPids.isEmpty() ? Double.NaN : (cosd1 - cosd0) * us, pgPid < 0 ? Double.NaN : (pg1 - pg0) * us,
                xacts, stmts, retries, top);
    }

    /** utime + stime of these processes (and, with {@code tree}, of every descendant: PostgreSQL's backends). */
    static long ticks(List<Long> pids, boolean tree) {
        long sum = 0;
        for (long pid : pids) {
            sum += ticks(pid);
            if (tree) {
                for (ProcessHandle h : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) sum += ticks(h.pid());
            }
        }
        return sum;
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
        } catch (IOException | RuntimeException e) {
            return 0; // a backend that ended meanwhile
        }
    }

    private static long[] counts(String cmd) throws Exception {
        String[] f = stats(cmd, "counts").trim().split("\\s+");
        return new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])};
    }

    private static String stats(String cmd, String mode) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", cmd + " " + mode).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(cmd + " " + mode + " failed: " + out);
        return out;
    }
}
