package io.cosd.bench;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Signed PUT then GET of unique objects, for every size x concurrency. PUT cells are bounded by time
 * and by {@code --big-cap} bytes; the GET cell reads back the keys its PUT cell wrote (round robin),
 * checks the length and ETag of every response and the body MD5 of every 64th. Objects larger than
 * 1 MiB are deleted after their GET cell (unmeasured) so the disk does not fill up.
 */
class ObjectsWorkload implements Workload {
    @Override public String name() { return "objects"; }

    @Override public String description() {
        return "PUT and GET of unique objects for each --sizes x --concurrency cell";
    }

    /** Extra signed headers of every PUT (SseWorkload: SSE-COS); the plain workload sends none. */
    Map<String, String> putHeaders() { return Map.of(); }

    /** The operation names in the table ("PUT"/"GET", or SseWorkload's "PUT-SSE"/"GET-SSE"). */
    String op(String base) { return base; }

    @Override
    public void run(Bench.Ctx ctx) throws Exception {
        for (int size : ctx.sizes) {
            byte[] body = ctx.payload(size);
            String md5 = ctx.md5(body, size);
            String label = Bench.sizeLabel(size);
            for (int c : ctx.concurrencies) {
                String prefix = ctx.runPrefix + op("obj") + "/" + label + "/c" + c + "/";
                long maxOps = Math.max(1, ctx.capBytes / size);   // byte cap per cell (matters for big objects only)
                int slots = 1 << 22;
                // Which seqs succeeded: writers mark, readers use only written keys.
                AtomicLongArray written = new AtomicLongArray(slots / 64);
                long cpu0 = PolicyWorkload.serverCpuTicks();
                var put = ctx.measure(op("PUT"), label, c, maxOps, "", (w, seq) -> {
                    String etag = ctx.client.put(ctx.bucket, prefix + seq, body, size, putHeaders());
                    if (!etag.equalsIgnoreCase(md5)) throw new IllegalStateException("PUT ETag " + etag + " != MD5 " + md5);
                    if (seq < slots) written.getAndAccumulate((int) (seq >>> 6), 1L << (seq & 63), (a, b) -> a | b);
                    return size;
                });
                cpu(op("PUT"), label, c, cpu0, put.ops());
                long[] keys = writtenSeqs(written, put.ops() + put.errors());
                if (keys.length == 0) {
                    System.err.println("bench: no objects written for " + label + " c=" + c + "; skipping GET");
                    continue;
                }
                long cpu1 = PolicyWorkload.serverCpuTicks();
                var get = ctx.measure(op("GET"), label, c, maxOps, "", (w, seq) -> {
                    long key = keys[(int) (seq % keys.length)];
                    var got = ctx.client.get(ctx.bucket, prefix + key, seq % 64 == 0);
                    if (got.bytes() != size) throw new IllegalStateException("GET " + prefix + key + ": " + got.bytes() + " bytes, want " + size);
                    if (!got.etag().equalsIgnoreCase(md5)) throw new IllegalStateException("GET ETag " + got.etag() + " != " + md5);
                    if (got.md5() != null && !got.md5().equalsIgnoreCase(md5)) throw new IllegalStateException("GET body MD5 " + got.md5() + " != " + md5);
                    return size;
                });
                cpu(op("GET"), label, c, cpu1, get.ops());
                if (size > 1 << 20) ctx.deleteAll(prefix, keys);
            }
        }
    }

    /** Server CPU per op of the cell just measured (utime+stime from /proc, when bench/run started the server). */
    private static void cpu(String op, String label, int c, long ticksBefore, long ops) {
        if (ticksBefore < 0 || ops == 0) return;
        double us = (PolicyWorkload.serverCpuTicks() - ticksBefore) * 1e6 / PolicyWorkload.TICKS / ops;
        System.out.printf(java.util.Locale.ROOT, "       %s %s c=%d: server CPU %.0f us/op%n", op, label, c, us);
    }

    private static long[] writtenSeqs(AtomicLongArray bits, long upTo) {
        long limit = Math.min(upTo, (long) bits.length() * 64);
        int n = 0;
        for (long s = 0; s < limit; s++) if ((bits.get((int) (s >>> 6)) & (1L << (s & 63))) != 0) n++;
        long[] out = new long[n];
        int i = 0;
        for (long s = 0; s < limit; s++) if ((bits.get((int) (s >>> 6)) & (1L << (s & 63))) != 0) out[i++] = s;
        return out;
    }
}
