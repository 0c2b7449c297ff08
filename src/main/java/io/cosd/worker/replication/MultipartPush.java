package io.cosd.worker.replication;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A big object to a plain COS/S3 endpoint as an ordinary multipart upload (issue 8 §3 "multipart for
 * big ones"): Initiate with the object's headers, the bytes streamed part after part from one open
 * stream, Complete; any failure aborts the upload (best effort) and returns the failing reply, so
 * the outbox retries or fails it like a PUT. A peer cosd gets one streamed PUT instead: it accepts
 * replicas above the single-PUT limit.
 */
final class MultipartPush {
    private static final Pattern UPLOAD_ID = Pattern.compile("<UploadId>([^<]+)</UploadId>");

    private MultipartPush() {}

    /** Parts of at least {@code minPart} bytes, and never more than 10,000 of them. */
    static long partSize(long size, long minPart) {
        return Math.max(minPart, (size + 9_999) / 10_000);
    }

    static RegionClient.Reply send(RegionClient client, String bucket, String key, Map<String, String> headers, long size, long partSize,
                                   Supplier<InputStream> body, RegionClient.Credentials creds) throws IOException, InterruptedException {
        Map<String, String> init = new LinkedHashMap<>(headers);
        init.remove("Content-MD5");
        RegionClient.Reply r = client.send("POST", bucket, key, Map.of("uploads", ""), init, null, 0, creds);
        if (!r.ok()) return r;
        Matcher m = UPLOAD_ID.matcher(r.body());
        if (!m.find()) return new RegionClient.Reply(502, "no UploadId in " + r.body());
        String uploadId = m.group(1);
        try (InputStream in = body.get()) {
            List<String> etags = new ArrayList<>();
            long sent = 0;
            for (int n = 1; sent < size; n++) {
                long len = Math.min(partSize, size - sent);
                InputStream slice = new FilterInputStream(in) {
                    long left = len;

                    @Override public int read() throws IOException {
                        if (left <= 0) return -1;
                        int b = super.read();
                        if (b >= 0) left--;
                        return b;
                    }

                    @Override public int read(byte[] buf, int off, int want) throws IOException {
                        if (left <= 0) return -1;
                        int got = super.read(buf, off, (int) Math.min(want, left));
                        if (got > 0) left -= got;
                        return got;
                    }

                    @Override public void close() { } // the next part reads on
                };
                RegionClient.Reply p = client.send("PUT", bucket, key, Map.of("partNumber", Integer.toString(n), "uploadId", uploadId),
                        Map.of(), () -> slice, len, creds);
                if (!p.ok()) return abort(client, bucket, key, uploadId, creds, p);
                if (p.etag() == null) return abort(client, bucket, key, uploadId, creds, new RegionClient.Reply(502, "part without ETag"));
                etags.add(p.etag());
                sent += len;
            }
            StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
            for (int i = 0; i < etags.size(); i++) {
                xml.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>").append(etags.get(i)).append("</ETag></Part>");
            }
            byte[] doc = xml.append("</CompleteMultipartUpload>").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            RegionClient.Reply done = client.send("POST", bucket, key, Map.of("uploadId", uploadId), Map.of("Content-Type", "application/xml"),
                    () -> new java.io.ByteArrayInputStream(doc), doc.length, creds);
            // S3 may answer a failed completion with 200 and an <Error> body.
            if (done.ok() && done.body().contains("<Error>")) return abort(client, bucket, key, uploadId, creds, new RegionClient.Reply(500, done.body()));
            return done.ok() ? done : abort(client, bucket, key, uploadId, creds, done);
        } catch (IOException | RuntimeException e) {
            abort(client, bucket, key, uploadId, creds, null);
            throw e;
        }
    }

    private static RegionClient.Reply abort(RegionClient client, String bucket, String key, String uploadId, RegionClient.Credentials creds,
                                            RegionClient.Reply cause) {
        try {
            client.send("DELETE", bucket, key, Map.of("uploadId", uploadId), Map.of(), null, 0, creds);
        } catch (IOException e) {
            // best effort: the destination's own cleanup of stale uploads covers the rest
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return cause;
    }
}
