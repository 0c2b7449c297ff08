package io.cosd.domain.object;

import java.time.Instant;
import java.util.Map;

/**
 * An in-progress multipart upload. The attributes given at initiation (storage class, content
 * headers, user metadata, tags) are applied to the object that completing it creates.
 *
 * @param initiatorUin uin of the principal that initiated it (null: anonymous)
 */
public record MultipartUpload(String uploadId, String bucket, String key, Instant initiated, StorageClass storageClass,
                              ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags,
                              String initiatorUin) {
    public MultipartUpload {
        userMetadata = userMetadata == null ? Map.of() : userMetadata;
        tags = tags == null ? Map.of() : tags;
    }
}
