package io.cosd.domain.object;

import java.time.Instant;
import java.util.Map;

/**
 * One version of an object (or a delete marker). Unversioned buckets keep exactly one version per
 * key with {@code versionId == "null"}.
 *
 * @param seq             store-assigned, increases with every write in a bucket; orders versions newest first
 * @param blobId          id of the blob holding the bytes; null for delete markers and for completed
 *                        multipart versions, whose bytes are their parts' blobs in order (UploadRepository)
 * @param partsCount      number of parts of a completed multipart version; 0 otherwise
 * @param userMetadata    user metadata keys without prefix (lower case), e.g. {@code author}
 * @param tags            object tags of this version (insertion order kept)
 * @param replicationStatus null, PENDING, COMPLETED, FAILED or REPLICA
 * @param noncurrentSince when a newer version became current; null while latest
 * @param crc64           CRC-64/ECMA-182 of the bytes ({@link Crc64}); null when unknown (versions
 *                        written before it was computed, multipart objects with such a part, delete markers)
 * @param damage          why the scrubber found this version's bytes damaged (missing or short blob,
 *                        CRC64 or MD5 mismatch); null when never found damaged. A damaged version is
 *                        not served (docs/storage.md "Read integrity and scrubbing")
 */
public record ObjectVersion(
        String bucket, String key, String versionId, long seq, boolean latest, boolean deleteMarker,
        long size, String etag, StorageClass storageClass, ContentHeaders content,
        Map<String, String> userMetadata, Map<String, String> tags, String replicationStatus,
        String blobId, int partsCount, Instant lastModified, Instant noncurrentSince, Long crc64, String damage) {

    public static final String NULL_VERSION = "null";

    public ObjectVersion {
        userMetadata = userMetadata == null ? Map.of() : userMetadata;
        tags = tags == null ? Map.of() : tags;
    }

    /** Not marked damaged: every new version, and code that predates the scrubber. */
    public ObjectVersion(String bucket, String key, String versionId, long seq, boolean latest, boolean deleteMarker,
                         long size, String etag, StorageClass storageClass, ContentHeaders content,
                         Map<String, String> userMetadata, Map<String, String> tags, String replicationStatus,
                         String blobId, int partsCount, Instant lastModified, Instant noncurrentSince, Long crc64) {
        this(bucket, key, versionId, seq, latest, deleteMarker, size, etag, storageClass, content, userMetadata, tags,
                replicationStatus, blobId, partsCount, lastModified, noncurrentSince, crc64, null);
    }

    /** Without a CRC64 (delete markers, tests, code that predates it). */
    public ObjectVersion(String bucket, String key, String versionId, long seq, boolean latest, boolean deleteMarker,
                         long size, String etag, StorageClass storageClass, ContentHeaders content,
                         Map<String, String> userMetadata, Map<String, String> tags, String replicationStatus,
                         String blobId, int partsCount, Instant lastModified, Instant noncurrentSince) {
        this(bucket, key, versionId, seq, latest, deleteMarker, size, etag, storageClass, content, userMetadata, tags,
                replicationStatus, blobId, partsCount, lastModified, noncurrentSince, null);
    }

    /** The same version with its bytes in {@code blobId} as one blob (e.g. an archived version's restored copy). */
    public ObjectVersion withBlob(String blobId) {
        return new ObjectVersion(bucket, key, versionId, seq, latest, deleteMarker, size, etag, storageClass, content,
                userMetadata, tags, replicationStatus, blobId, 0, lastModified, noncurrentSince, crc64, damage);
    }
}
