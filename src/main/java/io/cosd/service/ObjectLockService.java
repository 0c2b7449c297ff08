package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.lock.LockConfiguration;
import io.cosd.domain.lock.LockMode;
import io.cosd.domain.lock.LockRules;
import io.cosd.domain.lock.ObjectLock;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Object lock (docs/object-lock.md): the bucket's configuration (ConfigKind.OBJECT_LOCK, cached parsed
 * per bucket: every write asks for its default retention), and the retention and legal hold of single
 * versions, each changed in one transaction that decides with {@link LockRules} (LOCK-6, LOCK-8).
 */
public final class ObjectLockService implements ObjectService.LockDefaults {
    private final MetadataStore meta;
    private final Clock clock;
    private final ObjectService objects;
    private final Function<LockConfiguration, String> encode;
    private final ConfigCache<LockConfiguration> cache;

    /**
     * @param decode stored document → configuration (the api layer's codec; storage sees only text)
     * @param encode configuration → canonical document
     */
    public ObjectLockService(MetadataStore meta, Clock clock, ObjectService objects,
                             Function<String, LockConfiguration> decode, Function<LockConfiguration, String> encode) {
        this.meta = meta;
        this.clock = clock;
        this.objects = objects;
        this.encode = encode;
        this.cache = new ConfigCache<>(meta.buckets(), ConfigKind.OBJECT_LOCK, decode);
    }

    /** The bucket's configuration; empty when lock is not enabled (or the bucket does not exist). */
    public Optional<LockConfiguration> find(Bucket bucket) {
        return cache.find(bucket); // AUTH-15: the row the request was authorized against
    }

    public boolean enabled(Bucket bucket) {
        return find(bucket).isPresent();
    }

    /** LOCK-1: the configuration row a bucket created with lock enabled gets in its creating transaction (versioning on too). */
    public Map<ConfigKind, String> atCreation() {
        return Map.of(ConfigKind.OBJECT_LOCK, encode.apply(LockConfiguration.ENABLED));
    }

    /**
     * LOCK-1: enables lock (for good) or replaces the default retention. A bucket whose versioning is not
     * Enabled is refused (409 InvalidBucketState), as S3 does: lock needs every write to be a new version.
     */
    public void put(Bucket bucket, LockConfiguration config) {
        // decided in the write's own statement: a suspension racing this PUT cannot slip in between
        BucketRepository.Guarded done;
        try {
            done = meta.buckets().putConfigIfVersioning(bucket.name(), ConfigKind.OBJECT_LOCK, encode.apply(config), VersioningState.ENABLED,
                    bucket.incarnation()); // AUTH-13
        } finally {
            cache.invalidate(bucket.name());
        }
        switch (done) {
            case DONE -> { }
            case NO_SUCH_BUCKET -> throw new Refusal(Refusal.Reason.NO_SUCH_BUCKET);
            case REFUSED -> throw new Refusal(Refusal.Reason.OBJECT_LOCK_BUCKET_STATE,
                    "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration");
        }
    }

    /** Drops the cached entry of a deleted bucket (its config rows went with it). */
    public void forget(String bucket) {
        cache.invalidate(bucket);
    }

    /** LOCK-2: the lock a new version of {@code bucket} is committed with, the default retention read now. */
    @Override
    public ObjectLock atCommit(Bucket bucket, ObjectLock asked, Instant now) {
        Optional<LockConfiguration> c = find(bucket);
        return c.map(cfg -> cfg.forNewVersion(asked, now)).orElse(asked);
    }

    /** LOCK-7: a retention or legal hold asked in a bucket without lock is refused (400 InvalidRequest), before anything is stored. */
    public void requireEnabled(Bucket bucket) {
        if (!enabled(bucket)) throw new Refusal(Refusal.Reason.OBJECT_LOCK_NOT_ENABLED, "Bucket is missing Object Lock Configuration");
    }

    /** GET ?retention / ?legal-hold: the addressed version (not a delete marker) of a bucket with lock (LOCK-7). */
    public ObjectVersion get(Bucket bucket, String key, String versionId) {
        requireEnabled(bucket);
        return objects.resolve(bucket, key, versionId);
    }

    /**
     * PUT ?retention (LOCK-6): {@code mode} and {@code until} both null remove the retention. The date must
     * lie in the future (400 InvalidArgument); the change is decided against the stored lock in its
     * transaction.
     *
     * @param bypass the caller asked to bypass governance and holds s3:BypassGovernanceRetention
     */
    public ObjectVersion putRetention(Bucket bucket, String key, String versionId, LockMode mode, Instant until, boolean bypass) {
        requireEnabled(bucket);
        Instant now = clock.instant();
        if (until != null && !until.isAfter(now)) {
            throw new Refusal(Refusal.Reason.INVALID_ARGUMENT, "The retain until date must be in the future!");
        }
        ObjectVersion v = objects.resolve(bucket, key, versionId);
        return meta.objects().updateLock(bucket.name(), key, v.versionId(), current -> {
            LockRules.checkChangeRetention(current, mode, until, bypass, now);
            return mode == null ? new ObjectLock(null, null, current.legalHold()) : current.withRetention(mode, until);
        }, bucket.incarnation()).orElseThrow(() -> new Refusal(missing(versionId)));
    }

    /** PUT ?legal-hold (LOCK-8): anyone allowed s3:PutObjectLegalHold may turn it on or off, whatever the retention. */
    public ObjectVersion putLegalHold(Bucket bucket, String key, String versionId, boolean on) {
        requireEnabled(bucket);
        ObjectVersion v = objects.resolve(bucket, key, versionId);
        return meta.objects().updateLock(bucket.name(), key, v.versionId(), current -> current.withLegalHold(on), bucket.incarnation())
                .orElseThrow(() -> new Refusal(missing(versionId)));
    }

    private static Refusal.Reason missing(String versionId) {
        return versionId == null || versionId.isEmpty() ? Refusal.Reason.NO_SUCH_KEY : Refusal.Reason.NO_SUCH_VERSION;
    }
}
