package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.lifecycle.DayClock;
import io.cosd.domain.lifecycle.LifecycleConfiguration;
import io.cosd.domain.lifecycle.LifecycleEvaluator;
import io.cosd.domain.lifecycle.LifecycleRule;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;

import java.util.Optional;
import java.util.function.Function;

/**
 * Bucket lifecycle configurations (ConfigKind.LIFECYCLE), stored as the canonical document and
 * cached parsed per bucket ({@link ConfigCache}): every PUT/GET/HEAD object asks for the
 * x-cos-expiration header (LC-H1), so the lookup must cost a map read. Absence is cached too.
 */
public final class LifecycleService {
    private final Function<LifecycleConfiguration, String> encode;
    private final DayClock days;
    private final ConfigCache<LifecycleConfiguration> cache;

    public LifecycleService(BucketRepository buckets, Function<String, LifecycleConfiguration> decode,
                            Function<LifecycleConfiguration, String> encode, DayClock days) {
        this.cache = new ConfigCache<>(buckets, ConfigKind.LIFECYCLE, decode);
        this.encode = encode;
        this.days = days;
    }

    public DayClock days() { return days; }

    public Optional<LifecycleConfiguration> find(String bucket) {
        return cache.find(bucket);
    }

    /** The configuration of the bucket row the request was authorized against (AUTH-15: NoSuchBucket for a namesake). */
    public Optional<LifecycleConfiguration> find(Bucket bucket) {
        return cache.find(bucket);
    }

    /** LC-A1: replaces the whole configuration. @return false if the bucket vanished meanwhile */
    public boolean put(String bucket, LifecycleConfiguration config) {
        return cache.put(bucket, encode.apply(config));
    }

    /** As {@link #put(String, LifecycleConfiguration)}, into the bucket the request was authorized against only (AUTH-13). */
    public boolean put(io.cosd.domain.bucket.Bucket bucket, LifecycleConfiguration config) {
        return cache.put(bucket.name(), bucket.incarnation(), encode.apply(config));
    }

    /**
     * LC-E3: "MAZ buckets can only transition within MAZ classes" [COS-LC-PUT], and the MAZ_* classes
     * belong to MAZ buckets only. Applies to Transition and NoncurrentVersionTransition, after the
     * document itself is valid (LC-V*). DECISION: the codes COS lists for exactly these mismatches,
     * {@code 400 OAZOperationNotSupportOnMAZBucket} (a single-AZ class on a MAZ bucket) and
     * {@code 400 MAZOperationNotSupportOnOAZBucket} (a MAZ class on a single-AZ bucket).
     */
    public static void checkAzClasses(Bucket bucket, LifecycleConfiguration config) {
        for (LifecycleRule r : config.rules()) {
            for (var t : r.transitions()) checkAzClass(bucket, t.storageClass());
            for (var t : r.noncurrentTransitions()) checkAzClass(bucket, t.storageClass());
        }
    }

    private static void checkAzClass(Bucket bucket, StorageClass c) {
        if (bucket.az().admits(c)) return;
        throw bucket.multiAz()
                ? new Refusal(Refusal.Reason.NEEDS_SINGLE_AZ_BUCKET, "A multi-AZ bucket can only transition to MAZ storage classes, not " + c + ".")
                : new Refusal(Refusal.Reason.NEEDS_MULTI_AZ_BUCKET, "The storage class " + c + " needs a multi-AZ (MAZ) bucket.");
    }

    /** @return true if a configuration was removed */
    public boolean delete(String bucket) {
        return cache.delete(bucket);
    }

    /** As {@link #delete(String)}, in the bucket the request was authorized against only (AUTH-13). */
    public boolean delete(io.cosd.domain.bucket.Bucket bucket) {
        return cache.delete(bucket.name(), bucket.incarnation());
    }

    public void forget(String bucket) {
        cache.invalidate(bucket);
    }

    /**
     * LC-H1..H3: the predicted expiration of a current, non-marker version, if a rule applies
     * (Expiration acts on current versions only, so a noncurrent version read by id gets none).
     * Counted in real days even in test mode ({@link DayClock#realDays()}).
     */
    public Optional<LifecycleEvaluator.Expiry> expiration(ObjectVersion v) {
        if (v.deleteMarker() || !v.latest()) return Optional.empty();
        return find(v.bucket()).flatMap(c -> LifecycleEvaluator.expiration(c.rules(), v.key(), v.tags(), v.size(), v.lastModified(), days.realDays()));
    }
}
