package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.domain.bucket.AzType;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.BucketNames;
import io.cosd.domain.bucket.BucketNaming;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Account;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Bucket use cases. Refusals are raised as {@link Refusal} reasons, which the HTTP layer translates once (api/error/DomainErrors). */
public final class BucketService {
    private final MetadataStore meta;
    private final Clock clock;
    private final Consumer<String> afterDelete;
    private final BucketNaming naming;
    private final Consumer<List<String>> releaseBlobs;

    public BucketService(MetadataStore meta, Clock clock) {
        this(meta, clock, name -> { });
    }

    /** @param afterDelete told the name of each deleted bucket (drops per-bucket caches such as CORS) */
    public BucketService(MetadataStore meta, Clock clock, Consumer<String> afterDelete) {
        this(meta, clock, afterDelete, BucketNaming.COS, ids -> { throw new IllegalStateException("no blob store"); });
    }

    /**
     * @param naming       which names CreateBucket accepts (docs/buckets.md "Bucket names")
     * @param releaseBlobs deletes blobs whose rows a committed transaction removed (part blobs of the
     *                     uploads a DeleteBucket aborted)
     */
    public BucketService(MetadataStore meta, Clock clock, Consumer<String> afterDelete, BucketNaming naming,
                         Consumer<List<String>> releaseBlobs) {
        this.meta = meta;
        this.clock = clock;
        this.afterDelete = afterDelete;
        this.naming = naming;
        this.releaseBlobs = releaseBlobs;
    }

    public BucketNaming naming() { return naming; }

    /**
     * The name must pass {@link BucketNames#check}: COS mode {@code <name>-<APPID>} of the caller's own
     * account; S3 mode also a plain S3 name, unique on the server.
     *
     * @throws BucketNames.InvalidName if it does not (the api words the hint)
     */
    public Bucket create(Account owner, String name, String region) {
        return create(owner, name, region, AzType.OAZ);
    }

    /** @param az fixed for the bucket's life (REP-V9, LC-E3) */
    public Bucket create(Account owner, String name, String region, AzType az) {
        return create(owner, name, region, az, Map.of());
    }

    /**
     * @param configs configuration documents created with the bucket, in its transaction (tags given
     *                at creation, BT-6): a crash leaves either the tagged bucket or none
     */
    public Bucket create(Account owner, String name, String region, AzType az, Map<ConfigKind, String> configs) {
        var verdict = BucketNames.check(name, naming, owner.appId(), appId -> !appId.equals(owner.appId())
                && meta.identity().listAccounts().stream().anyMatch(a -> a.appId().equals(appId)));
        if (verdict != BucketNames.Verdict.OK) throw new BucketNames.InvalidName(name, verdict);
        // LOCK-1: a bucket created with object lock has versioning Enabled from its first transaction
        VersioningState versioning = configs.containsKey(ConfigKind.OBJECT_LOCK) ? VersioningState.ENABLED : VersioningState.UNVERSIONED;
        // AUTH-13: drawn here, so the Bucket returned carries its row's incarnation and the writes that
        // follow the creation (the ACL of PUT Bucket with an ACL header) land in this row, never a namesake
        Bucket b = new Bucket(name, owner.rootUin(), owner.appId(), region, clock.instant(), versioning, az, newIncarnation());
        return switch (meta.buckets().create(b, configs)) {
            case CREATED -> b;
            case EXISTS_SAME_OWNER -> throw new Refusal(Refusal.Reason.BUCKET_OWNED_BY_CALLER);
            case EXISTS_OTHER_OWNER -> throw new Refusal(Refusal.Reason.BUCKET_OWNED_BY_OTHER);
        };
    }

    private static final java.security.SecureRandom INCARNATIONS = new java.security.SecureRandom();

    /** A random non-zero 64-bit incarnation for a bucket about to be created (docs/security.md AUTH-13). */
    static long newIncarnation() {
        long v;
        do {
            v = INCARNATIONS.nextLong();
        } while (v == Bucket.ANY_INCARNATION);
        return v;
    }

    /** The bucket of that name, if it exists (a re-create compares what it asks with what the bucket has, ACC-6). */
    public java.util.Optional<Bucket> find(String name) {
        return meta.buckets().find(name);
    }

    public void delete(String name) {
        delete(name, false);
    }

    /**
     * @param abortUploads S3 dialect: a bucket holding only incomplete multipart uploads is deleted and
     *                     the uploads aborted, as AWS and RGW do; COS refuses with BucketNotEmpty
     *                     (docs/buckets.md "DeleteBucket"). The part blobs are deleted after the commit
     *                     (docs/storage.md "Multipart uploads"); a crash in between leaves only
     *                     unreferenced blobs, which start-up collects.
     */
    public void delete(String name, boolean abortUploads) {
        delete(name, Bucket.ANY_INCARNATION, abortUploads);
    }

    /** As {@link #delete(String, boolean)}, of the bucket the request was authorized against only (AUTH-13). */
    public void delete(Bucket bucket, boolean abortUploads) {
        delete(bucket.name(), bucket.incarnation(), abortUploads);
    }

    private void delete(String name, long incarnation, boolean abortUploads) {
        BucketRepository.Deleted d = abortUploads ? meta.buckets().deleteAbortingUploads(name, incarnation)
                : new BucketRepository.Deleted(meta.buckets().delete(name, incarnation), List.of());
        if (!d.releasedBlobs().isEmpty()) releaseBlobs.accept(d.releasedBlobs());
        switch (d.result()) {
            case DELETED -> afterDelete.accept(name);
            case NOT_FOUND -> throw new Refusal(Refusal.Reason.NO_SUCH_BUCKET);
            case NOT_EMPTY -> throw new Refusal(Refusal.Reason.BUCKET_NOT_EMPTY);
        }
    }

    /**
     * VER-S3..S5: Enabled or Suspended only (there is no way back to unversioned), and a bucket with
     * a replication configuration cannot be suspended (409 InvalidBucketState).
     */
    public void setVersioning(Bucket bucket, VersioningState state) {
        if (state == VersioningState.UNVERSIONED) throw new IllegalArgumentException("cannot return to unversioned");
        if (state == VersioningState.SUSPENDED && meta.buckets().config(bucket.name(), ConfigKind.REPLICATION, bucket.incarnation()).isPresent()) {
            throw new Refusal(Refusal.Reason.VERSIONING_HELD_BY_REPLICATION, "Versioning configuration conflicts with cross-region replication; "
                    + "delete the replication configuration first.");
        }
        // LOCK-1 (VER-S6): a lock bucket keeps every version, so its versioning cannot be suspended; decided in
        // the update's own statement, so a PUT ?object-lock racing it cannot slip in between
        var done = state == VersioningState.SUSPENDED
                ? meta.buckets().setVersioningUnless(bucket.name(), state, ConfigKind.OBJECT_LOCK, bucket.incarnation()) // AUTH-13
                : meta.buckets().setVersioning(bucket.name(), state, bucket.incarnation())
                        ? BucketRepository.Guarded.DONE : BucketRepository.Guarded.NO_SUCH_BUCKET;
        switch (done) {
            case DONE -> { }
            case NO_SUCH_BUCKET -> throw new Refusal(Refusal.Reason.NO_SUCH_BUCKET);
            case REFUSED -> throw new Refusal(Refusal.Reason.OBJECT_LOCK_BUCKET_STATE,
                    "An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.");
        }
    }

    public List<Bucket> list(Account owner) {
        return meta.buckets().listByOwner(owner.rootUin());
    }
}
