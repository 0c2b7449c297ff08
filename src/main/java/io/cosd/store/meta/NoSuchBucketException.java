package io.cosd.store.meta;

/**
 * A write named a bucket that no longer exists: it was deleted after the request looked it up
 * (DeleteBucket racing PutObject, CopyObject, InitiateMultipartUpload, CompleteMultipartUpload).
 * The transaction was rolled back and wrote nothing; the edge answers {@code NoSuchBucket}
 * (docs/storage.md "DeleteBucket racing a write"). A {@link ConflictException}, so callers that
 * already treat conflicts as "bucket gone" keep working.
 */
public final class NoSuchBucketException extends ConflictException {
    public NoSuchBucketException(String bucket) { super("no such bucket: " + bucket); }
}
