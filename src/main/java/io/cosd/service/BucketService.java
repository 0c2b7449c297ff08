package io.cosd.service;

import io.cosd.api.error.ErrorCode;
import io.cosd.domain.bucket.AzType;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.BucketName;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Account;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/** Bucket use cases. Errors are raised as {@link ErrorCode} exceptions, the project's one error vocabulary. */
public final class BucketService {
    private final MetadataStore meta;
    private final Clock clock;
    private final Consumer<String> afterDelete;

    public BucketService(MetadataStore meta, Clock clock) {
        this(meta, clock, name -> { });
    }

    /** @param afterDelete told the name of each deleted bucket (drops per-bucket caches such as CORS) */
    public BucketService(MetadataStore meta, Clock clock, Consumer<String> afterDelete) {
        this.meta = meta;
        this.clock = clock;
        this.afterDelete = afterDelete;
    }

    /** COS rule: the bucket must be {@code <name>-<APPID>} of the caller's own account. */
    public Bucket create(Account owner, String name, String region) {
        return create(owner, name, region, AzType.OAZ);
    }

    /** @param az fixed for the bucket's life (REP-V9, LC-E3) */
    public Bucket create(Account owner, String name, String region, AzType az) {
        if (!BucketName.isValidFor(name, owner.appId())) throw ErrorCode.INVALID_BUCKET_NAME.exception();
        Bucket b = new Bucket(name, owner.rootUin(), owner.appId(), region, clock.instant(), VersioningState.UNVERSIONED, az);
        return switch (meta.buckets().create(b)) {
            case CREATED -> b;
            case EXISTS_SAME_OWNER -> throw ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU.exception();
            case EXISTS_OTHER_OWNER -> throw ErrorCode.BUCKET_ALREADY_EXISTS.exception();
        };
    }

    public void delete(String name) {
        BucketRepository.DeleteResult r = meta.buckets().delete(name);
        switch (r) {
            case DELETED -> afterDelete.accept(name);
            case NOT_FOUND -> throw ErrorCode.NO_SUCH_BUCKET.exception();
            case NOT_EMPTY -> throw ErrorCode.BUCKET_NOT_EMPTY.exception();
        }
    }

    /**
     * VER-S3..S5: Enabled or Suspended only (there is no way back to unversioned), and a bucket with
     * a replication configuration cannot be suspended (409 InvalidBucketState).
     */
    public void setVersioning(Bucket bucket, VersioningState state) {
        if (state == VersioningState.UNVERSIONED) throw new IllegalArgumentException("cannot return to unversioned");
        if (state == VersioningState.SUSPENDED && meta.buckets().config(bucket.name(), ConfigKind.REPLICATION).isPresent()) {
            throw ErrorCode.INVALID_BUCKET_STATE.exception("Versioning configuration conflicts with cross-region replication; "
                    + "delete the replication configuration first.");
        }
        if (!meta.buckets().setVersioning(bucket.name(), state)) throw ErrorCode.NO_SUCH_BUCKET.exception();
    }

    public List<Bucket> list(Account owner) {
        return meta.buckets().listByOwner(owner.rootUin());
    }
}
