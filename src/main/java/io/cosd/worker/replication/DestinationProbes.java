package io.cosd.worker.replication;

import io.cosd.domain.bucket.AzType;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.replication.Region;
import io.cosd.domain.replication.RegionMap;
import io.cosd.service.ReplicationService.DestinationAz;
import io.cosd.service.ReplicationService.DestinationProbe;
import io.cosd.service.ReplicationService.DestinationState;
import io.cosd.store.meta.MetadataStore;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * REP-V2/V3/V9 at PUT ?replication: a destination in this deployment is looked up in the store; one in
 * another region is asked {@code GET /<bucket>?versioning} (and, for a MAZ source, {@code HEAD /<bucket>})
 * with the credentials replication will use.
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
        RegionClient.Reply reply = ask(r, "GET", bucket, Map.of("versioning", ""), creds);
        if (reply == null) return DestinationState.UNREACHABLE;
        if (reply.status() == 404) return DestinationState.NO_SUCH_BUCKET;
        if (reply.status() == 403) return DestinationState.NOT_OWNER;
        if (!reply.ok()) return DestinationState.UNREACHABLE;
        return reply.body().contains("<Status>Enabled</Status>") ? DestinationState.OK : DestinationState.NOT_VERSIONED;
    }

    /**
     * REP-V9. Locally: the stored type. In another region: {@code HEAD /<bucket>} and its
     * {@code x-cos-bucket-az-type}, which COS (and a peer cosd) sends only for a MAZ bucket. Its
     * absence means OAZ from an endpoint that speaks COS (q-sign, or a peer cosd reached with SigV4);
     * a plain S3 endpoint never sends it, so there it means "unknown".
     */
    @Override
    public DestinationAz azType(Bucket source, String region, String bucket) {
        if (region.equals(regions.local())) {
            return meta.buckets().find(bucket).map(b -> b.multiAz() ? DestinationAz.MAZ : DestinationAz.OAZ)
                    .orElse(DestinationAz.UNREACHABLE); // deleted since probe(): cannot tell
        }
        Region r = regions.find(region).orElseThrow();
        RegionClient.Credentials creds = RegionClient.credentials(meta, r, source);
        RegionClient.Reply reply = creds == null ? null : ask(r, "HEAD", bucket, Map.of(), creds);
        if (reply == null || !reply.ok()) return DestinationAz.UNREACHABLE;
        if (AzType.MAZ.name().equalsIgnoreCase(reply.azType())) return DestinationAz.MAZ;
        return r.signer() == Region.Signer.COS || r.cosd() ? DestinationAz.OAZ : DestinationAz.UNKNOWN;
    }

    /** One bucket request; null when the region cannot be reached. */
    private RegionClient.Reply ask(Region r, String method, String bucket, Map<String, String> query, RegionClient.Credentials creds) {
        // A probe is rare (PUT ?replication only): a transport of its own, closed right after.
        try (HttpTransport http = new HttpTransport(1)) {
            return new RegionClient(r, http, clock).send(method, bucket, null, query, Map.of(), null, 0, creds);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
