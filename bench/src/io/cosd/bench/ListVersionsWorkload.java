package io.cosd.bench;

import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * ListObjectVersions over ONE key with many versions vs one with 1,000 (bench/README.md "Listing and
 * lifecycle at scale"; target: a page costs the same at any depth). Needs the data that
 * {@code bench/run --prefill-versions N} writes before the server starts (bench/fill-src VersionsFill:
 * key versions/1k with 1,000 versions and versions/big with N, in bucket benchver-1250000000;
 * version i of a key has id format(T0 + i µs), so a marker at any depth is computed, not walked to).
 * Cells at c=1, max-keys=1000, each twice in alternating order: the whole 1,000-version key as one
 * page; a page of the N-version key after a marker at a random depth; the same among its oldest
 * 10,000 versions (the deepest pages). Every page is checked: 1,000 versions, the right first id,
 * truncated exactly when more follow.
 */
final class ListVersionsWorkload implements Workload {
    static final String BUCKET = "benchver-1250000000", SMALL_KEY = "versions/1k", BIG_KEY = "versions/big";
    static final int SMALL = 1000, PAGE = 1000;
    /** The same constant as bench/fill-src VersionsFill.T0_MICROS. */
    static final long T0_MICROS = 1_750_000_000_000_000L;
    private static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    @Override public String name() { return "listver"; }

    @Override public String description() {
        return "opt-in, needs bench/run --prefill-versions N: ListObjectVersions pages of one key with N versions vs 1,000";
    }

    @Override public boolean byDefault() { return false; }

    @Override
    public void run(Bench.Ctx ctx) throws Exception {
        long n = ctx.prefilledVersions;
        if (n < 2 * PAGE + 1) {
            System.err.println("bench: listver needs bench/run --prefill-versions N (N > 2000); skipped");
            return;
        }
        for (int round = 0; round < 2; round++) {
            String again = round == 0 ? "" : " (again)";
            ctx.measure("LISTVER", PAGE + "/page", 1, 0, SMALL + " versions of one key, whole key" + again, (w, seq) -> {
                String xml = list(ctx, SMALL_KEY, null, null);
                check(xml, SMALL_KEY, SMALL, SMALL - 1, false);
                return xml.length();
            });
            ctx.measure("LISTVER", PAGE + "/page", 1, 0, String.format("%,d versions of one key, marker at a random depth", n) + again, (w, seq) -> {
                long p = ThreadLocalRandom.current().nextLong(0, n - PAGE - 1); // versions newer than the marker's
                return page(ctx, n, p);
            });
            ctx.measure("LISTVER", PAGE + "/page", 1, 0, String.format("%,d versions of one key, among the oldest 10,000", n) + again, (w, seq) -> {
                long p = ThreadLocalRandom.current().nextLong(Math.max(0, n - 10_000), n - PAGE - 1);
                return page(ctx, n, p);
            });
        }
    }

    /** The page after the version at position p from the newest (0 = the latest), i.e. version index n-1-p. */
    private static long page(Bench.Ctx ctx, long n, long p) throws Exception {
        String xml = list(ctx, BIG_KEY, BIG_KEY, id(n - 1 - p));
        check(xml, BIG_KEY, PAGE, n - 2 - p, p + 1 + PAGE < n);
        return xml.length();
    }

    private static void check(String xml, String key, int want, long firstIndex, boolean truncated) {
        int got = ListWorkload.count(xml, "<Version>");
        if (got != want) throw new IllegalStateException(key + ": " + got + " versions in a page, want " + want);
        String first = ListWorkload.between(xml, "<VersionId>", "</VersionId>");
        if (!id(firstIndex).equals(first)) throw new IllegalStateException(key + ": first version " + first + ", want " + id(firstIndex));
        if (xml.contains("<IsTruncated>true</IsTruncated>") != truncated) throw new IllegalStateException(key + ": IsTruncated, want " + truncated);
    }

    /** COS version id of version i (docs/spec: base64 of decimal(2^64 - 1 - t_µs)), as VersionsFill wrote it. */
    static String id(long i) {
        String decimal = MAX.subtract(BigInteger.valueOf(T0_MICROS + i)).toString();
        return Base64.getEncoder().withoutPadding().encodeToString(decimal.getBytes(StandardCharsets.US_ASCII));
    }

    private static String list(Bench.Ctx ctx, String prefix, String keyMarker, String versionIdMarker) throws Exception {
        TreeMap<String, String> params = new TreeMap<>();
        params.put("versions", "");
        params.put("prefix", prefix);
        params.put("max-keys", Integer.toString(PAGE));
        if (keyMarker != null) params.put("key-marker", keyMarker);
        if (versionIdMarker != null) params.put("version-id-marker", versionIdMarker);
        HttpRequest req = ctx.client.signed("GET", "/" + BUCKET, params, Map.of()).GET().build();
        HttpResponse<String> r = ctx.client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("GET ?versions: " + r.statusCode() + " " + r.body());
        return r.body();
    }
}
