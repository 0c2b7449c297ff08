package io.cosd.api.object;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import io.cosd.api.core.ChecksumHeaders;
import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.domain.object.ChecksumAlgorithm;
import io.cosd.domain.object.ObjectChecksum;

import java.util.Locale;

/**
 * S3 additional checksums on the wire (docs/checksums.md): which algorithm a write asks to store
 * (OBJ-K2), the {@code x-amz-checksum-<alg>} and {@code x-amz-checksum-type} response headers (OBJ-K3),
 * and the {@code <ChecksumCRC32>…<ChecksumType>} elements of S3's documents. The values a request
 * sends were verified against the body before it is stored (api/core/ChecksumHeaders, the aws-chunked trailer).
 */
final class ChecksumWire {
    private ChecksumWire() {}

    /**
     * OBJ-K2: the algorithm whose checksum a PutObject or UploadPart computes and stores: the one its
     * {@code x-amz-checksum-<alg>} header names (only one may be sent), else the one its
     * {@code x-amz-trailer} announces, else none. {@code x-amz-sdk-checksum-algorithm} must name the same
     * one and cannot stand alone. S3's wording for each refusal.
     */
    static ChecksumAlgorithm requested(Request rc) {
        Value v = valueHeader(rc);
        ChecksumAlgorithm named = v == null ? null : v.algorithm();
        String trailer = rc.header("x-amz-trailer");
        if (named == null && trailer != null && trailer.trim().toLowerCase(Locale.ROOT).startsWith("x-amz-checksum-")) {
            named = ChecksumAlgorithm.parse(trailer.trim().substring(15)).orElse(null);
        }
        String sdk = rc.header("x-amz-sdk-checksum-algorithm");
        if (sdk != null) {
            ChecksumAlgorithm a = ChecksumAlgorithm.parse(sdk).orElseThrow(() -> ErrorCode.INVALID_REQUEST.exception(
                    "Value for x-amz-sdk-checksum-algorithm header is invalid."));
            if (named == null) {
                throw ErrorCode.INVALID_REQUEST.exception("x-amz-sdk-checksum-algorithm specified, but no corresponding "
                        + "x-amz-checksum-* or x-amz-trailer headers were found.");
            }
            if (a != named) throw ErrorCode.INVALID_REQUEST.exception("Value for x-amz-sdk-checksum-algorithm header is invalid.");
        }
        return named;
    }

    /**
     * The bytes the value header sent (null: none), for PutObject and UploadPart to check in the storing pass,
     * before the commit (RequestGuard leaves those two bodies unwrapped); InvalidRequest before any body byte
     * when malformed.
     */
    static byte[] headerValue(Request rc) {
        Value v = valueHeader(rc);
        return v == null ? null : ChecksumHeaders.value(v.algorithm(), v.value());
    }

    /** A checksum value header: its algorithm and value as sent. */
    record Value(ChecksumAlgorithm algorithm, String value) {}

    /** The request's one {@code x-amz-checksum-<alg>} value header, or null; more than one is 400 InvalidRequest (S3). */
    static Value valueHeader(Request rc) {
        Value found = null;
        for (var e : rc.headers().entries()) {
            String raw = e.getKey();
            if (raw.length() < 16 || !raw.regionMatches(true, 0, "x-amz-checksum-", 0, 15)) continue;
            ChecksumAlgorithm a = ChecksumAlgorithm.parse(raw.substring(15)).orElse(null);
            if (a == null) continue; // -mode, -type, -algorithm: not values
            if (found != null) {
                throw ErrorCode.INVALID_REQUEST.exception("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
            }
            found = new Value(a, e.getValue());
        }
        return found;
    }

    /** {@code x-amz-checksum-algorithm} (CreateMultipartUpload, CopyObject): the algorithm, or null when absent. */
    static ChecksumAlgorithm algorithmHeader(Request rc) {
        String v = rc.header("x-amz-checksum-algorithm");
        if (v == null) return null;
        return ChecksumAlgorithm.parse(v).orElseThrow(() -> ErrorCode.INVALID_REQUEST.exception(
                "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"));
    }

    /** OBJ-K3: whether a GET or HEAD asked for the stored checksum ({@code x-amz-checksum-mode: ENABLED}). */
    static boolean modeEnabled(Request rc) {
        String m = rc.header("x-amz-checksum-mode");
        return m != null && m.trim().equalsIgnoreCase("ENABLED");
    }

    /** {@code x-amz-checksum-<alg>: <value>} and {@code x-amz-checksum-type}; nothing for null. */
    static Response.Builder headers(Response.Builder b, ObjectChecksum c) {
        if (c == null) return b;
        return headers(b, c.algorithm(), c.wire(), c.type());
    }

    static Response.Builder headers(Response.Builder b, ChecksumAlgorithm alg, String value, ObjectChecksum.Type type) {
        return b.header(alg.header(), value).header("x-amz-checksum-type", type.name());
    }

    /** The elements S3 puts in its documents, only the one of the stored algorithm set. */
    @JsonPropertyOrder({"ChecksumCRC32", "ChecksumCRC32C", "ChecksumCRC64NVME", "ChecksumSHA1", "ChecksumSHA256", "ChecksumType"})
    record Values(@JacksonXmlProperty(localName = "ChecksumCRC32") String crc32,
                  @JacksonXmlProperty(localName = "ChecksumCRC32C") String crc32c,
                  @JacksonXmlProperty(localName = "ChecksumCRC64NVME") String crc64nvme,
                  @JacksonXmlProperty(localName = "ChecksumSHA1") String sha1,
                  @JacksonXmlProperty(localName = "ChecksumSHA256") String sha256,
                  @JacksonXmlProperty(localName = "ChecksumType") String type) {
        /** The elements for {@code c} (null: none); {@code withType} false for a part, whose type is its upload's. */
        static Values of(ObjectChecksum c, boolean withType) {
            if (c == null) return null;
            return of(c.algorithm(), c.wire(), withType ? c.type() : null);
        }

        static Values of(ChecksumAlgorithm alg, String value, ObjectChecksum.Type type) {
            return new Values(alg == ChecksumAlgorithm.CRC32 ? value : null, alg == ChecksumAlgorithm.CRC32C ? value : null,
                    alg == ChecksumAlgorithm.CRC64NVME ? value : null, alg == ChecksumAlgorithm.SHA1 ? value : null,
                    alg == ChecksumAlgorithm.SHA256 ? value : null, type == null ? null : type.name());
        }
    }
}
