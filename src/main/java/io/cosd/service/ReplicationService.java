package io.cosd.service;

import io.cosd.domain.Refusal;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.replication.Destination;
import io.cosd.domain.replication.RegionMap;
import io.cosd.domain.replication.ReplicationConfiguration;
import io.cosd.domain.replication.ReplicationRule;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.ReplicationOutbox;

import java.util.Optional;
import java.util.function.Function;

/**
 * Bucket replication configurations (ConfigKind.REPLICATION), cached parsed per bucket ({@link ConfigCache})
 * so that every object write can decide eligibility with a map lookup, and the
 * eligibility decision itself ({@link #forPut}, {@link #forDeleteMarker}).
 */
public final class ReplicationService implements ObjectService.Replication {
    /** What the destination bucket looks like from here (REP-V2, REP-V3). */
    public enum DestinationState { OK, NO_SUCH_BUCKET, NOT_OWNER, NOT_VERSIONED, UNREACHABLE }

    /**
     * The destination's AZ type as far as it can be told (REP-V9). UNKNOWN: an S3 endpoint, which has
     * no notion of MAZ; UNREACHABLE: the question could not be asked.
     */
    public enum DestinationAz { MAZ, OAZ, UNKNOWN, UNREACHABLE }

    /** Looks at a destination bucket, locally or in its region. */
    public interface DestinationProbe {
        DestinationState probe(Bucket source, String region, String bucket);

        /** Asked only for a MAZ source whose destination passed {@link #probe} (REP-V9). */
        DestinationAz azType(Bucket source, String region, String bucket);
    }

    private final RegionMap regions;
    private final DestinationProbe probe;
    private final Function<ReplicationConfiguration, String> encode;
    private final Runnable wake;
    private final ConfigCache<ReplicationConfiguration> cache;

    public ReplicationService(BucketRepository buckets, RegionMap regions, DestinationProbe probe,
                              Function<String, ReplicationConfiguration> decode, Function<ReplicationConfiguration, String> encode,
                              Runnable wake) {
        this.wake = wake;
        this.regions = regions;
        this.probe = probe;
        this.cache = new ConfigCache<>(buckets, ConfigKind.REPLICATION, decode);
        this.encode = encode;
    }

    public RegionMap regions() { return regions; }

    public Optional<ReplicationConfiguration> find(String bucket) {
        return cache.find(bucket);
    }

    /** The configuration of the bucket row the request was authorized against (AUTH-15: NoSuchBucket for a namesake). */
    public Optional<ReplicationConfiguration> find(Bucket bucket) {
        return cache.find(bucket);
    }

    /**
     * REP-A1 with the state checks of §4.2, in order: source versioning (REP-V1), known region
     * (REP-V7), destination exists and is the same owner (REP-V3) and versioned (REP-V2), and a MAZ
     * source's destination is MAZ too (REP-V9).
     * Nothing is stored unless all pass.
     */
    public void put(Bucket source, ReplicationConfiguration config) {
        if (source.versioning() != VersioningState.ENABLED) {
            throw new Refusal(Refusal.Reason.INVALID_REQUEST, "Versioning must be 'Enabled' on the bucket to apply a replication configuration"); // REP-V1
        }
        Destination d = config.rules().get(0).destination(); // one destination (REP-V4)
        String region = d.regionOr(regions.local());
        if (!regions.knows(region)) {
            throw new Refusal(Refusal.Reason.INVALID_ARGUMENT, "Unknown destination region: " + region); // REP-V7
        }
        switch (probe.probe(source, region, d.bucket())) {
            case OK -> { }
            case NO_SUCH_BUCKET -> throw new Refusal(Refusal.Reason.NO_SUCH_BUCKET, "The destination bucket does not exist."); // REP-V3
            case NOT_OWNER -> throw new Refusal(Refusal.Reason.DESTINATION_NOT_OWNED, "The destination bucket is not owned by the source bucket's owner."); // REP-V3
            case NOT_VERSIONED -> throw new Refusal(Refusal.Reason.INVALID_REQUEST, "Destination bucket must have versioning enabled."); // REP-V2
            case UNREACHABLE -> throw new Refusal(Refusal.Reason.REGION_UNREACHABLE, "The destination region " + region + " cannot be reached.");
        }
        if (source.multiAz()) checkMultiAz(source, region, d.bucket());
        // deleted meanwhile, or a namesake created since (AUTH-13)
        if (!cache.put(source.name(), source.incarnation(), encode.apply(config))) throw new Refusal(Refusal.Reason.NO_SUCH_BUCKET);
    }

    /**
     * REP-V9: a MAZ source replicates only to a MAZ destination. Only a MAZ source pays for the
     * question (an OAZ source may replicate to either kind). An S3 endpoint cannot answer it (no AZ
     * types there) and is allowed: the rule guards COS's own redundancy promise, which a foreign
     * store never made.
     */
    private void checkMultiAz(Bucket source, String region, String bucket) {
        switch (probe.azType(source, region, bucket)) {
            case MAZ, UNKNOWN -> { }
            case OAZ -> throw new Refusal(Refusal.Reason.NEEDS_MULTI_AZ_BUCKET,
                    "A multi-AZ (MAZ) bucket cannot replicate to a single-AZ (OAZ) bucket."); // REP-V9
            case UNREACHABLE -> throw new Refusal(Refusal.Reason.REGION_UNREACHABLE, "The destination region " + region + " cannot be reached.");
        }
    }

    public void delete(String bucket) {
        cache.delete(bucket);
    }

    /** As {@link #delete(String)}, in the bucket the request was authorized against only (AUTH-13). */
    public void delete(io.cosd.domain.bucket.Bucket bucket) {
        cache.delete(bucket.name(), bucket.incarnation());
    }

    public void forget(String bucket) {
        cache.invalidate(bucket);
    }

    @Override
    public void enqueued() {
        wake.run();
    }

    /** REP-R1: a new version under an enabled rule gets an outbox row; null otherwise. */
    @Override
    public ReplicationOutbox.Request forPut(Bucket bucket, String key) {
        if (bucket.versioning() != VersioningState.ENABLED) return null;
        return find(bucket.name()).flatMap(c -> c.ruleFor(key))
                .map(r -> new ReplicationOutbox.Request(ReplicationOutbox.PUT, r.destination().key(regions.local()))).orElse(null);
    }

    /** REP-R3: a delete marker follows DeleteMarkerReplication. */
    @Override
    public ReplicationOutbox.Request forDeleteMarker(Bucket bucket, String key) {
        if (bucket.versioning() != VersioningState.ENABLED) return null;
        return find(bucket.name()).flatMap(c -> c.ruleFor(key)).filter(ReplicationRule::deleteMarkers)
                .map(r -> new ReplicationOutbox.Request(ReplicationOutbox.DELETE_MARKER, r.destination().key(regions.local()))).orElse(null);
    }
}
