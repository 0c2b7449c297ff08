package io.cosd.service;

import io.cosd.domain.acl.Acl;
import io.cosd.domain.crypto.EncryptionRequest;

import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.StorageClass;

import java.util.Map;

/**
 * A new object's attributes.
 *
 * @param expectedLength declared body length, or -1 when unknown (chunked)
 * @param contentMd5     decoded Content-MD5 (16 bytes) or null
 * @param acl            the new version's own ACL, or null: none of its own, private (ACL-C2)
 * @param sse            how the new version is encrypted at rest (docs/encryption.md), or null: in the clear
 */
public record PutCommand(String bucket, String key, long expectedLength, byte[] contentMd5, StorageClass storageClass,
                         ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags, Acl acl,
                         EncryptionRequest sse) {
    public PutCommand(String bucket, String key, long expectedLength, byte[] contentMd5, StorageClass storageClass,
                      ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags, Acl acl) {
        this(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, acl, null);
    }

    public PutCommand(String bucket, String key, long expectedLength, byte[] contentMd5, StorageClass storageClass,
                      ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags) {
        this(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, null, null);
    }

    public PutCommand withAcl(Acl newAcl) {
        return new PutCommand(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, newAcl, sse);
    }

    /** The same command, encrypted at rest as {@code ask} says (null: in the clear). */
    public PutCommand withSse(EncryptionRequest ask) {
        return new PutCommand(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, acl, ask);
    }
}
