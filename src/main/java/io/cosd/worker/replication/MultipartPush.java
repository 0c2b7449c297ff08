package io.cosd.worker.replication;

import io.cosd.domain.signing.Hashes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A big object to a plain COS/S3 endpoint as an ordinary multipart upload (docs/replication.md#engine,
 * "What is sent"): Initiate with the object's headers, each part streamed from its own range of the
 * source, Complete. A peer cosd gets one streamed PUT instead: it accepts replicas above the
 * single-PUT limit.
 * <p>
 * Resumable: the upload id is handed to {@code remember} (the outbox row keeps it) before the first
 * part is sent. A transient failure (I/O error, 5xx, 408, 429) leaves the upload in place, and the
 * next attempt lists its parts and sends only those missing or different: a part is reused only if
 * its size matches and its ETag equals the MD5 of the same source range, read locally to check. A
 * permanent refusal aborts the upload and forgets it. Part boundaries depend only on the object
 * size, so every attempt cuts the same parts. Each part body is opened from its range, so the HTTP
 * client can replay it (its one retry on a dropped keep-alive connection) without buffering.
 */
final class MultipartPush {
    private static final Pattern UPLOAD_ID = Pattern.compile("<UploadId>([^<]+)</UploadId>");
    private static final Pattern PART = Pattern.compile("<Part>(.*?)</Part>", Pattern.DOTALL);
    private static final Pattern PART_NUMBER = Pattern.compile("<PartNumber>(\\d+)</PartNumber>");
    private static final Pattern PART_ETAG = Pattern.compile("<ETag>([^<]*)</ETag>");
    private static final Pattern PART_SIZE = Pattern.compile("<Size>(\\d+)</Size>");
    private static final Pattern NEXT_MARKER = Pattern.compile("<NextPartNumberMarker>(\\d+)</NextPartNumberMarker>");

    /** Bytes {@code [start, start + length)} of the source version. */
    @FunctionalInterface
    interface Ranges {
        InputStream open(long start, long length) throws IOException;
    }

    private MultipartPush() {}

    /** Parts of at least {@code minPart} bytes, and never more than 10,000 of them. */
    static long partSize(long size, long minPart) {
        return Math.max(minPart, (size + 9_999) / 10_000);
    }

    private record Existing(long size, String etag) {}

