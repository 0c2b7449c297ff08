package io.cosd.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Versioning costs (docs/versioning.md; target in bench/README.md "Versioning cost"): PUT 4 KiB at c=16 of fresh keys into an unversioned and an Enabled
 * bucket, back to back (fresh keys in both: an unversioned overwrite also deletes the old blob, which
 * would make the comparison about deletes, not versioning); then --list-keys versions of ONE key and --list-keys distinct keys in the Enabled bucket,
 * paged with ListObjectVersions and ListObjects (max-keys=1000, c=1). Each full pass is checked.
 */
final class VersioningWorkload implements Workload {
    static final int PAGE = 1000;

    @Override public String name() { return "versioning"; }

    @Override public String description() {
        return "PUT 4 KiB c=16 unversioned vs Enabled; page --list-keys versions of one key vs --list-keys keys (c=1)";
    }

    @Override
    public void run(Bench.Ctx ctx) throws Exception {
        String vb = "benchver-1250000000";
        ctx.client.createBucket(vb);
        enable(ctx, vb);
        byte[] body = ctx.payload(4 << 10);
        String p = ctx.runPrefix + "ver/";
        // Twice, alternating, so warm-up and outside load do not favour whichever cell runs second.
        for (int round = 0; round < 2; round++) {
            String r = "r" + round + "-";
            String again = round == 0 ? "" : " (again)";
            ctx.measure("PUT", "4KiB", 16, 0, "unversioned bucket" + again, (w, seq) -> {
                ctx.client.put(ctx.bucket, p + r + "u" + seq, body, body.length);
                return body.length;
            });
            ctx.measure("PUT", "4KiB", 16, 0, "Enabled bucket (every PUT a new version)" + again, (w, seq) -> {
                ctx.client.put(vb, p + r + "v" + seq, body, body.length);
                return body.length;
            });
        }

        int n = ctx.listKeys;
        byte[] empty = new byte[0];
        String one = p + "one-key";
        String many = p + "many/";
        ctx.measure("PUT", "0B", 16, 3600, n, "fill: versions of one key", (w, seq) -> {
            ctx.client.put(vb, one, empty, 0);
            return 0;
        });
        ctx.measure("PUT", "0B", 16, 3600, n, "fill: distinct keys", (w, seq) -> {
            ctx.client.put(vb, many + String.format("k%07d", seq), empty, 0);
            return 0;
        });
        for (int round = 0; round < 2; round++) {
            listBoth(ctx, vb, one, many, n, round == 0 ? "" : " (again)");
        }
    }

    private static void listBoth(Bench.Ctx ctx, String vb, String one, String many, int n, String again) throws Exception {
        String[] km = {""}, vm = {""};
        int[] seen = {0};
        ctx.measure("LISTVER", PAGE + "/page", 1, 0, n + " versions of one key" + again, (w, seq) -> {
            String xml = listVersions(ctx, vb, one, km[0], vm[0]);
            seen[0] += ListWorkload.count(xml, "<Version>");
            if (xml.contains("<IsTruncated>true</IsTruncated>")) {
                km[0] = ListWorkload.unescape(ListWorkload.between(xml, "<NextKeyMarker>", "</NextKeyMarker>"));
                vm[0] = ListWorkload.between(xml, "<NextVersionIdMarker>", "</NextVersionIdMarker>");
            } else {
                int total = seen[0];
                km[0] = "";
                vm[0] = "";
                seen[0] = 0;
                if (total != n) throw new IllegalStateException("full version listing returned " + total + ", want " + n);
            }
            return xml.length();
        });
        String[] marker = {""};
        int[] keys = {0};
        ctx.measure("LIST", PAGE + "/page", 1, 0, n + " keys (same bucket)" + again, (w, seq) -> {
            String xml = new String(ctx.client.listV1(vb, many, marker[0], PAGE), StandardCharsets.UTF_8);
            keys[0] += ListWorkload.count(xml, "<Key>");
            if (xml.contains("<IsTruncated>true</IsTruncated>")) {
                marker[0] = ListWorkload.unescape(ListWorkload.between(xml, "<NextMarker>", "</NextMarker>"));
            } else {
                int total = keys[0];
                marker[0] = "";
                keys[0] = 0;
                if (total != n) throw new IllegalStateException("full listing returned " + total + ", want " + n);
            }
            return xml.length();
        });
    }

    private static void enable(Bench.Ctx ctx, String bucket) throws Exception {
        byte[] xml = "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>".getBytes(StandardCharsets.UTF_8);
        HttpRequest req = ctx.client.signed("PUT", "/" + bucket, Map.of("versioning", ""),
                Map.of("content-length", Integer.toString(xml.length))).PUT(HttpRequest.BodyPublishers.ofByteArray(xml)).build();
        HttpResponse<String> r = ctx.client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("PUT ?versioning: " + r.statusCode() + " " + r.body());
    }

    private static String listVersions(Bench.Ctx ctx, String bucket, String prefix, String keyMarker, String versionIdMarker)
            throws Exception {
        TreeMap<String, String> params = new TreeMap<>();
        params.put("versions", "");
        params.put("prefix", prefix);
        params.put("max-keys", Integer.toString(PAGE));
        if (!keyMarker.isEmpty()) params.put("key-marker", keyMarker);
        if (!versionIdMarker.isEmpty()) params.put("version-id-marker", versionIdMarker);
        HttpRequest req = ctx.client.signed("GET", "/" + bucket, params, Map.of()).GET().build();
        HttpResponse<String> r = ctx.client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("GET ?versions: " + r.statusCode() + " " + r.body());
        return r.body();
    }
}
