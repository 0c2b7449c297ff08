package io.cosd.api.object;

import io.cosd.api.Formats;
import io.cosd.api.Limits;
import io.cosd.api.RequestContext;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ApiException;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.service.ObjectService;
import io.cosd.service.PutCommand;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * PUT, GET, HEAD and DELETE object.
 * https://cloud.tencent.com/document/product/436/7749 (PUT Object), 436/7753 (GET Object)
 */
public final class ObjectHandler {
    private final ObjectService objects;

    public ObjectHandler(ObjectService objects) { this.objects = objects; }

    public Response put(RequestContext rc) {
        long declared = declaredLength(rc);
        if (declared > Limits.MAX_PUT_BYTES) throw ErrorCode.ENTITY_TOO_LARGE.exception(); // refused unread
        var cmd = new PutCommand(rc.bucket.name(), rc.key(), declared, ObjectHeaders.contentMd5(rc),
                ObjectHeaders.storageClass(rc), ObjectHeaders.content(rc), ObjectHeaders.userMetadata(rc), ObjectHeaders.tags(rc));
        var replica = io.cosd.api.replication.ReplicaHeaders.of(rc); // issue 8: another region's worker
        ObjectVersion v = replica == null ? objects.put(rc.bucket, cmd, rc.body)
                : objects.putReplica(rc.bucket, cmd, rc.body, replica.versionId(), replica.createdAt());
        return newVersionHeader(Response.status(200).header("ETag", v.etag()), rc, v).empty();
    }

    /** Content-Length, or x-amz-decoded-content-length for aws-chunked; -1 for chunked; 411 if neither. */
    static long declaredLength(RequestContext rc) {
        String decoded = rc.header("x-amz-decoded-content-length");
        try {
            if (decoded != null) return Long.parseLong(decoded.trim());
        } catch (NumberFormatException e) {
            throw ErrorCode.INVALID_ARGUMENT.exception("Invalid x-amz-decoded-content-length");
        }
        long cl = rc.exchange.contentLength();
        if (cl >= 0) return cl;
        if (rc.exchange.chunked()) return -1;
        throw ErrorCode.MISSING_CONTENT_LENGTH.exception();
    }

    public Response get(RequestContext rc) { return read(rc, false); }

    public Response head(RequestContext rc) { return read(rc, true); }

    private Response read(RequestContext rc, boolean head) {
        drainEmpty(rc);
        ObjectVersion v = version(rc);
        Integer cond = Conditionals.evaluate(rc.header("If-Match"), rc.header("If-None-Match"),
                rc.header("If-Modified-Since"), rc.header("If-Unmodified-Since"), v.etag(), v.lastModified());
        if (cond != null && cond == 412) throw ErrorCode.PRECONDITION_FAILED.exception();
        if (cond != null && cond == 304) {
            return Response.status(304).header("ETag", v.etag())
                    .header("Last-Modified", Formats.HTTP_DATE.format(v.lastModified())).empty();
        }
        List<Ranges.Range> ranges = head ? null : Ranges.parse(rc.header("Range"), v.size());
        if (ranges != null && ranges.isEmpty()) {
            throw ErrorCode.INVALID_RANGE.exception().header("Content-Range", "bytes */" + v.size());
        }
        var b = Response.status(ranges == null ? 200 : 206);
        ObjectHeaders.describe(b, rc, v);
        if (head) {
            b.header("Content-Length", v.size());
            return b.segments(List.of(), List.of());
        }
        FileChannel ch;
        try {
            ch = objects.open(v);
        } catch (IOException e) {
            throw new IllegalStateException("blob missing for " + v.bucket() + "/" + v.key(), e);
        }
        if (ranges == null) return b.segments(List.of(new Response.FileSegment(ch, 0, v.size())), List.of(ch));
        if (ranges.size() == 1) {
            var r = ranges.get(0);
            b.header("Content-Range", "bytes " + r.start() + "-" + r.end() + "/" + v.size());
            return b.segments(List.of(new Response.FileSegment(ch, r.start(), r.length())), List.of(ch));
        }
        return multipart(b, v, ranges, ch);
    }

