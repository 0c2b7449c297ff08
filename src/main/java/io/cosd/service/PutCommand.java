package io.cosd.service;

import io.cosd.domain.acl.Acl;

import io.cosd.domain.object.ChecksumAlgorithm;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.StorageClass;

import java.util.Map;

/**
 * A new object's attributes.
 *
 * @param expectedLength declared body length, or -1 when unknown (chunked)
 * @param contentMd5     decoded Content-MD5 (16 bytes) or null
 * @param acl            the new version's own ACL, or null: none of its own, private (ACL-C2)
 * @param checksum       the additional checksum to compute while the body streams and store with the version
 *                       (docs/checksums.md, OBJ-K2); null: none
 */
public record PutCommand(String bucket, String key, long expectedLength, byte[] contentMd5, StorageClass storageClass,
                         ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags, Acl acl,
                         ChecksumAlgorithm checksum) {
    public PutCommand(String bucket, String key, long expectedLength, byte[] contentMd5, StorageClass storageClass,
                      ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags, Acl acl) {
        this(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, acl, null);
    }

    public PutCommand(String bucket, String key, long expectedLength, byte[] contentMd5, StorageClass storageClass,
                      ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags) {
        this(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, null, null);
    }

    public PutCommand withAcl(Acl newAcl) {
        return new PutCommand(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, newAcl, checksum);
    }

    public PutCommand withChecksum(ChecksumAlgorithm algorithm) {
        return new PutCommand(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, acl, algorithm);
    }
}
