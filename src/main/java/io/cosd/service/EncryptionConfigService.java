package io.cosd.service;

import io.cosd.domain.kms.KeyNames;
import io.cosd.domain.sse.BucketEncryption;
import io.cosd.domain.sse.SseChoice;
import io.cosd.domain.sse.SseMode;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Bucket default encryption (docs/encryption.md "Bucket default encryption", SSE-D1..SSE-D4), stored
 * as one configuration row (ConfigKind.ENCRYPTION) and cached parsed per bucket like every
 * {@link ConfigCache}, so the data path's {@link #defaultFor} on every PUT is a map lookup.
 */
public final class EncryptionConfigService {
    /** The encryption context of the probe {@link #put} makes: never used for data. */
    static final Map<String, String> PROBE_CONTEXT = Map.of("cosd:purpose", "bucket-default-encryption-check");

    private final ConfigCache<BucketEncryption> cache;
    private final KeyService keys;

    public EncryptionConfigService(BucketRepository buckets, KeyService keys) {
        this.cache = new ConfigCache<>(buckets, ConfigKind.ENCRYPTION, BucketEncryption::decode);
        this.keys = keys;
    }

    /** The bucket's default, empty when it has none or does not exist: what the data path applies (SseChoice). */
    public Optional<BucketEncryption> defaultFor(String bucket) {
        return cache.find(bucket);
    }

    /** The default of the bucket row the request was authorized against (AUTH-15: NoSuchBucket for a namesake). */
    public Optional<BucketEncryption> defaultFor(io.cosd.domain.bucket.Bucket bucket) {
        return cache.find(bucket);
    }

    /** SSE-D5..SSE-D8: what a new object in {@code bucket} gets, from what its request asked for and the bucket's default. */
    public SseChoice.Applied choose(String bucket, SseChoice.Requested asked) {
        return SseChoice.decide(asked, defaultFor(bucket));
    }

    /** As {@link #choose(String, SseChoice.Requested)}, with the default of the request's bucket row (AUTH-15). */
    public SseChoice.Applied choose(io.cosd.domain.bucket.Bucket bucket, SseChoice.Requested asked) {
        return SseChoice.decide(asked, defaultFor(bucket));
    }

    /**
     * SSE-D1, SSE-D3: replaces the default. An SSE-KMS default must name a key (or, naming none, the
     * deployment has a default key: KMS-9) the key service can make a data key under now (it exists and
     * is enabled), else the key service's refusal
     * (KMS_KEY_NOT_FOUND, KMS_KEY_DISABLED) and nothing is stored: a typo is caught when the
     * default is set, not at the first upload (MinIO checks the same way; AWS accepts and fails
     * the upload).
     *
     * @return false if the bucket vanished meanwhile
     */
    public boolean put(String bucket, BucketEncryption config) {
        return put(bucket, io.cosd.domain.bucket.Bucket.ANY_INCARNATION, config);
    }

    /** As {@link #put(String, BucketEncryption)}, into the bucket the request was authorized against only (AUTH-13). */
    public boolean put(io.cosd.domain.bucket.Bucket bucket, BucketEncryption config) {
        return put(bucket.name(), bucket.incarnation(), config);
    }

    private boolean put(String bucket, long incarnation, BucketEncryption config) {
        if (config.mode() == SseMode.SSE_KMS) {
            var probe = keys.generateDataKey(config.kmsKeyId() == null ? KeyNames.DEFAULT_ALIAS : config.kmsKeyId(), PROBE_CONTEXT);
            Arrays.fill(probe.plaintext(), (byte) 0);
        }
        return cache.put(bucket, incarnation, config.encode());
    }

    /** SSE-D2: idempotent. */
    public void delete(String bucket) {
        cache.delete(bucket);
    }

    /** As {@link #delete(String)}, in the bucket the request was authorized against only (AUTH-13). */
    public void delete(io.cosd.domain.bucket.Bucket bucket) {
        cache.delete(bucket.name(), bucket.incarnation());
    }

    /** Drops the cached entry of a deleted bucket (its config rows went with it). */
    public void forget(String bucket) {
        cache.invalidate(bucket);
    }
}
