package io.cosd.bench;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A 1 GiB multipart upload (64 parts of 16 MiB, 4 UploadPart requests in flight), its completion,
 * then a multipart download of it: 64 ranged GETs of 16 MiB, 4 in flight. Every part's ETag is
 * checked against its MD5, the completion ETag must end in "-64", every range must be 206 with
 * 16 MiB, and every 8th range has its body MD5 checked. The object is deleted afterwards (unmeasured).
 */
final class MultipartWorkload implements Workload {
    private static final int PART = 16 << 20;
    private static final int PARTS = 64;
    private static final int PARALLEL = 4;
    private static final Pattern UPLOAD_ID = Pattern.compile("<UploadId>([^<]+)</UploadId>");
    private static final Pattern ETAG = Pattern.compile("<ETag>([^<]+)</ETag>");

    @Override public String name() { return "multipart"; }

    @Override public String description() {
        return "1 GiB multipart upload (16 MiB parts, 4 parallel) and ranged download (16 MiB ranges, 4 parallel)";
    }

    @Override
    public void run(Bench.Ctx ctx) throws Exception {
        byte[] body = ctx.payload(PART);
        String partMd5 = ctx.md5(body, PART);
        String key = ctx.runPrefix + "mpu/1GiB";
        String path = "/" + ctx.bucket + "/" + key;
        String uploadId = match(UPLOAD_ID, send(ctx, "POST", path, Map.of("uploads", ""), null));
        String[] etags = new String[PARTS];
        ctx.measure("MPU-PART", "16MiB", PARALLEL, 3600, PARTS, "1 GiB upload in 64 parts", (w, seq) -> {
            var params = new TreeMap<String, String>(Map.of("partNumber", Long.toString(seq + 1), "uploadId", uploadId));
            HttpRequest req = ctx.client.signed("PUT", path, params, Map.of("content-length", Integer.toString(PART)))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body, 0, PART)).build();
            HttpResponse<String> r = ctx.client.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new Client.HttpError("UploadPart " + (seq + 1), r.statusCode(), r.body());
            String etag = r.headers().firstValue("ETag").orElse("").replace("\"", "");
            if (!etag.equalsIgnoreCase(partMd5)) throw new IllegalStateException("part ETag " + etag + " != MD5 " + partMd5);
            etags[(int) seq] = etag;
            return PART;
        });
        ctx.measure("MPU-DONE", "64 parts", 1, 3600, 1, "CompleteMultipartUpload", (w, seq) -> {
            StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
            for (int i = 0; i < PARTS; i++) {
                xml.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>").append(etags[i]).append("</ETag></Part>");
            }
            String etag = match(ETAG, send(ctx, "POST", path, Map.of("uploadId", uploadId), xml.append("</CompleteMultipartUpload>").toString()));
            if (!etag.endsWith("-" + PARTS + "\"")) throw new IllegalStateException("completion ETag " + etag);
            return 0;
        });
        ctx.measure("RANGE-GET", "16MiB", PARALLEL, 3600, PARTS, "1 GiB download in 64 ranges", (w, seq) -> {
            long from = seq * PART;
            HttpRequest req = ctx.client.signed("GET", path, Map.of(), Map.of())
                    .header("Range", "bytes=" + from + "-" + (from + PART - 1)).GET().build();
            HttpResponse<InputStream> r = ctx.client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 206) throw new Client.HttpError("ranged GET", r.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                MessageDigest md = seq % 8 == 0 ? MessageDigest.getInstance("MD5") : null;
                byte[] buf = new byte[256 * 1024];
                long n = 0;
                for (int k; (k = in.read(buf)) > 0; ) {
                    n += k;
                    if (md != null) md.update(buf, 0, k);
                }
                if (n != PART) throw new IllegalStateException("range " + seq + ": " + n + " bytes");
                if (md != null && !Signer.hex(md.digest()).equalsIgnoreCase(partMd5)) throw new IllegalStateException("range " + seq + " MD5 mismatch");
            }
            return PART;
        });
        ctx.client.delete(ctx.bucket, key);
    }

    private static String send(Bench.Ctx ctx, String method, String path, Map<String, String> params, String xml) throws Exception {
        HttpRequest.Builder b = ctx.client.signed(method, path, new TreeMap<>(params), Map.of());
        HttpRequest req = b.method(method, xml == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)).build();
        HttpResponse<String> r = ctx.client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new Client.HttpError(method + " " + path, r.statusCode(), r.body());
        return r.body();
    }

    private static String match(Pattern p, String xml) {
        Matcher m = p.matcher(xml);
        if (!m.find()) throw new IllegalStateException("unexpected response: " + xml);
        return m.group(1);
    }
}
