package io.cosd.domain.object;

import io.cosd.domain.acl.Acl;

import java.time.Instant;
import java.util.Map;

/**
 * An in-progress multipart upload. The attributes given at initiation (storage class, content
 * headers, user metadata, tags) are applied to the object that completing it creates.
 *
 * @param initiatorUin uin of the principal that initiated it (null: anonymous)
 * @param acl          the completed object's own ACL, null: none of its own, private (docs/acl.md, ACL-C2)
 * @param encryption   the mode and wrapped data key every part is encrypted with and the object gets (SSE-14); null: in the clear
 */
public record MultipartUpload(String uploadId, String bucket, String key, Instant initiated, StorageClass storageClass,
                              ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags,
                              String initiatorUin, Acl acl, io.cosd.domain.crypto.Encryption encryption) {
    public MultipartUpload(String uploadId, String bucket, String key, Instant initiated, StorageClass storageClass,
                           ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags, String initiatorUin, Acl acl) {
        this(uploadId, bucket, key, initiated, storageClass, content, userMetadata, tags, initiatorUin, acl, null);
    }

    public MultipartUpload(String uploadId, String bucket, String key, Instant initiated, StorageClass storageClass,
                           ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags, String initiatorUin) {
        this(uploadId, bucket, key, initiated, storageClass, content, userMetadata, tags, initiatorUin, null, null);
    }

    public MultipartUpload {
        userMetadata = userMetadata == null ? Map.of() : userMetadata;
        tags = tags == null ? Map.of() : tags;
    }
}
