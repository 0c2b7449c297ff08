package io.cosd.api.object;

import io.cosd.api.lock.LockHeaders;
import io.cosd.api.core.HttpDates;
import io.cosd.api.core.Request;
import io.cosd.api.dialect.Dialect;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.HeaderValues;
import io.cosd.api.http.Response;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.Crc64;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.replication.ReplicationStatus;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Request headers → object attributes, and object attributes → response headers. */
final class ObjectHeaders {
    /** A hot object's Last-Modified is formatted once, not per GET. */
    private static final HttpDates LAST_MODIFIED = new HttpDates();

    private ObjectHeaders() {}

    static ContentHeaders content(Request rc) {
        String ct = rc.header("Content-Type");
        return new ContentHeaders(ct == null || ct.isBlank() ? ContentHeaders.DEFAULT_CONTENT_TYPE : ct.trim(),
                rc.header("Cache-Control"), rc.header("Content-Disposition"), storedEncoding(rc.header("Content-Encoding")),
                rc.header("Content-Language"), rc.header("Expires"));
    }

    /**
     * The Content-Encoding an object keeps: the request's without {@code aws-chunked}, which only says
     * how this request's body is framed (SigV4 streaming, docs/signing.md) and is gone once the body
     * is decoded. S3 stores {@code aws-chunked,gzip} as {@code gzip} and {@code aws-chunked} alone as
     * none; storing it made every later GET claim an encoding its bytes do not have.
     */
    static String storedEncoding(String header) {
        if (header == null) return null;
        StringBuilder kept = new StringBuilder();
        boolean chunked = false;
        for (String token : header.split(",")) {
            String t = token.trim();
            if (t.equalsIgnoreCase("aws-chunked")) chunked = true;
            if (t.isEmpty() || t.equalsIgnoreCase("aws-chunked")) continue;
            if (!kept.isEmpty()) kept.append(',');
            kept.append(t);
        }
        if (!chunked) return header; // stored exactly as sent
        return kept.isEmpty() ? null : kept.toString();
    }

    /** {@code x-cos-meta-*} and {@code x-amz-meta-*}, keys lower-cased without the prefix. */
    static Map<String, String> userMetadata(Request rc) {
        Map<String, String> m = new LinkedHashMap<>();
        for (var e : rc.headers().entries()) {
            String k = e.getKey().toLowerCase(Locale.ROOT);
            if (k.startsWith("x-cos-meta-") || k.startsWith("x-amz-meta-")) m.put(k.substring(11), e.getValue().trim());
        }
        return m;
    }

    static StorageClass storageClass(Request rc) {
        String v = rc.dialectHeader("storage-class");
        if (v == null || v.isBlank()) return StorageClass.STANDARD;
        return StorageClass.parse(v).orElseThrow(ErrorCode.INVALID_STORAGE_CLASS::exception);
    }

    /**
     * {@code x-cos-tagging} / {@code x-amz-tagging}: URL-encoded {@code k1=v1&k2=v2} (form encoding,
     * as the SDKs produce it), validated by the same rules as PUT ?tagging. Absent: no tags.
     */
    static Map<String, String> tags(Request rc) {
        return TaggingHeader.parse(rc.dialectHeader("tagging"));
    }

    /** COS sends Copy/Replaced, S3 COPY/REPLACE (metadata and tagging directives); else InvalidArgument. */
    static boolean isReplace(String directive, String what) {
        if (directive == null) return false;
        return switch (directive.trim().toUpperCase(Locale.ROOT)) {
            case "COPY" -> false;
            case "REPLACE", "REPLACED" -> true;
            default -> throw ErrorCode.INVALID_ARGUMENT.exception("Unknown " + what + " directive.");
        };
    }

    /** Headers describing a stored version on GET/HEAD. */
    static void describe(Response.Builder b, Request rc, ObjectVersion v) {
        ContentHeaders c = v.content();
        b.header("ETag", v.etag())
                .header("Last-Modified", LAST_MODIFIED.format(v.lastModified()))
                .header("Accept-Ranges", "bytes")
                .header("Content-Type", override(rc, "response-content-type", c.contentType()))
                .header("Cache-Control", override(rc, "response-cache-control", c.cacheControl()))
                .header("Content-Disposition", override(rc, "response-content-disposition", c.contentDisposition()))
                .header("Content-Encoding", override(rc, "response-content-encoding", c.contentEncoding()))
                .header("Content-Language", override(rc, "response-content-language", c.contentLanguage()))
                .header("Expires", override(rc, "response-expires", c.expires()));
        LockHeaders.write(b, rc, v); // LOCK-9
        String metaPrefix = rc.out("meta-");
        // HV-3 (docs/unbuilt.md): request headers are sendable by construction (Netty validates them on the
        // way in), but a value stored some other way that is not is left out rather than hang the response.
        v.userMetadata().forEach((k, val) -> { if (HeaderValues.sendable(val)) b.header(metaPrefix + k, val); });
        // COS omits the storage class header for STANDARD (docs/spec/protocol.md §5.8).
        if (v.storageClass() != StorageClass.STANDARD) b.header(rc.out("storage-class"), v.storageClass().name());
        if (!v.tags().isEmpty()) b.header(rc.out("tagging-count"), v.tags().size());
        if (v.replicationStatus() != null) b.header(rc.out("replication-status"), replicationStatus(rc, v.replicationStatus()));
        crc64(b, rc, v.crc64()); // the whole object's value, also on a ranged or partNumber read (as COS)
        // VER-I6: once a bucket has been versioned, reads name the version ("null" included).
        if (rc.bucket().versioning() != VersioningState.UNVERSIONED) b.header(rc.out("version-id"), v.versionId());
    }

    /**
     * {@code x-cos-hash-crc64ecma} (unsigned decimal CRC-64/ECMA-182) when the object or part has one.
     * COS dialect only: S3 has no such header and its own checksum scheme, so nothing is invented there.
     */
    static Response.Builder crc64(Response.Builder b, Request rc, Long crc64) {
        String v = crc64Value(rc, crc64);
        if (v != null) b.header("x-cos-hash-crc64ecma", v);
        return b;
    }

    /** The CRC64 as COS writes it in headers and {@code <CRC64>} elements; null: none, or the S3 dialect. */
    static String crc64Value(Request rc, Long crc64) {
        return crc64 == null || rc.dialect() != Dialect.COS ? null : Crc64.toString(crc64);
    }

    /** REP-S1: COS shows a replica as {@code Replica} (as captured from real COS), S3 as {@code REPLICA}. */
    static String replicationStatus(Request rc, ReplicationStatus stored) {
        return stored == ReplicationStatus.REPLICA && rc.dialect() == Dialect.COS
                ? "Replica" : stored.name();
    }

    /** An override was checked at input (HV-1, RequestGuard); a stored value that cannot be sent is left out (HV-3). */
    private static String override(Request rc, String param, String stored) {
        String o = rc.query().nonEmpty(param);
        if (o != null) return o;
        return HeaderValues.sendable(stored) ? stored : null;
    }
}
