package io.cosd.worker.replication;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.replication.Region;
import io.cosd.domain.signing.OutboundSigner;
import io.cosd.domain.signing.UriCodec;
import io.cosd.store.meta.MetadataStore;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The outgoing requests to one destination region ({@link HttpTransport}: HTTP/1.1, bodies streamed).
 * A COS service host ({@code cos.<region>.myqcloud.com}) is addressed virtual-hosted, as real COS
 * requires for new buckets (docs/spec/protocol.md §7); every other endpoint (a peer cosd, an S3 server)
 * path style. Requests are signed with q-sign or SigV4 as the region says.
 */
final class RegionClient {
    private static final Pattern COS_SERVICE = Pattern.compile("^cos\\.[a-z0-9-]+\\.(myqcloud\\.com|tencentcos\\.cn)$");

    /** {@code azType}: the {@code x-cos-bucket-az-type} header (HEAD Bucket, REP-V9), null when absent. */
    /** What COS (and a peer cosd) answers a write with: the stored bytes' CRC-64/ECMA-182, in decimal. */
    static final String CRC64_HEADER = "x-cos-hash-crc64ecma";

    /** {@code crc64}: the destination's {@code x-cos-hash-crc64ecma}, when it sent one. */
    record Reply(int status, String body, String etag, String azType, String crc64) {
        Reply(int status, String body) {
            this(status, body, null, null, null);
        }

        Reply(int status, String body, String etag) {
            this(status, body, etag, null, null);
        }

        Reply(int status, String body, String etag, String azType) {
            this(status, body, etag, azType, null);
        }

        boolean ok() { return RetryPolicy.classify(status) == RetryPolicy.Verdict.DELIVERED; }

        /** Worth retrying (REP-S4): see {@link RetryPolicy#classify(int)}. */
        boolean transientFailure() { return RetryPolicy.classify(status) == RetryPolicy.Verdict.RETRY; }
    }

    record Credentials(String secretId, String secretKey) {}

    private final Region region;
    private final HttpTransport http;
    private final Clock clock;

    RegionClient(Region region, HttpTransport http, Clock clock) {
        this.region = region;
        this.http = http;
        this.clock = clock;
    }

    Region region() { return region; }

    /** The region's own credentials, else the source bucket owner's root key (same account, docs/replication.md#regions); null: none. */
    static Credentials credentials(MetadataStore meta, Region region, Bucket source) {
        if (region.hasCredentials()) return new Credentials(region.secretId(), region.secretKey());
        var account = meta.identity().findAccount(source.ownerUin());
        if (account.isEmpty()) return null;
        for (var k : meta.identity().listKeys(account.get())) {
            if (k.active() && k.userUin().equals(source.ownerUin())) {
                var full = meta.identity().findKey(k.secretId());
                if (full.isPresent()) return new Credentials(full.get().secretId(), full.get().secretKey());
            }
        }
        return null;
    }

    /**
     * @param headers extra request headers (content headers, metadata, replica headers); all signed
     * @param body    null for no body
     */
    Reply send(String method, String bucket, String key, Map<String, String> query, Map<String, String> headers,
               Supplier<InputStream> body, long length, Credentials creds) throws IOException, InterruptedException {
        URI base = region.endpoint();
        boolean virtual = COS_SERVICE.matcher(base.getHost()).matches();
        String host = (virtual ? bucket + "." : "") + base.getHost();
        String hostHeader = host + (base.getPort() > 0 ? ":" + base.getPort() : "");
        String path = (virtual ? "" : "/" + bucket) + "/" + (key == null ? "" : key);
        StringBuilder q = new StringBuilder();
        for (var e : query.entrySet()) {
            q.append(q.isEmpty() ? "?" : "&").append(UriCodec.encode(e.getKey(), false));
            if (!e.getValue().isEmpty()) q.append('=').append(UriCodec.encode(e.getValue(), false));
        }
        URI uri = URI.create(base.getScheme() + "://" + hostHeader + UriCodec.encode(path, true) + q);
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.put("host", hostHeader);
        Map<String, String> sent = new LinkedHashMap<>(headers);
        sent.put("Host", hostHeader); // exactly the signed value (the client would drop an explicit default port)
        if (region.signer() == Region.Signer.S3) {
            sent.putAll(OutboundSigner.sigV4(method, path, query, signed, region.name(), creds.secretId(), creds.secretKey(), clock.instant()));
        } else {
            sent.put("Authorization", OutboundSigner.cos(method, path, query, signed, creds.secretId(), creds.secretKey(),
                    clock.instant(), 3600));
        }
        return http.exchange(method, uri, sent, body, length);
    }
}
