package io.cosd.worker.replication;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.replication.Region;
import io.cosd.domain.replication.RegionMap;
import io.cosd.service.ReplicationService.DestinationProbe;
import io.cosd.service.ReplicationService.DestinationState;
import io.cosd.store.meta.MetadataStore;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * REP-V2/V3 at PUT ?replication: a destination in this deployment is looked up in the store; one in
 * another region is asked {@code GET /<bucket>?versioning} with the credentials replication will use.
 */
public final class DestinationProbes implements DestinationProbe {
    private final MetadataStore meta;
    private final RegionMap regions;
    private final Clock clock;

    public DestinationProbes(MetadataStore meta, RegionMap regions, Clock clock) {
        this.meta = meta;
        this.regions = regions;
        this.clock = clock;
    }

    @Override
    public DestinationState probe(Bucket source, String region, String bucket) {
        if (region.equals(regions.local())) {
            Optional<Bucket> d = meta.buckets().find(bucket);
            if (d.isEmpty()) return DestinationState.NO_SUCH_BUCKET;
            if (!d.get().ownerUin().equals(source.ownerUin())) return DestinationState.NOT_OWNER;
            return d.get().versioning() == VersioningState.ENABLED ? DestinationState.OK : DestinationState.NOT_VERSIONED;
        }
        Region r = regions.find(region).orElseThrow();
        RegionClient.Credentials creds = RegionClient.credentials(meta, r, source);
        if (creds == null) return DestinationState.NOT_OWNER;
        // A probe is rare (PUT ?replication only): a transport of its own, closed right after.
        try (HttpTransport http = new HttpTransport(1)) {
            RegionClient.Reply reply = new RegionClient(r, http, clock).send("GET", bucket, null, Map.of("versioning", ""), Map.of(),
                    null, 0, creds);
            if (reply.status() == 404) return DestinationState.NO_SUCH_BUCKET;
            if (reply.status() == 403) return DestinationState.NOT_OWNER;
            if (!reply.ok()) return DestinationState.UNREACHABLE;
            return reply.body().contains("<Status>Enabled</Status>") ? DestinationState.OK : DestinationState.NOT_VERSIONED;
        } catch (IOException e) {
            return DestinationState.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DestinationState.UNREACHABLE;
        }
    }
}
