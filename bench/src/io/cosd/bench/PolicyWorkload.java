package io.cosd.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Cost of bucket policy evaluation on the GET path (docs/policy.md#speed; target: at most 5% slower): signed GET of 4 KiB objects with
 * no policy and with a ~20 KB policy of about 100 statements that do not match (they must all be
 * looked at: principal and action match, the resource does not) plus one that does, with an
 * aws:SourceIp condition. After an unreported warm-up of both paths, three rounds run the two cells in
 * alternating order (A B, B A, A B) at each concurrency so that drift hits both sides; the ratio
 * compares the mean ops/s. The policy is parsed once
 * on PUT; requests only run the compiled matchers.
 */
final class PolicyWorkload implements Workload {
    static final int OBJECTS = 64;
    static final int SIZE = 4096;

    @Override public String name() { return "policy"; }

    @Override public String description() {
        return "GET 4 KiB without a policy and with a 20 KB policy (100 non-matching statements + 1 match); prints the ratio";
    }

    @Override
    public void run(Bench.Ctx ctx) throws Exception {
        String prefix = ctx.runPrefix + "policy/";
        byte[] body = ctx.payload(SIZE);
        for (int i = 0; i < OBJECTS; i++) ctx.client.put(ctx.bucket, prefix + i, body, SIZE);
        String policy = policy(ctx.bucket, ctx.runPrefix + "policy/");
        int[] cs = {1, 16};
        int rounds = 3;
        double[] none = new double[cs.length], with = new double[cs.length];
        // Server CPU per GET (from /proc when bench/run started the server): far less sensitive to
        // other load on the machine than throughput is.
        double[] cpuNone = new double[cs.length], cpuWith = new double[cs.length];
        boolean cpu = serverCpuTicks() >= 0;
        try {
            // Unreported warm-up of both paths (JIT), then rounds in alternating order (A B, B A, A B).
            double saved = ctx.seconds;
            ctx.seconds = Math.max(2, ctx.seconds * 2);
            putPolicy(ctx, policy);
            Load.run("GET", "4KiB", 16, ctx.seconds, 0, "", (w, seq) -> get(ctx, prefix + (seq % OBJECTS)));
            deletePolicy(ctx);
            Load.run("GET", "4KiB", 16, ctx.seconds, 0, "", (w, seq) -> get(ctx, prefix + (seq % OBJECTS)));
            ctx.seconds = saved;
            for (int round = 0; round < rounds; round++) {
                for (int ci = 0; ci < cs.length; ci++) {
                    int c = cs[ci];
                    for (int side = 0; side < 2; side++) {
                        boolean withPolicy = (side == 0) == (round % 2 == 1);
                        if (withPolicy) putPolicy(ctx, policy); else deletePolicy(ctx);
                        long t0 = serverCpuTicks();
                        var row = ctx.measure("GET", "4KiB", c, 0, withPolicy ? "policy " + policy.length() + " B, 101 statements" : "no policy",
                                (w, seq) -> get(ctx, prefix + (seq % OBJECTS)));
                        double usPerGet = cpu ? (serverCpuTicks() - t0) * 1e6 / TICKS / Math.max(1, row.ops()) : 0;
                        if (cpu) System.out.printf(Locale.ROOT, "       server CPU %.0f us/GET%n", usPerGet);
                        if (withPolicy) { with[ci] += row.opsPerSec(); cpuWith[ci] += usPerGet; }
                        else { none[ci] += row.opsPerSec(); cpuNone[ci] += usPerGet; }
                    }
                }
            }
        } finally {
            deletePolicy(ctx);
        }
        for (int ci = 0; ci < cs.length; ci++) {
            System.out.printf(Locale.ROOT, "policy cost c=%d: with/without = %.3f (%.0f vs %.0f GET/s, mean of %d interleaved rounds)%n",
                    cs[ci], with[ci] / none[ci], with[ci] / rounds, none[ci] / rounds, rounds);
            if (cpu) System.out.printf(Locale.ROOT, "policy cost c=%d: server CPU per GET with/without = %.3f (%.0f vs %.0f us)%n",
                    cs[ci], cpuWith[ci] / cpuNone[ci], cpuWith[ci] / rounds, cpuNone[ci] / rounds);
        }
    }

    /** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
    static final double TICKS = 100;

    /** utime + stime of the server process, or -1 when unknown (remote server, not Linux). */
    static long serverCpuTicks() {
        return cpuTicks("COSD_BENCH_SERVER_PID");
    }

    /** utime + stime of the process whose pid is in {@code pidVariable}, or -1 when unknown. */
    static long cpuTicks(String pidVariable) {
        String pid = System.getenv(pidVariable);
        if (pid == null || pid.isBlank()) return -1;
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid.trim(), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);   // fields 14 and 15 of proc(5)
        } catch (Exception e) {
            return -1;
        }
    }

    private static long get(Bench.Ctx ctx, String key) throws Exception {
        var got = ctx.client.get(ctx.bucket, key, false);
        if (got.bytes() != SIZE) throw new IllegalStateException("GET " + key + ": " + got.bytes() + " bytes");
        return SIZE;
    }

    /** About 20 KB (under the 20 KB limit): 100 statements that look at the resource and miss, then the match. */
    static String policy(String bucket, String prefix) {
        String p = policy(bucket, prefix, true);
        return p.length() <= 20 * 1024 ? p : policy(bucket, prefix, false);   // long bucket names: one resource per statement
    }

    private static String policy(String bucket, String prefix, boolean twoResources) {
        StringBuilder sb = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        for (int i = 0; i < 100; i++) {
            sb.append(String.format(Locale.ROOT, "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},"
                    + "\"Action\":[\"s3:GetObject\",\"s3:GetObjectVersion\"],\"Resource\":[\"arn:aws:s3:::%s/other-%03d/*\"", bucket, i));
            if (twoResources) sb.append(String.format(Locale.ROOT, ",\"arn:aws:s3:::%s/archive/%03d/*.bin\"", bucket, i));
            sb.append("]},");
        }
        sb.append("{\"Sid\":\"match\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"s3:GetObject\",")
                .append("\"Resource\":\"arn:aws:s3:::").append(bucket).append('/').append(prefix).append("*\",")
                .append("\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":[\"127.0.0.0/8\",\"10.0.0.0/8\"]}}}]}");
        return sb.toString();
    }

    private static void putPolicy(Bench.Ctx ctx, String policy) throws Exception {
        byte[] b = policy.getBytes(StandardCharsets.UTF_8);
        HttpRequest req = ctx.client.signed("PUT", "/" + ctx.bucket, Map.of("policy", ""), Map.of("content-length", Integer.toString(b.length)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(b)).build();
        HttpResponse<String> r = ctx.client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) throw new IllegalStateException("PUT ?policy -> " + r.statusCode() + " " + r.body());
    }

    private static void deletePolicy(Bench.Ctx ctx) throws Exception {
        HttpRequest req = ctx.client.signed("DELETE", "/" + ctx.bucket, Map.of("policy", ""), Map.of()).DELETE().build();
        HttpResponse<String> r = ctx.client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) throw new IllegalStateException("DELETE ?policy -> " + r.statusCode() + " " + r.body());
    }
}
