package io.cosd.worker.replication;

import io.cosd.domain.crypto.Encryption;
import io.cosd.domain.crypto.EncryptionRequest;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.replication.Region;
import io.cosd.domain.replication.RegionMap;
import io.cosd.domain.replication.ReplicaHeaderNames;
import io.cosd.domain.replication.ReplicationRule;
import io.cosd.domain.signing.UriCodec;
import io.cosd.service.ObjectService;
import io.cosd.service.PutCommand;
import io.cosd.service.ReplicationService;
import io.cosd.service.StorageFault;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.NoSuchBucketException;
import io.cosd.store.meta.ReplicationOutbox.Entry;
import io.cosd.store.meta.ReplicationOutbox;
import io.cosd.worker.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The replication engine (docs/replication.md#engine, docs/spec/semantics.md §4.3/§4.4): takes due outbox rows, pushes each
 * version or delete marker to its destination, and records the outcome. Transient failures
 * (connection refused, timeouts, 5xx) stay PENDING and are retried with exponential backoff for as
 * long as the destination is down (REP-S4); other refusals are FAILED. Up to 64 copies are in flight
 * at once; for a destination whose last attempt failed transiently only one row (a probe) is in
 * flight, and its other due rows are put off without a request, so a dead region costs one
 * connection attempt at a time. Every delivery is idempotent on a peer
 * cosd (the replica keeps its version id), so a crash between "sent" and "recorded" repeats the
 * request harmlessly and each version arrives exactly once. Every node runs this worker; its rows are
 * claimed per node (docs/scale-out.md SC-L4), so each is delivered by one node at a time, one key's rows one
 * after the other in write order (REP-O1: the claim holds a row while an older row of its key and destination
 * is still owed, so a plain destination's current version is the source's), and a plain
 * COS/S3 destination may see a redelivery after a node's death as a second version (documented there).
 */
public final class ReplicationWorker implements Worker, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicationWorker.class);
    static final int BATCH = 256, MAX_IN_FLIGHT = 64, TOP_UP = 8;
    static final Duration LINGER = Duration.ofMillis(2);
    static final Duration KEEP_COMPLETED = Duration.ofHours(1);
    /**
     * REP-S7: how often a node looks for rows of deleted bucket rows, and how many it deletes at once.
     * The look reads the whole outbox (a seek in buckets per row), so not every second; a full batch
     * means more may be left, and the next housekeeping (a second later) takes the next one.
     */
    static final Duration DELETED_BUCKET_PURGE_EVERY = Duration.ofMinutes(1);
    static final int DELETED_BUCKET_PURGE_BATCH = 1_000;
    /**
     * Plain COS/S3 destinations get objects above this as a multipart upload (their single PUT stops
     * at 5 GiB), in parts of at least {@link #minPartSize}. System properties are test-only knobs.
     */
    private final long multipartAbove = Long.getLong("cosd.replication.multipartAbove", 5L << 30);
    private final long minPartSize = Long.getLong("cosd.replication.partSize", 64L << 20);

    private final MetadataStore meta;
    private final ObjectService objects;
    private final ReplicationService config;
    private final RegionMap regions;
    private final Clock clock;
    private final ReplicationMetrics metrics;
    private final HttpTransport http = new HttpTransport(MAX_IN_FLIGHT);
    private final Map<String, RegionClient> clients = new ConcurrentHashMap<>();
    private Instant lastPurge = Instant.EPOCH;
    private Instant nextDeletedBucketPurge = Instant.EPOCH;
    private final Queue<Entry> done = new ConcurrentLinkedQueue<>();
    private final Map<Long, String> inFlight = new ConcurrentHashMap<>(); // outbox id -> destination
    /** Released by each completion and by {@link #wake}; the step waits on it. */
    private final Semaphore signals = new Semaphore(0);
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    /** Destinations whose last attempt failed transiently: probed with one row before the rest are sent. */
    private final Set<String> down = ConcurrentHashMap.newKeySet();

    /** SC-L4: the node rows are claimed for, and how stale another node's heartbeat must be before its claims lapse. */
    private String node = "local";
    private Duration nodeTtl = Duration.ofSeconds(15);

    /** Claims outbox rows as {@code node} (docs/scale-out.md SC-L4); set once at wiring (Server), before start. */
    public ReplicationWorker claimingAs(String node, Duration nodeTtl) {
        this.node = node;
        this.nodeTtl = nodeTtl;
        return this;
    }

    /** SSE-12: the destination bucket's default encryption for a same-deployment replica; null: none applied. */
    private io.cosd.service.EncryptionConfigService defaults;

    /** Wires bucket default encryption in (docs/encryption.md, SSE-D5); set once at wiring (Server). */
    public ReplicationWorker withEncryptionDefaults(io.cosd.service.EncryptionConfigService d) {
        this.defaults = d;
        return this;
    }

    public ReplicationWorker(MetadataStore meta, ObjectService objects, ReplicationService config, Clock clock, ReplicationMetrics metrics) {
        this.meta = meta;
        this.objects = objects;
        this.config = config;
        this.regions = config.regions();
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public String name() { return "replication"; }

    @Override
    public Duration idleInterval() { return Duration.ofMillis(500); }

    /**
     * A pipeline rather than batches: each step tops the in-flight set up to {@link #MAX_IN_FLIGHT}
     * with due rows, waits for a completion (or new work), and records what was acknowledged since
     * the last step in one transaction (group commit). A row stays "in flight" until its completion
     * is committed, so it is never fetched and sent twice by this process.
     * <p>
     * Costs at high rates (measured with bench/run --only replication): the due-rows query reads the
     * in-flight rows again (they are PENDING until flushed), so it runs only when at least
     * {@link #TOP_UP} slots are free or nothing is in flight; and a completion waits up to
     * {@link #LINGER} for others so a burst shares one commit instead of one commit each.
     */
    @Override
    public Outcome step() throws Exception {
        Instant now = clock.instant();
        housekeeping(now);
        flush();
        int room = MAX_IN_FLIGHT - inFlight.size();
        int submitted = 0;
        if (room >= TOP_UP || inFlight.isEmpty()) {
            // SC-L4: each row is delivered by one node at a time; rows in flight here are this node's claims already.
            for (Entry e : meta.replication().claim(node, now, Math.min(BATCH, inFlight.size() + room), nodeTtl)) {
                if (submitted >= room) break;
                if (inFlight.containsKey(e.id())) continue;
                // A destination that was down gets one probe at a time; its other rows wait for their retry time.
                if (down.contains(e.destination()) && inFlight.containsValue(e.destination())) {
                    retry(e, "destination unavailable (a probe is under way)");
                    continue;
                }
                inFlight.put(e.id(), e.destination());
                submitted++;
                pool.submit(() -> {
                    Result r = Result.RETRY;
                    try {
                        r = handle(e);
                    } finally {
                        if (r != Result.DELIVERED) inFlight.remove(e.id()); // delivered rows leave at flush()
                        signals.release();
                    }
                });
            }
        }
        if (submitted == 0 && inFlight.isEmpty()) return Outcome.IDLE;
        if (signals.tryAcquire(50, TimeUnit.MILLISECONDS)) {
            Thread.sleep(LINGER);
        }
        signals.drainPermits();
        flush();
        return Outcome.MORE;
    }

    /** A new outbox row was committed: end the in-step wait so it is picked up now, not after a completion. */
    @Override
    public void wake() {
        signals.release();
    }

    /**
     * Group commit: one source transaction records every copy acknowledged since the last flush. A
     * crash before it repeats those deliveries, which a peer cosd absorbs (same version id).
     */
    private void flush() {
        List<Entry> batch = new ArrayList<>();
        for (Entry e; (e = done.poll()) != null; ) batch.add(e);
        if (batch.isEmpty()) return;
        try {
            meta.replication().completedAll(batch, clock.instant());
        } catch (RuntimeException ex) {
            done.addAll(batch); // recorded at the next flush; until then the rows stay in flight (not re-sent)
            throw ex;
        }
        for (Entry e : batch) inFlight.remove(e.id());
    }

    /** Lets in-flight copies finish (up to 10 s) and records them; call after the runner stopped, before the store closes. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("could not record the last replication outcomes; they will be sent again", e);
        }
        http.close();
    }

    private enum Result { DELIVERED, RETRY, FAILED }

    private Result handle(Entry e) {
        try {
            return deliver(e);
        } catch (RuntimeException ex) {
            log.warn("replication of {}/{} ({}) failed", e.bucket(), e.key(), e.versionId(), ex);
            retry(e, String.valueOf(ex.getMessage()));
            return Result.RETRY;
        }
    }

    private Result deliver(Entry e) {
        // AUTH-15: the bucket row that wrote the outbox row, read with the row still owed in one statement.
        // DeleteBucket removes its rows in its transaction, so this is never a namesake created since (by
        // another account, with other rules); every read below is of that row only (NoSuchBucketException:
        // deleted since, and the outbox row with it). By name alone, a row left by a deleted bucket would
        // send the namesake's version of the same key and version id (its null version), or a marker it never
        // wrote, under whichever rules the name has now.
        Optional<Bucket> source = meta.replication().source(e);
        if (source.isEmpty()) return fail(e, "the source bucket was deleted"); // or the row went meanwhile: then nothing is recorded
        Optional<ReplicationRule> rule;
        ObjectVersion v = null;
        try {
            // REP-S5: a deleted, disabled or re-targeted rule aborts the work; what was copied stays.
            rule = config.find(source.get()).flatMap(c -> c.ruleFor(e.key()))
                    .filter(r -> r.destination().key(regions.local()).equals(e.destination()));
            if (rule.isEmpty()) return fail(e, "no enabled replication rule covers this key any more");
            if (ReplicationOutbox.PUT.equals(e.operation())) {
                v = meta.objects().version(e.bucket(), e.key(), e.versionId(), source.get().incarnation()).orElse(null);
                // A delete by version id removes the row with the version (REP-R4) and lifecycle waits for
                // the copy (REP-R6), so this is only a row that was already in flight then (failed()
                // then finds it gone) or data changed behind the server's back.
                if (v == null || v.deleteMarker()) return fail(e, "source version no longer exists");
                // docs/storage.md ST-I1: damaged source bytes are never sent as if they were fine. FAILED,
                // like a CRC64 mismatch below: an operator repairs the blob, then resyncs.
                try {
                    var layout = objects.layout(source.get(), v);
                    if (layout.isPresent()) objects.verifyReadable(v, layout.get());
                } catch (StorageFault damaged) {
                    return fail(e, damaged.getMessage());
                }
            }
        } catch (NoSuchBucketException gone) {
            return fail(e, "the source bucket was deleted");
        }
        String region = e.destination().substring(0, e.destination().indexOf('/'));
        String destBucket = e.destination().substring(e.destination().indexOf('/') + 1);
        if (v != null) {
            // SSE-12: an SSE-C version cannot be read without its key, which is the customer's and never stored.
            if (Encryption.customerKeyed(v.encryption())) {
                return fail(e, "objects encrypted with a customer-provided key (SSE-C) are not replicated (docs/encryption.md)");
            }
        }
        try {
            RegionClient.Reply reply = region.equals(regions.local()) ? local(destBucket, e, v, rule.get(), source.get())
                    : remote(region, destBucket, e, v, rule.get(), source.get());
            if (reply.ok() && crcMismatch(v, reply)) {
                // End-to-end check: the destination stored other bytes than the source holds (a
                // multipart source is sent without Content-MD5, so this is its only check). A peer
                // keeps a replica it already has, so sending again would not mend it: FAILED, for
                // an operator to see (admin replication status) and resync.
                return fail(e, "CRC64 mismatch: source " + Long.toUnsignedString(v.crc64()) + ", destination stored " + reply.crc64());
            }
            if (reply.ok()) {
                down.remove(e.destination());
                done.add(e);
                metrics.delivered(e.destination(), v == null ? 0 : v.size(), Duration.between(e.createdAt(), clock.instant()));
                return Result.DELIVERED;
            }
            if (reply.transientFailure()) {
                retry(e, "HTTP " + reply.status() + " " + abbreviate(reply.body()));
                return Result.RETRY;
            }
            return fail(e, "HTTP " + reply.status() + " " + abbreviate(reply.body()));
        } catch (IOException ex) {
            String error = ex.getClass().getSimpleName() + ": " + ex.getMessage();
            if (RetryPolicy.classify(ex) == RetryPolicy.Verdict.FAIL) return fail(e, error);
            retry(e, error);
            return Result.RETRY;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return Result.RETRY;
        }
    }

    /** A destination bucket in this deployment: written through the service, no HTTP. */
    private RegionClient.Reply local(String destBucket, Entry e, ObjectVersion v, ReplicationRule rule, Bucket source) throws IOException {
        Optional<Bucket> dest = meta.buckets().find(destBucket);
        if (dest.isEmpty()) return new RegionClient.Reply(404, "NoSuchBucket");
        if (!dest.get().ownerUin().equals(source.ownerUin())) return new RegionClient.Reply(403, "AccessDenied");
        if (dest.get().versioning() != VersioningState.ENABLED) return new RegionClient.Reply(400, "InvalidRequest");
        // The destination row read above is the one written to (AUTH-13) and whose default applies (AUTH-15); one
        // deleted or created again since is NoSuchBucketException, retried (handle) against the row there is then.
        if (v == null) {
            objects.deleteMarkerReplica(dest.get(), e.key(), e.versionId(), e.createdAt());
        } else {
            var sc = rule.storageClass() == null ? v.storageClass()
                    : StorageClass.parse(rule.storageClass()).orElse(v.storageClass());
            var cmd = new PutCommand(destBucket, v.key(), v.size(), null, sc, v.content(), v.userMetadata(), v.tags())
                    .withChecksum(fullObjectChecksum(v) == null ? null : v.checksum().algorithm()) // docs/checksums.md
                    .withSse(replicaEncryption(dest.get(), v));
            try (InputStream in = objects.openStream(source, v)) {
                objects.putReplica(dest.get(), cmd, in, v.versionId(), v.lastModified(), v.partsCount() > 0 ? v.etag() : null);
            }
        }
        return new RegionClient.Reply(200, "");
    }

    /**
     * SSE-12: how a same-deployment replica is encrypted: as the destination bucket's default says (SSE-D5),
     * else SSE-S3 when its source is encrypted (its own fresh data key), else in the clear.
     */
    private EncryptionRequest replicaEncryption(Bucket dest, io.cosd.domain.object.ObjectVersion v) {
        String destBucket = dest.name();
        // the default of the destination row the replica is written into (AUTH-15), not of whichever row has its name
        var applied = defaults == null ? io.cosd.domain.sse.SseChoice.Applied.NONE
                : defaults.choose(dest, io.cosd.domain.sse.SseChoice.Requested.NOTHING);
        return switch (applied.mode()) {
            case SSE_KMS -> EncryptionRequest.kms(applied.kmsKeyId(),
                    io.cosd.domain.kms.EncryptionContext.effective(Map.of(), destBucket, v.key(), applied.bucketKey()));
            case SSE_S3 -> EncryptionRequest.SSE_S3;
            case NONE, SSE_C -> v.encryption() == null ? null : EncryptionRequest.SSE_S3;
        };
    }

    private RegionClient.Reply remote(String regionName, String destBucket, Entry e, ObjectVersion v, ReplicationRule rule, Bucket source)
            throws IOException, InterruptedException {
        Region region = regions.find(regionName).orElse(null);
        if (region == null) return new RegionClient.Reply(400, "unknown region " + regionName);
        RegionClient client = clients.computeIfAbsent(regionName, n -> new RegionClient(region, http, clock));
        RegionClient.Credentials creds = credentials(region, source);
        if (creds == null) return new RegionClient.Reply(403, "no credentials for region " + regionName);
        String prefix = region.signer() == Region.Signer.S3 ? "x-amz-" : "x-cos-";
        Map<String, String> h = new LinkedHashMap<>();
        if (region.cosd()) {
            h.put(ReplicaHeaderNames.VERSION_ID, e.versionId());
            h.put(ReplicaHeaderNames.MTIME, Long.toString((v == null ? e.createdAt() : v.lastModified()).toEpochMilli()));
            if (v != null && v.partsCount() > 0) h.put(ReplicaHeaderNames.ETAG, v.etag());
        }
        if (v == null) return client.send("DELETE", destBucket, e.key(), Map.of(), h, null, 0, creds);
        ContentHeaders c = v.content();
        putIf(h, "Content-Type", c.contentType());
        putIf(h, "Cache-Control", c.cacheControl());
        putIf(h, "Content-Disposition", c.contentDisposition());
        putIf(h, "Content-Encoding", c.contentEncoding());
        putIf(h, "Content-Language", c.contentLanguage());
        putIf(h, "Expires", c.expires());
        v.userMetadata().forEach((k, val) -> h.put(prefix + "meta-" + k, val));
        h.put(prefix + "storage-class", rule.storageClass() != null ? rule.storageClass() : v.storageClass().name());
        if (!v.tags().isEmpty()) h.put(prefix + "tagging", tagging(v.tags()));
        if (v.encryption() != null) h.put(prefix + "server-side-encryption", "AES256"); // SSE-12: the replica is encrypted at rest too
        if (v.etag() != null && v.etag().length() == 34 && v.partsCount() == 0) {
            h.put("Content-MD5", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(v.etag().substring(1, 33))));
        }
        final ObjectVersion ver = v;
        if (!region.cosd() && v.size() > multipartAbove) {
            return MultipartPush.send(client, destBucket, e.key(), h, v.size(), MultipartPush.partSize(v.size(), minPartSize),
                    (start, len) -> objects.openStream(source, ver, start, len), creds, e.uploadId(), id -> meta.replication().rememberUpload(e, id));
        }
        // The source's FULL_OBJECT checksum travels with a single PUT to a cosd or S3 destination, which verifies
        // it against the bytes it receives and stores it (docs/checksums.md); COS defines no such header.
        if (fullObjectChecksum(v) != null && (region.cosd() || region.signer() == Region.Signer.S3)) {
            h.put(v.checksum().algorithm().header(), v.checksum().wire());
        }
        return client.send("PUT", destBucket, e.key(), Map.of(), h, () -> {
            try {
                return objects.openStream(source, ver);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }, v.size(), creds);
    }

    private static io.cosd.domain.object.ObjectChecksum fullObjectChecksum(ObjectVersion v) {
        var c = v.checksum();
        return c != null && c.type() == io.cosd.domain.object.ObjectChecksum.Type.FULL_OBJECT ? c : null;
    }

    private record CachedCreds(RegionClient.Credentials creds, Instant until) {}

    private final Map<String, CachedCreds> creds = new ConcurrentHashMap<>();

    /** Credentials per (region, owner), re-read every 30 s so a revoked or rotated key is noticed soon. */
    private RegionClient.Credentials credentials(Region region, Bucket source) {
        String k = region.name() + "/" + source.ownerUin();
        Instant now = clock.instant();
        CachedCreds c = creds.get(k);
        if (c == null || now.isAfter(c.until())) {
            c = new CachedCreds(RegionClient.credentials(meta, region, source), now.plusSeconds(30));
            creds.put(k, c);
        }
        return c.creds();
    }

    private void retry(Entry e, String error) {
        Duration delay = RetryPolicy.delay(e.attempts(), ThreadLocalRandom.current().nextDouble());
        if (!meta.replication().retry(e, clock.instant().plus(delay), error)) {
            // The row went while the copy was in flight (its version deleted by id, REP-R4): the
            // error is the vanished blob, not the destination, which is therefore not marked down.
            log.debug("replication of {}/{} ({}) was canceled while in flight", e.bucket(), e.key(), e.versionId());
            return;
        }
        down.add(e.destination());
        metrics.retried(e.destination());
    }

    private Result fail(Entry e, String error) {
        if (!meta.replication().failed(e, clock.instant(), error)) {
            // Canceled meanwhile: its version was deleted by id (REP-R4); not a failure.
            log.debug("replication of {}/{} ({}) was canceled", e.bucket(), e.key(), e.versionId());
            return Result.FAILED;
        }
        log.warn("replication of {}/{} ({}) to {} failed permanently: {}", e.bucket(), e.key(), e.versionId(), e.destination(), error);
        metrics.failed(e.destination());
        return Result.FAILED;
    }

    private void housekeeping(Instant now) {
        if (Duration.between(lastPurge, now).compareTo(Duration.ofSeconds(1)) < 0) return;
        lastPurge = now;
        metrics.observeQueue(meta.replication(), now);
        meta.replication().purgeCompleted(now.minus(KEEP_COMPLETED));
        if (!now.isBefore(nextDeletedBucketPurge)) {
            int purged = meta.replication().purgeOfDeletedBuckets(DELETED_BUCKET_PURGE_BATCH);
            metrics.purgedOfDeletedBuckets(purged);
            if (purged > 0) log.info("purged {} replication outbox rows of deleted buckets (REP-S7)", purged);
            nextDeletedBucketPurge = purged >= DELETED_BUCKET_PURGE_BATCH ? now : now.plus(DELETED_BUCKET_PURGE_EVERY);
        }
    }

    /** Only when both sides know the value (versions from before CRC64, S3 endpoints: no check). */
    private static boolean crcMismatch(ObjectVersion v, RegionClient.Reply reply) {
        return v != null && v.crc64() != null && reply.crc64() != null && !reply.crc64().equals(Long.toUnsignedString(v.crc64()));
    }

    private static void putIf(Map<String, String> h, String name, String value) {
        if (value != null) h.put(name, value);
    }

    private static String tagging(Map<String, String> tags) {
        List<String> out = new ArrayList<>();
        tags.forEach((k, v) -> out.add(UriCodec.encode(k, false) + "=" + UriCodec.encode(v, false)));
        return String.join("&", out);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) : s;
    }
}