    /**
     * @param resume   an upload of an earlier attempt to continue, or null
     * @param remember told the upload id once it exists, and null once it must not be resumed
     */
    static RegionClient.Reply send(RegionClient client, String bucket, String key, Map<String, String> headers, long size, long partSize,
                                   Ranges source, RegionClient.Credentials creds, String resume, Consumer<String> remember)
            throws IOException, InterruptedException {
        String uploadId = resume;
        Map<Integer, Existing> existing = Map.of();
        if (uploadId != null) {
            Listed listed = listParts(client, bucket, key, uploadId, creds);
            if (listed == null) {
                abortQuietly(client, bucket, key, uploadId, creds);
                uploadId = null; // gone there (aborted, expired) or not listable: start again
            } else if (listed.failure() != null) {
                return listed.failure(); // keep the upload for the next attempt
            } else {
                existing = listed.parts();
            }
        }
        if (uploadId == null) {
            Map<String, String> init = new LinkedHashMap<>(headers);
            init.remove("Content-MD5");
            RegionClient.Reply r = client.send("POST", bucket, key, Map.of("uploads", ""), init, null, 0, creds);
            if (!r.ok()) return r;
            Matcher m = UPLOAD_ID.matcher(r.body());
            if (!m.find()) return new RegionClient.Reply(502, "no UploadId in " + r.body());
            uploadId = m.group(1);
            remember.accept(uploadId);
        }
        // An IOException (connection dropped, source unreadable) propagates with the upload kept:
        // the worker retries later and that attempt resumes it.
        List<String> etags = new ArrayList<>();
        long offset = 0;
        for (int n = 1; offset < size; n++) {
            long start = offset, len = Math.min(partSize, size - offset);
            offset += len;
            Existing there = existing.get(n);
            if (there != null && there.size() == len && there.etag().replace("\"", "").equalsIgnoreCase(md5Hex(source, start, len))) {
                etags.add(there.etag()); // already there with these bytes
                continue;
            }
            RegionClient.Reply p = client.send("PUT", bucket, key, Map.of("partNumber", Integer.toString(n), "uploadId", uploadId),
                    Map.of(), () -> {
                        try {
                            return source.open(start, len);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, len, creds);
            if (p.ok() && p.etag() == null) p = new RegionClient.Reply(502, "part without ETag");
            if (p.status() == 404) return restartLater(remember, p); // the upload went meanwhile (its lifecycle, an abort)
            if (!p.ok()) return p.transientFailure() ? p : abort(client, bucket, key, uploadId, creds, p, remember);
            etags.add(p.etag());
        }
        StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
        for (int i = 0; i < etags.size(); i++) {
            xml.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>").append(etags.get(i)).append("</ETag></Part>");
        }
        byte[] doc = xml.append("</CompleteMultipartUpload>").toString().getBytes(StandardCharsets.UTF_8);
        RegionClient.Reply done = client.send("POST", bucket, key, Map.of("uploadId", uploadId), Map.of("Content-Type", "application/xml"),
                () -> new ByteArrayInputStream(doc), doc.length, creds);
        // S3 may answer a failed completion with 200 and an <Error> body.
        if (done.ok() && done.body().contains("<Error>")) done = new RegionClient.Reply(500, done.body());
        if (done.ok() || done.transientFailure()) return done;
        if (done.status() == 404) return restartLater(remember, done);
        return abort(client, bucket, key, uploadId, creds, done, remember);
    }

    private record Listed(Map<Integer, Existing> parts, RegionClient.Reply failure) {}

    /** The upload's parts (every page); null when the upload is gone (404); a failure reply otherwise. */
    private static Listed listParts(RegionClient client, String bucket, String key, String uploadId, RegionClient.Credentials creds)
            throws IOException, InterruptedException {
        Map<Integer, Existing> parts = new HashMap<>();
        String marker = null;
        while (true) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("uploadId", uploadId);
            if (marker != null) q.put("part-number-marker", marker);
            RegionClient.Reply r = client.send("GET", bucket, key, q, Map.of(), null, 0, creds);
            if (r.status() == 404) return null;
            if (!r.ok()) {
                if (r.transientFailure()) return new Listed(Map.of(), r);
                return null; // refused (e.g. no ListParts permission): listing is only a shortcut, start a new upload
            }
            Matcher part = PART.matcher(r.body());
            while (part.find()) {
                Matcher n = PART_NUMBER.matcher(part.group(1)), e = PART_ETAG.matcher(part.group(1)), z = PART_SIZE.matcher(part.group(1));
                if (n.find() && e.find() && z.find()) {
                    parts.put(Integer.parseInt(n.group(1)), new Existing(Long.parseLong(z.group(1)), e.group(1).replace("&quot;", "\"")));
                }
            }
            Matcher next = NEXT_MARKER.matcher(r.body());
            if (!r.body().contains("<IsTruncated>true</IsTruncated>") || !next.find() || next.group(1).equals(marker)) {
                return new Listed(parts, null); // the last page (or a marker that does not advance)
            }
            marker = next.group(1);
        }
    }

    private static String md5Hex(Ranges source, long start, long len) throws IOException {
        MessageDigest md5 = Hashes.digest("MD5");
        try (InputStream in = source.open(start, len)) {
            byte[] buf = new byte[64 << 10];
            for (int got; (got = in.read(buf)) > 0; ) md5.update(buf, 0, got);
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /** The upload is gone there (404 NoSuchUpload): forget it and let the worker try again with a new one. */
    private static RegionClient.Reply restartLater(Consumer<String> remember, RegionClient.Reply gone) {
        remember.accept(null);
        return new RegionClient.Reply(503, "multipart upload gone at the destination, starting again: " + gone.body());
    }

    private static void abortQuietly(RegionClient client, String bucket, String key, String uploadId, RegionClient.Credentials creds) {
        try {
            client.send("DELETE", bucket, key, Map.of("uploadId", uploadId), Map.of(), null, 0, creds);
        } catch (IOException e) {
            // best effort: the destination's own cleanup of stale uploads covers the rest
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A permanent refusal: the upload is aborted there (best effort) and forgotten here. */
    private static RegionClient.Reply abort(RegionClient client, String bucket, String key, String uploadId, RegionClient.Credentials creds,
                                            RegionClient.Reply cause, Consumer<String> remember) {
        remember.accept(null);
        abortQuietly(client, bucket, key, uploadId, creds);
        return cause;
    }
}
