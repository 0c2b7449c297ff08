package io.cosd.api.object;

import io.cosd.api.Formats;
import io.cosd.api.Limits;
import io.cosd.api.RequestContext;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.service.ObjectService;
import io.cosd.service.PutCommand;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

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
                ObjectHeaders.storageClass(rc), ObjectHeaders.content(rc), ObjectHeaders.userMetadata(rc), Map.of());
        ObjectVersion v = objects.put(rc.bucket, cmd, rc.body);
        return Response.status(200).header("ETag", v.etag()).empty();
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

    /** Reads of a version replaced mid-request (its parts or blob released) start over, this often. */
    private static final int READ_ATTEMPTS = 3;

    private Response read(RequestContext rc, boolean head) {
        drainEmpty(rc);
        for (int attempt = 1; ; attempt++) {
            ObjectVersion v = objects.current(rc.bucket.name(), rc.key()).orElseThrow(ErrorCode.NO_SUCH_KEY::exception);
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
            var layout = objects.layout(v);
            try {
                if (layout.isPresent()) return Bodies.of(b, v, layout.get(), ranges, objects::open);
            } catch (NoSuchFileException e) {
                // released by a replacing write between our metadata read and the open: read again
            } catch (IOException e) {
                throw new IllegalStateException("cannot open blob of " + v.bucket() + "/" + v.key(), e);
            }
            if (attempt == READ_ATTEMPTS) throw new IllegalStateException("object keeps changing: " + v.bucket() + "/" + v.key());
        }
    }

    public Response delete(RequestContext rc) {
        drainEmpty(rc);
        objects.delete(rc.bucket, rc.key());
        return Response.status(204).empty();
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
