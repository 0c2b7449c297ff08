package io.cosd.service;

import io.cosd.domain.acl.Acl;
import io.cosd.domain.crypto.EncryptionRequest;
import io.cosd.domain.lock.ObjectLock;
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
 * @param checksumValue  the value the client sent for it in a header, checked in the same pass before the commit
 *                       (DIGEST_MISMATCH); null when none was sent that way (a trailer is checked by the decoder)
 * @param lock           the retention and legal hold the request asked for (LOCK-2); never null
 * @param sse            how the new version is encrypted at rest (docs/encryption.md), or null: in the clear
 */
public record PutCommand(String bucket, String key, long expectedLength, byte[] contentMd5, StorageClass storageClass,
                         ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags, Acl acl,
                         ChecksumAlgorithm checksum, byte[] checksumValue, ObjectLock lock, EncryptionRequest sse) {
    public PutCommand {
        lock = lock == null ? ObjectLock.NONE : lock;
    }

    public PutCommand(String bucket, String key, long expectedLength, byte[] contentMd5, StorageClass storageClass,
                      ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags, Acl acl) {
        this(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, acl, null, null, ObjectLock.NONE, null);
    }

    public PutCommand(String bucket, String key, long expectedLength, byte[] contentMd5, StorageClass storageClass,
                      ContentHeaders content, Map<String, String> userMetadata, Map<String, String> tags) {
        this(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, null);
    }

    public PutCommand withAcl(Acl newAcl) {
        return new PutCommand(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, newAcl,
                checksum, checksumValue, lock, sse);
    }

    public PutCommand withChecksum(ChecksumAlgorithm algorithm) {
        return withChecksum(algorithm, null);
    }

    /** The checksum to compute and store, and the value sent for it to check (null: none sent in a header). */
    public PutCommand withChecksum(ChecksumAlgorithm algorithm, byte[] value) {
        return new PutCommand(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, acl,
                algorithm, value, lock, sse);
    }

    /** The same command asking for {@code newLock} (LOCK-2). */
    public PutCommand withLock(ObjectLock newLock) {
        return new PutCommand(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, acl,
                checksum, checksumValue, newLock, sse);
    }

    /** The same command, encrypted at rest as {@code ask} says (null: in the clear). */
    public PutCommand withSse(EncryptionRequest ask) {
        return new PutCommand(bucket, key, expectedLength, contentMd5, storageClass, content, userMetadata, tags, acl,
                checksum, checksumValue, lock, ask);
    }
}
