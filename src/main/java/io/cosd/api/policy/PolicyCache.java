package io.cosd.api.policy;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.policy.Policy;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled policies per bucket: a policy is parsed once per change, never per request
 * (docs/policy.md#speed). Entries are keyed by bucket name and checked against the bucket's creation time, so a
 * deleted and re-created bucket never sees its predecessor's policy; PUT and DELETE ?policy write
 * through {@link #put}/{@link #remove}, which update the store and the entry under the entry's lock
 * (a concurrent miss cannot re-load a stale document over a fresh one). One process only: several
 * gateways on one database would need a change feed (not built).
 */
public final class PolicyCache {
    private static final Logger log = LoggerFactory.getLogger(PolicyCache.class);

    private record Entry(Instant bucketCreated, Policy policy) {}

    private static final Policy UNREADABLE = new Policy("2.0", List.of());

    private final BucketRepository buckets;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public PolicyCache(BucketRepository buckets) {
        this.buckets = buckets;
    }

    /** The bucket's compiled policy, or null when it has none. */
    public Policy get(Bucket bucket) {
        Entry e = entries.get(bucket.name());
        if (e != null && e.bucketCreated.equals(bucket.createdAt())) return e.policy;
        return entries.compute(bucket.name(), (k, old) ->
                old != null && old.bucketCreated.equals(bucket.createdAt()) ? old : new Entry(bucket.createdAt(), load(bucket))).policy;
    }

    private Policy load(Bucket bucket) {
        Optional<String> text = buckets.config(bucket.name(), ConfigKind.POLICY);
        if (text.isEmpty()) return null;
        try {
            return PolicyParser.parse(text.get(), bucket);
        } catch (RuntimeException ex) {
            // Stored documents were validated on PUT; if one no longer compiles (a changed region), only the owner gets in.
            log.warn("stored policy of bucket {} does not compile ({}); treating it as granting nothing", bucket.name(), ex.getMessage());
            return UNREADABLE;
        }
    }

    /** Stores {@code text} verbatim and caches its compiled form. */
    public void put(Bucket bucket, String text, Policy compiled) {
        entries.compute(bucket.name(), (k, old) -> {
            buckets.putConfig(bucket.name(), ConfigKind.POLICY, text);
            return new Entry(bucket.createdAt(), compiled);
        });
    }

    public void remove(Bucket bucket) {
        entries.compute(bucket.name(), (k, old) -> {
            buckets.deleteConfig(bucket.name(), ConfigKind.POLICY);
            return new Entry(bucket.createdAt(), null);
        });
    }

    /** Drops a deleted bucket's entry (memory only; correctness does not depend on it). */
    public void forget(String bucketName) {
        entries.remove(bucketName);
    }
}
