package io.cosd.domain.object;

import io.cosd.domain.acl.Acl;
import io.cosd.domain.lock.ObjectLock;

import java.time.Instant;
import java.util.Map;

/**
 * An in-progress multipart upload. The attributes given at initiation (storage class, content
 * headers, user metadata, tags) are applied to the object that completing it creates.
 *
 * @param initiatorUin uin of the principal that initiated it (null: anonymous)
 * @param acl          the completed object's own ACL, null: none of its own, private (docs/acl.md, ACL-C2)
 * @param checksumAlgorithm the additional checksum every part has and the object gets (docs/checksums.md, OBJ-K5); null: none
 * @param checksumType      COMPOSITE or FULL_OBJECT, with an algorithm only
 * @param lock              the retention and legal hold asked at initiation (LOCK-2), applied at completion; never null
 * @param encryption        the mode and wrapped data key every part is encrypted with and the object gets (SSE-14); null: in the clear
 */
public record MultipartUpload(String uploadId, String bucket, String key, Instant initiated, StorageClass storageClass,
                              ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags,
                              String initiatorUin, Acl acl, ChecksumAlgorithm checksumAlgorithm, ObjectChecksum.Type checksumType,
                              ObjectLock lock, io.cosd.domain.crypto.Encryption encryption) {
    public MultipartUpload(String uploadId, String bucket, String key, Instant initiated, StorageClass storageClass,
                           ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags, String initiatorUin, Acl acl) {
        this(uploadId, bucket, key, initiated, storageClass, content, userMetadata, tags, initiatorUin, acl, null, null, ObjectLock.NONE, null);
    }

    public MultipartUpload(String uploadId, String bucket, String key, Instant initiated, StorageClass storageClass,
                           ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags, String initiatorUin) {
        this(uploadId, bucket, key, initiated, storageClass, content, userMetadata, tags, initiatorUin, null, null, null, ObjectLock.NONE, null);
    }

    public MultipartUpload(String uploadId, String bucket, String key, Instant initiated, StorageClass storageClass,
                           ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags, String initiatorUin, Acl acl,
                           ChecksumAlgorithm checksumAlgorithm, ObjectChecksum.Type checksumType) {
        this(uploadId, bucket, key, initiated, storageClass, content, userMetadata, tags, initiatorUin, acl, checksumAlgorithm, checksumType,
                ObjectLock.NONE, null);
    }

    public MultipartUpload {
        userMetadata = userMetadata == null ? Map.of() : userMetadata;
        tags = tags == null ? Map.of() : tags;
        lock = lock == null ? ObjectLock.NONE : lock;
    }
}