    /** multipart/byteranges for several ranges; the object's own Content-Type moves into each part. */
    private static Response multipart(Response.Builder b, ObjectVersion v, List<Ranges.Range> ranges, FileChannel ch) {
        String boundary = Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime());
        List<Response.Segment> parts = new ArrayList<>();
        for (var r : ranges) {
            String head = "\r\n--" + boundary + "\r\nContent-Type: " + v.content().contentType()
                    + "\r\nContent-Range: bytes " + r.start() + "-" + r.end() + "/" + v.size() + "\r\n\r\n";
            parts.add(new Response.ByteSegment(head.getBytes(StandardCharsets.UTF_8)));
            parts.add(new Response.FileSegment(ch, r.start(), r.length()));
        }
        parts.add(new Response.ByteSegment(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8)));
        var built = b.segments(parts, List.of(ch));
        var headers = new ArrayList<Map.Entry<String, String>>();
        for (var e : built.headers()) if (!e.getKey().equalsIgnoreCase("Content-Type")) headers.add(e);
        headers.add(Map.entry("Content-Type", "multipart/byteranges; boundary=" + boundary));
        return new Response(206, headers, built.body());
    }

    public Response delete(RequestContext rc) {
        drainEmpty(rc);
        var replica = io.cosd.api.replication.ReplicaHeaders.of(rc); // issue 8: a replicated delete marker (REP-R3)
        if (replica != null) {
            ObjectVersion m = objects.deleteMarkerReplica(rc.bucket, rc.key(), replica.versionId(), replica.createdAt());
            return Response.status(204).header(rc.out("version-id"), m.versionId()).header(rc.out("delete-marker"), "true").empty();
        }
        ObjectService.Deletion d = objects.delete(rc.bucket, rc.key(), rc.query.get("versionId"));
        var b = Response.status(204);
        if (d.versionId() != null) b.header(rc.out("version-id"), d.versionId());
        if (d.deleteMarker()) b.header(rc.out("delete-marker"), "true");
        return b.empty();
    }

    /**
     * The version a GET/HEAD reads, or the error that answers it (VER-G1..G4): a current delete
     * marker is 404 NoSuchKey with {@code delete-marker: true} and its version id; a delete marker
     * named by id is 404 on COS and 405 MethodNotAllowed on S3; a plain miss says
     * {@code delete-marker: false} (s3-tests check it on HEAD).
     */
    private ObjectVersion version(RequestContext rc) {
        String versionId = rc.query.get("versionId");
        boolean byId = versionId != null && !versionId.isEmpty();
        ObjectVersion v;
        try {
            v = objects.lookup(rc.bucket.name(), rc.key(), versionId);
        } catch (ApiException e) {
            if (e.code() == ErrorCode.NO_SUCH_KEY || e.code() == ErrorCode.NO_SUCH_VERSION) e.header(rc.out("delete-marker"), "false");
            throw e;
        }
        if (!v.deleteMarker()) return v;
        ApiException e = byId && rc.dialect == Dialect.S3
                ? ErrorCode.METHOD_NOT_ALLOWED.exception().header("Last-Modified", Formats.HTTP_DATE.format(v.lastModified()))
                : ErrorCode.NO_SUCH_KEY.exception();
        throw e.header(rc.out("delete-marker"), "true").header(rc.out("version-id"), v.versionId());
    }

    /** VER-I5: the new version's id only when the bucket is Enabled (Suspended writes say nothing). */
    static Response.Builder newVersionHeader(Response.Builder b, RequestContext rc, ObjectVersion v) {
        if (rc.bucket.versioning() == VersioningState.ENABLED) b.header(rc.out("version-id"), v.versionId());
        return b;
    }

    /** Reads the (normally empty) body of a bodiless request so the connection can be reused. */
    static void drainEmpty(RequestContext rc) {
        rc.readSmallBody(64 * 1024, ErrorCode.INVALID_REQUEST);
    }

    /** RFC 7232 §6 evaluation order; dates compare at one-second precision. */
    static final class Conditionals {
        private Conditionals() {}

        /** @return null to proceed, 304 or 412 */
        static Integer evaluate(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince,
                                String etag, Instant lastModified) {
            Instant lm = lastModified.truncatedTo(ChronoUnit.SECONDS);
            if (ifMatch != null) {
                if (!etagMatches(ifMatch, etag)) return 412;
            } else if (ifUnmodifiedSince != null) {
                Instant t = parseDate(ifUnmodifiedSince);
                if (t != null && lm.isAfter(t)) return 412;
            }
            if (ifNoneMatch != null) {
                if (etagMatches(ifNoneMatch, etag)) return 304;
            } else if (ifModifiedSince != null) {
                Instant t = parseDate(ifModifiedSince);
                if (t != null && !lm.isAfter(t)) return 304;
            }
            return null;
        }

        static boolean etagMatches(String header, String etag) {
            String bare = strip(etag);
            for (String candidate : header.split(",")) {
                String c = candidate.trim();
                if (c.equals("*") || strip(c.startsWith("W/") ? c.substring(2) : c).equals(bare)) return true;
            }
            return false;
        }

        private static String strip(String s) {
            return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
        }

        static Instant parseDate(String s) {
            try {
                return ZonedDateTime.parse(s.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                return null; // an unparsable date is ignored, as RFC 7232 requires
            }
        }
    }
}
