package io.cosd.service;

import io.cosd.domain.acl.Acl;
import io.cosd.domain.lock.ObjectLock;

import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.StorageClass;

import java.util.Map;

/**
 * A new object's attributes.
 *
 * @param expectedLength declared body length, or -1 when unknown (chunked)
 * @param contentMd5     decoded Content-MD5 (16 bytes) or null
 * @param acl            the new version's own ACL, or null: none of its own, private (ACL-C2)
 * @param lock           the retention and legal hold the request asked for (LOCK-2); never null
 */
public record PutCommand(String bucket, String key, long expectedLength, byte[] contentMd5, StorageClass storageClass,
                         ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags, Acl acl,
                         ObjectLock lock) {
    public PutCommand {
        lock = lock == null ? ObjectLock.NONE : lock;
    }

    public PutCommand(String bucket, String key, long expectedLength, byte[] contentMd5, StorageClass storageClass,
                      ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags, Acl acl) {
        this(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, acl, ObjectLock.NONE);
    }

    public PutCommand(String bucket, String key, long expectedLength, byte[] contentMd5, StorageClass storageClass,
                      ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags) {
        this(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, null);
    }

    public PutCommand withAcl(Acl newAcl) {
        return new PutCommand(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, newAcl, lock);
    }

    /** The same command asking for {@code newLock} (LOCK-2). */
    public PutCommand withLock(ObjectLock newLock) {
        return new PutCommand(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, acl, newLock);
    }
}
