package io.cosd.api.object;

import io.cosd.domain.object.ETags;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Read preconditions (RFC 7232): {@code If-Match}, {@code If-None-Match}, {@code If-Modified-Since}
 * and {@code If-Unmodified-Since} on GET and HEAD (one evaluation for both, before the body is
 * chosen), and the same four as {@code x-{cos,amz}-copy-source-if-*} on a copy source. Evaluated in
 * RFC 7232 §6 order; dates compare at one-second precision, since Last-Modified is sent in seconds.
 * Pure: the caller supplies the headers and the version's ETag and modification time.
 */
final class Conditionals {
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

    /**
     * The copy-source conditions of a copy or part copy: a copy has no "not modified" answer, so what
     * would be a GET's 304 refuses the copy with 412 as well (COS PUT Object - Copy, S3 CopyObject).
     */
    static boolean copySourceFails(String ifMatch, String ifNoneMatch, String ifModifiedSince, String ifUnmodifiedSince,
                                   String etag, Instant lastModified) {
        return evaluate(ifMatch, ifNoneMatch, ifModifiedSince, ifUnmodifiedSince, etag, lastModified) != null;
    }

    /**
     * A comma-separated list of entity tags, or {@code *}; quotes are optional. A {@code W/} prefix is
     * dropped for both headers: the weak comparison, also for If-Match, where RFC 7232 §3.1 asks for
     * the strong one (stored ETags are never weak, so only a client's {@code W/} copy is affected).
     */
    static boolean etagMatches(String header, String etag) {
        return ETags.matches(header, etag); // the one comparison, shared with the write conditions (OBJ-CW1)
    }


    static Instant parseDate(String s) {
        try {
            return ZonedDateTime.parse(s.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null; // an unparsable date is ignored, as RFC 7232 requires
        }
    }
}
