package io.cosd.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Memory soak (bench/README.md "Soak"): {@code --soak-seconds} (default 600) of mixed requests at
 * c=8 over a bounded key space, so the data stops growing after the first minutes and any RSS
 * growth afterwards is the server's own: per op, 30% PUT 4 KiB, 5% PUT 1 MiB, 35% GET (either
 * size), 10% ListObjects v1 page of up to 1,000 keys from a random marker, 20% DELETE (4 KiB keys).
 * Keys: 2,000 small and 64 big under one prefix of an unversioned bucket (an overwrite replaces).
 * A GET or DELETE of a key that is not there (yet, or any more) is a normal answer (404 or 204),
 * not an error. One table row per {@code --soak-interval} (default 30 s), each with the server's
 * peak RSS in that interval. Flat means: over the second half of the soak (the first half is
 * warm-up: heap sizing, JIT, caches filling) the highest interval peak is within
 * {@link #FLAT_SPREAD} of the lowest; the least-squares slope over that half is printed too.
 * Opt-in (not in the default run): {@code bench/run --only soak}.
 */
final class SoakWorkload implements Workload {
    static final int SMALL_KEYS = 2000, BIG_KEYS = 64, C = 8;
    static final double FLAT_SPREAD = 0.10;

    @Override public String name() { return "soak"; }

    @Override public String description() {
        return "opt-in: --soak-seconds (600) of mixed PUT/GET/LIST/DELETE, 4 KiB and 1 MiB, c=8; RSS per --soak-interval (30 s), flat or not";
    }

    @Override public boolean byDefault() { return false; }

    @Override
    public void run(Bench.Ctx ctx) throws Exception {
        String prefix = ctx.runPrefix + "soak/";
        byte[] small = ctx.payload(4 << 10), big = ctx.payload(1 << 20);
        int intervals = (int) Math.max(1, Math.round(ctx.soakSeconds / ctx.soakInterval));
        List<Double> rss = new ArrayList<>();
        for (int i = 0; i < intervals; i++) {
            String note = String.format(Locale.ROOT, "t=%.0f s of %.0f", (i + 1) * ctx.soakInterval, intervals * ctx.soakInterval);
            Load.Row r = ctx.measure("SOAK", "mixed", C, ctx.soakInterval, 0, note, (w, seq) -> op(ctx, prefix, small, big));
            rss.add(r.rssMiB());
        }
        System.out.println(verdict(rss, ctx.soakInterval));
        // Unmeasured cleanup of what is left.
        long[] all = new long[SMALL_KEYS];
        for (int i = 0; i < SMALL_KEYS; i++) all[i] = i;
        ctx.deleteAll(prefix + "s", all);
        long[] bigs = new long[BIG_KEYS];
        for (int i = 0; i < BIG_KEYS; i++) bigs[i] = i;
        ctx.deleteAll(prefix + "b", bigs);
    }

    private static long op(Bench.Ctx ctx, String prefix, byte[] small, byte[] big) throws Exception {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int dice = rnd.nextInt(100);
        String s = prefix + "s" + rnd.nextInt(SMALL_KEYS), b = prefix + "b" + rnd.nextInt(BIG_KEYS);
        if (dice < 30) {
            ctx.client.put(ctx.bucket, s, small, small.length);
            return small.length;
        } else if (dice < 35) {
            ctx.client.put(ctx.bucket, b, big, big.length);
            return big.length;
        } else if (dice < 70) {
            try {
                return ctx.client.get(ctx.bucket, rnd.nextInt(10) == 0 ? b : s, false).bytes();
            } catch (Client.HttpError e) {
                if (e.status == 404) return 0; // deleted or not written yet: a normal answer here
                throw e;
            }
        } else if (dice < 80) {
            return ctx.client.listV1(ctx.bucket, prefix, prefix + "s" + rnd.nextInt(SMALL_KEYS), ListWorkload.PAGE).length;
        } else {
            ctx.client.delete(ctx.bucket, s);
            return 0;
        }
    }

    /** The flat-or-not line (see the class comment for the rule). */
    static String verdict(List<Double> rssPerInterval, double intervalSecs) {
        if (rssPerInterval.isEmpty() || rssPerInterval.stream().anyMatch(d -> d.isNaN())) {
            return "soak: server RSS unknown (no COSD_BENCH_SERVER_PID); no verdict";
        }
        List<Double> tail = rssPerInterval.subList(rssPerInterval.size() / 2, rssPerInterval.size());
        double min = tail.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = tail.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        // Least-squares slope over the second half, in MiB per minute.
        int n = tail.size();
        double mx = (n - 1) / 2.0, my = tail.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (i - mx) * (tail.get(i) - my);
            sxx += (i - mx) * (i - mx);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx * (60 / intervalSecs);
        boolean flat = max <= min * (1 + FLAT_SPREAD);
        return String.format(Locale.ROOT,
                "soak: RSS over the second half (%d intervals): %.0f..%.0f MiB, spread %.1f%% (flat if <= %.0f%%), slope %+.2f MiB/min; first interval %.0f MiB -> %s",
                n, min, max, (max / min - 1) * 100, FLAT_SPREAD * 100, slope, rssPerInterval.get(0), flat ? "FLAT" : "NOT FLAT");
    }
}
