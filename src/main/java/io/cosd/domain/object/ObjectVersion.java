package io.cosd.domain.object;

import io.cosd.domain.acl.Acl;
import io.cosd.domain.lock.ObjectLock;

import io.cosd.domain.replication.ReplicationStatus;

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
 * @param replicationStatus null when no replication rule selected the version (REP-S1)
 * @param noncurrentSince when a newer version became current; null while latest
 * @param crc64           CRC-64/ECMA-182 of the bytes ({@link Crc64}); null when unknown (versions
 *                        written before it was computed, multipart objects with such a part, delete markers)
 * @param damage          why the scrubber found this version's bytes damaged (missing or short blob,
 *                        CRC64 or MD5 mismatch); null when never found damaged. A damaged version is
 *                        not served (docs/storage.md "Read integrity and scrubbing")
 * @param checksum        the S3 additional checksum stored with the version (docs/checksums.md); null: none
 * @param lock            the version's retention and legal hold (docs/object-lock.md, LOCK-4); never null
 * @param encryption      how the bytes are encrypted at rest (docs/encryption.md); null: in the clear
 */
public record ObjectVersion(
        String bucket, String key, String versionId, long seq, boolean latest, boolean deleteMarker,
        long size, String etag, StorageClass storageClass, ContentHeaders content,
        Map<String, String> userMetadata, Map<String, String> tags, ReplicationStatus replicationStatus,
        String blobId, int partsCount, Instant lastModified, Instant noncurrentSince, Long crc64, String damage, Acl acl,
        ObjectChecksum checksum, ObjectLock lock, io.cosd.domain.crypto.Encryption encryption) {

    public static final String NULL_VERSION = "null";

    public ObjectVersion {
        userMetadata = userMetadata == null ? Map.of() : userMetadata;
        tags = tags == null ? Map.of() : tags;
        lock = lock == null ? ObjectLock.NONE : lock;
    }

    /**
     * A version built by name rather than by 19 positions. Defaults: version id {@code "null"}, not
     * latest, not a marker, size 0, STANDARD, no metadata or tags, no replication status, blob, CRC64
     * or damage; the store assigns {@code seq} and {@code latest} when it writes a draft.
     */
    public static Builder builder(String bucket, String key) { return new Builder(bucket, key); }

    /** A builder holding every field of this version, to change a few. */
    public Builder toBuilder() {
        return new Builder(bucket, key).versionId(versionId).seq(seq).latest(latest).deleteMarker(deleteMarker)
                .size(size).etag(etag).storageClass(storageClass).content(content).userMetadata(userMetadata).tags(tags)
                .replicationStatus(replicationStatus).blobId(blobId).partsCount(partsCount).lastModified(lastModified)
                .noncurrentSince(noncurrentSince).crc64(crc64).damage(damage).acl(acl).checksum(checksum).lock(lock).encryption(encryption);
    }

    /** The same version with its bytes in {@code blobId} as one blob (e.g. an archived version's restored copy). */
    public ObjectVersion withBlob(String blobId) {
        return toBuilder().blobId(blobId).partsCount(0).build();
    }

    /** Fluent construction of an {@link ObjectVersion}; see {@link #builder}. */
    public static final class Builder {
        private final String bucket;
        private final String key;
        private String versionId = NULL_VERSION;
        private long seq;
        private boolean latest;
        private boolean deleteMarker;
        private long size;
        private String etag;
        private StorageClass storageClass = StorageClass.STANDARD;
        private ContentHeaders content;
        private Map<String, String> userMetadata = Map.of();
        private Map<String, String> tags = Map.of();
        private ReplicationStatus replicationStatus;
        private String blobId;
        private int partsCount;
        private Instant lastModified;
        private Instant noncurrentSince;
        private Long crc64;
        private String damage;
        private Acl acl;
        private ObjectChecksum checksum;
        private ObjectLock lock = ObjectLock.NONE;
        private io.cosd.domain.crypto.Encryption encryption;

        private Builder(String bucket, String key) {
            this.bucket = bucket;
            this.key = key;
        }

        public Builder versionId(String v) { versionId = v; return this; }
        public Builder seq(long v) { seq = v; return this; }
        public Builder latest(boolean v) { latest = v; return this; }
        public Builder deleteMarker(boolean v) { deleteMarker = v; return this; }
        public Builder size(long v) { size = v; return this; }
        public Builder etag(String v) { etag = v; return this; }
        public Builder storageClass(StorageClass v) { storageClass = v; return this; }
        public Builder content(ContentHeaders v) { content = v; return this; }
        public Builder userMetadata(Map<String, String> v) { userMetadata = v; return this; }
        public Builder tags(Map<String, String> v) { tags = v; return this; }
        public Builder replicationStatus(ReplicationStatus v) { replicationStatus = v; return this; }
        public Builder blobId(String v) { blobId = v; return this; }
        public Builder partsCount(int v) { partsCount = v; return this; }
        public Builder lastModified(Instant v) { lastModified = v; return this; }
        public Builder noncurrentSince(Instant v) { noncurrentSince = v; return this; }
        public Builder crc64(Long v) { crc64 = v; return this; }
        public Builder damage(String v) { damage = v; return this; }
        /** The version's own ACL; null: none of its own, private to the bucket owner (ACL-C2; COS {@code default} is stored as {@link io.cosd.domain.acl.Acl#cosDefault}). */
        public Builder acl(Acl v) { acl = v; return this; }
        /** The S3 additional checksum (docs/checksums.md); null: none. */
        public Builder checksum(ObjectChecksum v) { checksum = v; return this; }

        /** The version's retention and legal hold (LOCK-4); default none. */
        public Builder lock(ObjectLock v) { lock = v; return this; }

        /** How the bytes are encrypted at rest (docs/encryption.md); null: in the clear. */
        public Builder encryption(io.cosd.domain.crypto.Encryption v) { encryption = v; return this; }

        public ObjectVersion build() {
            return new ObjectVersion(bucket, key, versionId, seq, latest, deleteMarker, size, etag, storageClass, content,
                    userMetadata, tags, replicationStatus, blobId, partsCount, lastModified, noncurrentSince, crc64, damage, acl, checksum, lock,
                    encryption);
        }
    }
}
