package io.cosd.store.meta;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Buckets and their configuration documents.
 * Contract:
 * - {@link #create} is atomic: of two concurrent creates of one name exactly one gets CREATED.
 * - {@link #delete} refuses (NOT_EMPTY) while any object version, delete marker or multipart upload
 *   exists, checked in the same transaction as the delete; it removes the bucket's config rows.
 * - Config documents are stored verbatim; {@code putConfig} replaces, {@code deleteConfig} is idempotent.
 */
public interface BucketRepository {
    /**
     * The store's change feed ({@link MetadataStore#changes()}), here too because bucket configuration
     * caches are built over this repository alone.
     */
    default ChangeFeed changes() {
        return ChangeFeed.NONE;
    }

    enum CreateResult { CREATED, EXISTS_SAME_OWNER, EXISTS_OTHER_OWNER }

    enum DeleteResult { DELETED, NOT_FOUND, NOT_EMPTY }

    default CreateResult create(Bucket bucket) {
        return create(bucket, Map.of());
    }

    /**
     * Creates the bucket with configuration documents in one transaction (tags given at creation,
     * BT-6): when CREATED, every document is stored; otherwise none is written.
     */
    CreateResult create(Bucket bucket, Map<ConfigKind, String> configs);

    Optional<Bucket> find(String name);

    /** The owner's buckets ordered by name. */
    List<Bucket> listByOwner(String ownerUin);

    default DeleteResult delete(String name) {
        return delete(name, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /**
     * As {@link #delete(String)}, of the bucket row of {@code bucketIncarnation} only (docs/security.md
     * AUTH-13): a namesake created since the DeleteBucket was authorized is {@code NOT_FOUND}, kept.
     */
    DeleteResult delete(String name, long bucketIncarnation);

    /** A delete's result and the blobs of the rows it removed (to delete once it committed). */
    record Deleted(DeleteResult result, List<String> releasedBlobs) {}

    /**
     * As {@link #delete}, but incomplete multipart uploads do not keep the bucket: when it holds no
     * object version, its uploads and their parts are removed in the same transaction as the bucket,
     * and their part blobs returned. An UploadPart or completion racing it finds no upload afterwards.
     */
    default Deleted deleteAbortingUploads(String name) {
        return deleteAbortingUploads(name, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /** As {@link #deleteAbortingUploads(String)}, of the bucket row of {@code bucketIncarnation} only (AUTH-13). */
    Deleted deleteAbortingUploads(String name, long bucketIncarnation);

    /** @return false if the bucket does not exist */
    default boolean setVersioning(String name, VersioningState state) {
        return setVersioning(name, state, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /** As {@link #setVersioning(String, VersioningState)}, in the bucket row of {@code bucketIncarnation} only (AUTH-13): false otherwise. */
    boolean setVersioning(String name, VersioningState state, long bucketIncarnation);

    /** The outcome of a guarded write: done, the bucket is gone, or the guard did not hold. */
    enum Guarded { DONE, NO_SUCH_BUCKET, REFUSED }

    /**
     * {@link #setVersioning}, unless the bucket has a {@code blocking} configuration, decided in the same
     * statement (LOCK-1: a lock bucket is never suspended, even by a request racing the lock's PUT).
     */
    default Guarded setVersioningUnless(String name, VersioningState state, ConfigKind blocking) {
        return setVersioningUnless(name, state, blocking, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /** As {@link #setVersioningUnless(String, VersioningState, ConfigKind)}, in the row of {@code bucketIncarnation} only (AUTH-13). */
    Guarded setVersioningUnless(String name, VersioningState state, ConfigKind blocking, long bucketIncarnation);

    /** {@link #putConfig}, only while the bucket's versioning is {@code required}, decided in the same statement (LOCK-1). */
    default Guarded putConfigIfVersioning(String bucket, ConfigKind kind, String document, VersioningState required) {
        return putConfigIfVersioning(bucket, kind, document, required, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /** As {@link #putConfigIfVersioning(String, ConfigKind, String, VersioningState)}, in the row of {@code bucketIncarnation} only (AUTH-13). */
    Guarded putConfigIfVersioning(String bucket, ConfigKind kind, String document, VersioningState required, long bucketIncarnation);

    Optional<String> config(String bucket, ConfigKind kind);

    /**
     * A configuration document and the incarnation of the bucket row it belongs to, read together.
     *
     * @param document the document of the kind asked for; empty when the row has none
     */
    record RowConfig(long incarnation, Optional<String> document) {}

    /**
     * The row named {@code bucket}: its incarnation and its document of {@code kind}, read in one
     * statement (one snapshot on both engines), so a cache can tag what it keeps with the row it
     * belongs to (docs/security.md AUTH-15); empty when no bucket has the name.
     */
    Optional<RowConfig> configOfRow(String bucket, ConfigKind kind);

    /**
     * As {@link #config(String, ConfigKind)}, of the bucket row of {@code bucketIncarnation} only
     * (docs/security.md AUTH-15): a bucket deleted and created again since is {@link NoSuchBucketException},
     * never the namesake's document. {@link io.cosd.domain.bucket.Bucket#ANY_INCARNATION}: any row.
     */
    default Optional<String> config(String bucket, ConfigKind kind, long bucketIncarnation) {
        if (bucketIncarnation == io.cosd.domain.bucket.Bucket.ANY_INCARNATION) return config(bucket, kind);
        return configOfRow(bucket, kind).filter(r -> r.incarnation() == bucketIncarnation)
                .orElseThrow(() -> new NoSuchBucketException(bucket)).document();
    }

    default void putConfig(String bucket, ConfigKind kind, String document) {
        putConfig(bucket, kind, document, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /**
     * As {@link #putConfig(String, ConfigKind, String)}, into the bucket row of {@code bucketIncarnation}
     * only (docs/security.md AUTH-13), decided by the insert itself: a namesake created since the
     * request was authorized is {@link NoSuchBucketException} and keeps its own configuration.
     */
    void putConfig(String bucket, ConfigKind kind, String document, long bucketIncarnation);

    /** @return true if a document was removed */
    default boolean deleteConfig(String bucket, ConfigKind kind) {
        return deleteConfig(bucket, kind, io.cosd.domain.bucket.Bucket.ANY_INCARNATION);
    }

    /**
     * As {@link #deleteConfig(String, ConfigKind)}, in the bucket row of {@code bucketIncarnation} only
     * (docs/security.md AUTH-13): a namesake created since is {@link NoSuchBucketException}, its configuration kept.
     */
    boolean deleteConfig(String bucket, ConfigKind kind, long bucketIncarnation);
}
