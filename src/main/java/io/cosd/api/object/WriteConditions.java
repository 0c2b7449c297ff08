package io.cosd.api.object;

import io.cosd.api.error.ErrorCode;
import io.cosd.domain.object.DeleteCondition;
import io.cosd.domain.object.WriteCondition;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads the preconditions of conditional writes and deletes from the request (docs/spec/semantics.md
 * §2.8). Pure: header or element values in, a domain condition or the wire error out; tested as a
 * table ({@code WriteConditionsTest}). A value cosd would not evaluate exactly as S3 does is refused,
 * never ignored (UB-1).
 */
final class WriteConditions {
    private WriteConditions() {}

    /**
     * PutObject, CopyObject (the destination) and CompleteMultipartUpload (OBJ-CW1): {@code If-None-Match}
     * takes only {@code *}; any other value, or both headers together, is {@code 501 NotImplemented}
     * as on S3. {@code If-Match} takes an ETag (or a list, or {@code *}: any current object).
     */
    static WriteCondition write(String ifNoneMatch, String ifMatch) {
        if (ifNoneMatch == null && ifMatch == null) return WriteCondition.NONE;
        if (ifNoneMatch != null && ifMatch != null) {
            throw ErrorCode.NOT_IMPLEMENTED.exception("A header you provided implies functionality that is not implemented: "
                    + "If-Match with If-None-Match (see docs/spec/semantics.md OBJ-CW1).");
        }
        if (ifNoneMatch != null) {
            if (!ifNoneMatch.trim().equals("*")) {
                throw ErrorCode.NOT_IMPLEMENTED.exception("A header you provided implies functionality that is not implemented: "
                        + "If-None-Match other than * (see docs/spec/semantics.md OBJ-CW1).");
            }
            return new WriteCondition(true, null, null);
        }
        return new WriteCondition(false, ifMatch.trim(), null);
    }

    /**
     * DeleteObject (OBJ-CD1): {@code If-Match}, {@code x-amz-if-match-last-modified-time} (an HTTP
     * date, or ISO 8601) and {@code x-amz-if-match-size} (bytes). A value that is not a date or a
     * size is {@code 400 InvalidArgument}.
     */
    static DeleteCondition delete(String ifMatch, String lastModifiedTime, String size) {
        if (ifMatch == null && lastModifiedTime == null && size == null) return DeleteCondition.NONE;
        return new DeleteCondition(ifMatch == null ? null : ifMatch.trim(),
                lastModifiedTime == null ? null : time(lastModifiedTime, "x-amz-if-match-last-modified-time"),
                size == null ? null : size(size, "x-amz-if-match-size"));
    }

    /** A DeleteObjects entry's {@code ETag}, {@code LastModifiedTime} and {@code Size} elements (OBJ-CD1). */
    static DeleteCondition entry(String etag, String lastModifiedTime, String size) {
        if (etag == null && lastModifiedTime == null && size == null) return DeleteCondition.NONE;
        return new DeleteCondition(etag == null ? null : etag.trim(),
                lastModifiedTime == null ? null : time(lastModifiedTime, "LastModifiedTime"),
                size == null ? null : size(size, "Size"));
    }

    private static Instant time(String value, String name) {
        String v = value.trim();
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e2) {
                throw ErrorCode.INVALID_ARGUMENT.exception("Invalid " + name + ": " + v);
            }
        }
    }

    private static long size(String value, String name) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= 0) return n;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ErrorCode.INVALID_ARGUMENT.exception("Invalid " + name + ": " + value.trim());
    }
}
