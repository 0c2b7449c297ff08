package io.cosd.domain.object;

import java.time.Instant;

/**
 * One part: of an in-progress upload, or of a completed multipart object (then {@code lastModified}
 * may be null). Each part keeps its own blob.
 *
 * @param etag     quoted hex MD5 of the part's bytes, e.g. {@code "9e107d9d372bb6826bd81d3542a419d6"}
 * @param crc64    CRC-64/ECMA-182 of the part's bytes ({@link Crc64}); null for parts stored before it was computed
 * @param checksum the part's S3 additional checksum (FULL_OBJECT over its bytes, docs/checksums.md); null: none
 */
public record UploadedPart(int partNumber, long size, String etag, String blobId, Instant lastModified, Long crc64,
                           ObjectChecksum checksum) {
    /** Without an additional checksum. */
    public UploadedPart(int partNumber, long size, String etag, String blobId, Instant lastModified, Long crc64) {
        this(partNumber, size, etag, blobId, lastModified, crc64, null);
    }

    /** Without a CRC64. */
    public UploadedPart(int partNumber, long size, String etag, String blobId, Instant lastModified) {
        this(partNumber, size, etag, blobId, lastModified, null, null);
    }
}
