package io.cosd.app;

import io.cosd.api.ApiHandler;
import io.cosd.api.Dispatcher;
import io.cosd.api.acl.AclHandler;
import io.cosd.api.acl.AclHeaders;
import io.cosd.api.auth.AuthSettings;
import io.cosd.api.auth.Authenticator;
import io.cosd.api.bucket.BucketHandler;
import io.cosd.api.bucket.BucketTaggingHandler;
import io.cosd.api.bucket.BucketTaggingXml;
import io.cosd.api.encryption.EncryptionHandler;
import io.cosd.api.bucket.VersioningHandler;
import io.cosd.api.core.Limits;
import io.cosd.api.cors.CorsHandler;
import io.cosd.api.cors.CorsXml;
import io.cosd.api.dialect.Addressing;
import io.cosd.api.http.HttpServer;
import io.cosd.api.lifecycle.LifecycleHandler;
import io.cosd.api.object.CopyHandler;
import io.cosd.api.object.DeleteObjectsHandler;
import io.cosd.api.object.ListHandler;
import io.cosd.api.object.MultipartHandler;
import io.cosd.api.object.ObjectHandler;
import io.cosd.api.object.PostObjectHandler;
import io.cosd.api.object.RestoreHandler;
import io.cosd.api.object.TaggingHandler;
import io.cosd.api.ops.HealthCheck;
import io.cosd.api.ops.LifecycleAdminEndpoint;
import io.cosd.api.ops.AccountsAdminEndpoint;
import io.cosd.api.ops.ConsoleEndpoint;
import io.cosd.api.ops.ReplicationAdminEndpoint;
import io.cosd.api.ops.UsersAdminEndpoint;
import io.cosd.service.IdentityAdmin;
import io.cosd.api.ops.OpsEndpoints;
import io.cosd.api.ops.RequestMetrics;
import io.cosd.api.policy.Access;
import io.cosd.api.policy.ClientAddress;
import io.cosd.api.object.SseHeaders;
import io.cosd.api.policy.ExplainEndpoint;
import io.cosd.api.policy.PolicyHandler;
import io.cosd.api.policy.PolicyParser;
import io.cosd.api.policy.PublicAccessXml;
import io.cosd.api.replication.ReplicationHandler;
import io.cosd.api.replication.ReplicationXml;
import io.cosd.domain.bucket.BucketNaming;
import io.cosd.domain.replication.RegionMap;
import io.cosd.service.AclService;
import io.cosd.service.BucketService;
import io.cosd.service.BuiltInKeyService;
import io.cosd.service.CorsService;
import io.cosd.service.EncryptionConfigService;
import io.cosd.service.LifecycleService;
import io.cosd.service.ListingService;
import io.cosd.service.MultipartService;
import io.cosd.service.ObjectService;
import io.cosd.service.KeyService;
import io.cosd.service.SseService;
import io.cosd.service.PolicyService;
import io.cosd.service.PublicAccessService;
import io.cosd.service.ObjectLockService;
import io.cosd.api.lock.LockHeaders;
import io.cosd.api.lock.ObjectLockHandler;
import io.cosd.api.lock.ObjectLockXml;
import io.cosd.service.BucketTaggingService;
import io.cosd.service.UserPolicyService;
import io.cosd.service.ReplicationService;
import io.cosd.service.ScrubService;
import io.cosd.store.StartupCleanup;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import io.cosd.worker.IntegrityMetrics;
import io.cosd.worker.LifecycleMetrics;
import io.cosd.worker.Leases;
import io.cosd.worker.LifecycleWorker;
import io.cosd.worker.RestoreWorker;
import io.cosd.worker.ScrubWorker;
import io.cosd.worker.WorkerRunner;
import io.cosd.worker.replication.DestinationProbes;
import io.cosd.worker.replication.ReplicationMetrics;
import io.cosd.worker.replication.ReplicationWorker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Wiring: the only place that builds concrete classes. Usable in-process by tests. */
public final class Server implements AutoCloseable {
    /** on|off: the web console under /-/console/ (docs/console.md); {@code --console} sets it. */
    public static final String CONSOLE_ENV = "COSD_CONSOLE";
    private final MetadataStore meta;
    private final HttpServer http;
    private final Config config;
    private final WorkerRunner workers;
    private final AutoCloseable afterWorkers;
    private final Leases leases;
    /** The version a node's row shows (cosd admin nodes), as {@code cosd --version} prints it. */
    static final String VERSION = "0.1.0";
    private final LifecycleWiring lifecycle;
    private final DataDirLock lock;

    private ScrubService scrub;
    private List<String> startupLines = List.of();

    private Server(Config config, MetadataStore meta, HttpServer http, WorkerRunner workers, Leases leases, AutoCloseable afterWorkers,
                   LifecycleWiring lifecycle, DataDirLock lock) {
        this.lock = lock;
        this.lifecycle = lifecycle;
        this.afterWorkers = afterWorkers;
        this.leases = leases;
        this.config = config;
        this.meta = meta;
        this.http = http;
        this.workers = workers;
    }

    /**
     * Starts on {@code config}; {@code env} supplies first-start root credentials and the master key
     * settings (COSD_MASTER_KEY, COSD_MASTER_KEY_FILE).
     * <p>
     * Everything that can fail is checked before anything is created (docs/storage.md "Start-up
     * checks" ST-B1): the data dir's permissions, the master key, the regions, then the port is bound
     * (its requests wait until the server is built), then the data-dir lock is taken before anything
     * touches the data, and the root account is created last, so credentials generated here are
     * shown by a start that succeeds ({@link #startupLines()}).
     * Refused with a one-line message: {@link StartupRefused}, {@code DataDirLock.InUse} (data dir in
     * use) or {@link io.cosd.store.meta.MasterKeyException} (master key missing or wrong).
     */
    public static Server start(Config config, Map<String, String> env) throws IOException, InterruptedException {
        var keys = MasterKeys.from(config.dataDir(), env);
        StartupChecks.dataDir(config.dataDir());
        StartupChecks.masterKey(keys);
        SharedBlobRoot.check(config.blobs().root(config.dataDir()), config.dataDir(), keys); // docs/scale-out.md ST-R1, ST-R3
        MetadataWiring.postgres(env); // a malformed --metadata-url refuses the start before anything is created
        try {
            ConsoleEndpoint.enabled(env.get(CONSOLE_ENV)); // --console sets it (Main), as --metadata-url does
        } catch (IllegalArgumentException e) {
            throw new StartupRefused(e.getMessage());
        }
        RegionMap regions;
        try {
            regions = config.regionMap();
        } catch (IOException e) {
            throw new StartupRefused("cannot read the regions file " + config.regionsFile() + ": " + e.getMessage() + "; fix --regions-file");
        } catch (IllegalArgumentException e) {
            throw new StartupRefused("bad regions setting: " + e.getMessage() + "; fix --regions or --regions-file");
        }
        PrometheusRegistry registry = new PrometheusRegistry(); // one per server: tests run several in a JVM
        RequestMetrics requestMetrics = new RequestMetrics(registry);
        // A request head must arrive, and a body keep moving, within the idle timeout (capped at 30 s / 60 s).
        // Connections, body rate and ranges are bounded too (docs/edge.md).
        var limits = new HttpServer.Limits(config.idleTimeoutMillis(), Math.min(30_000, config.idleTimeoutMillis()),
                Math.min(60_000, config.idleTimeoutMillis()), config.edge().maxConnections(), config.edge().minBodyRate(),
                config.edge().bodyRateWindowMillis(), config.edge().shutdownGraceMillis(), config.edge().maxBodyBuffer());
        DeferredApi deferred = new DeferredApi();
        HttpServer http;
        try {
            http = new HttpServer(config.bind(), config.port(), limits, deferred, requestMetrics.edge());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) { // BindException and friends, thrown through Netty's future
            throw StartupChecks.bindFailed(config.bind(), config.port(), e);
        }
        try {
            return wire(config, env, keys, regions, registry, requestMetrics, http, deferred);
        } catch (IOException | RuntimeException e) {
            deferred.failed(); // requests that arrived during the start are answered 503, not waited for (EDGE-S2)
            http.close();
            throw e;
        }
    }

    private static Server wire(Config config, Map<String, String> env, MasterKeySource keys, RegionMap regions,
                               PrometheusRegistry registry, RequestMetrics requestMetrics, HttpServer http, DeferredApi deferred)
            throws IOException {
        // Before anything touches the data: a second process must stop here, before start-up cleanup
        // could take the live server's in-flight blobs for orphans (docs/storage.md "One process per data dir").
        DataDirLock lock = DataDirLock.serve(config.dataDir());
        var sealer = new java.util.concurrent.atomic.AtomicReference<io.cosd.store.meta.SecretSealer>();
        MetadataStore meta;
        TieredBlobStore blobs;
        String nodeId;
        boolean sharedRoot;
        try (DataDirLock.Held cleaning = lock.forCleanup()) { // nor while an admin command writes blobs (DataDirLock)
            meta = MetadataWiring.open(config.dataDir(), env, capturing(keys, sealer)); // SQLite, or --metadata-url (docs/scale-out.md)
            try {
                nodeId = NodeId.ensure(config.dataDir()); // names this node's row and leases too (docs/scale-out.md SC-L5)
                var root = config.blobs().root(config.dataDir());
                // The node id also names this node in /-/health and in its metrics' node label (docs/scale-out.md "Operations").
                sharedRoot = root.shared();
                if (sharedRoot) root = root.withNode(nodeId); // its own temp dir on the shared root (ST-R2)
                blobs = LifecycleWiring.blobs(root, config.integrity().minFreeSpace(), meta, config.integrity().inlineMax());
                SharedBlobRoot.attach(root, sealer.get(), meta.checkpoints(), Instant.now()); // ST-R3, ST-R4, before cleanup: a refused node deletes nothing
                StartupCleanup.run(blobs, meta); // before requests are served: temp files and orphan blobs (ST-R2 on a shared root)
            } catch (IOException | RuntimeException e) {
                meta.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        Clock clock = Clock.systemUTC();
        try {
            Addressing addressing = new Addressing(config.domainSuffixes(), config.bucketNaming());
            // The key row is read on every request; what a revoked key leaves in memory goes with the change (SC-C6).
            meta.changes().subscribe(new KeyMemos());
            Authenticator auth = new Authenticator(meta.identity()::findKey, clock, new AuthSettings(
                    config.region(), config.auth().allowQSignWithoutHost(), config.auth().maxQSignWindow(),
                    config.auth().sigV4RegionAliases(), config.auth().sigV2()));
            // Background workers (lifecycle, replication) register here, before start (docs/spec/design.md §6).
            WorkerRunner workers = new WorkerRunner(clock);
            // Singleton workers step only on the node holding their lease; outbox rows are claimed per node
            // (docs/scale-out.md "Workers across nodes", SC-L1..L6). A lone node simply holds every lease.
            Leases leases = Leases.fromSystemProperties(meta.leases(), nodeId);
            leases.onAcquired(workers::wake);
            ReplicationService replication = new ReplicationService(meta.buckets(), regions, new DestinationProbes(meta, regions, clock),
                    ReplicationXml::decode, ReplicationXml::encode, () -> workers.wake("replication"));
            var integrity = new IntegrityMetrics(registry, blobs::freeBytes);
            // SC-T5: write transactions the database aborted and this node ran again (serialization
            // failures, deadlocks); near zero on PostgreSQL, where hot writes queue on row locks instead.
            io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("cosd_db_retries_total")
                    .help("Metadata write transactions run again after a serialization failure or deadlock")
                    .callback(cb -> cb.call(meta.writeRetries())).register(registry);
            // What requests cost the database (docs/scale-out.md "What a request costs the database"):
            // per op, the difference over a run divided by the ops.
            io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("cosd_db_transactions_total")
                    .help("Metadata database transactions begun by this node")
                    .callback(cb -> cb.call(meta.dbTransactions())).register(registry);
            io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("cosd_db_statements_total")
                    .help("Metadata database statements run by this node, in transactions or alone")
                    .callback(cb -> cb.call(meta.dbStatements())).register(registry);
            // SC-T8: requests that waited the pool's whole wait for a database connection (answered 503 SlowDown).
            io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("cosd_db_pool_timeouts_total")
                    .help("Metadata requests that got no pooled database connection within the pool's wait (answered 503 SlowDown)")
                    .callback(cb -> cb.call(meta.poolTimeouts())).register(registry);
            // SC-F2: writes refused because another node's orphan sweep had taken their blob (this node was paused past the grace).
            io.prometheus.metrics.core.metrics.CounterWithCallback.builder().name("cosd_blob_fence_refusals_total")
                    .help("Writes refused (503) because their blob had been swept as an orphan before their metadata commit")
                    .callback(cb -> cb.call(meta.fenceRefusals())).register(registry);
            // SSE-KMS's key service (SSE-16) and the bucket default the data path applies (docs/encryption.md)
            BuiltInKeyService keyService = new BuiltInKeyService(meta.kmsKeys(), clock);
            EncryptionConfigService encryption = new EncryptionConfigService(meta.buckets(), keyService);
            ObjectService objects = new ObjectService(meta, blobs, clock, Limits.MAX_PUT_BYTES, replication).withIntegrityEvents(integrity)
                    .withSse(new SseService(sealer.get().sseWrapKey(), keyService)); // docs/encryption.md: SSE-S3 under the master key
            // object lock (docs/object-lock.md): the default retention is read at every commit (LOCK-2)
            ObjectLockService objectLock = new ObjectLockService(meta, clock, objects, ObjectLockXml::decodeConfig, ObjectLockXml::encodeConfig);
            objects.withLockDefaults(objectLock);
            LockHeaders lockHeaders = new LockHeaders(objectLock);
            CorsService corsService = new CorsService(meta.buckets(), CorsXml::decode, CorsXml::encode);
            CorsHandler cors = new CorsHandler(corsService);
            LifecycleMetrics lifecycleMetrics = new LifecycleMetrics(registry);
            LifecycleWiring lc = LifecycleWiring.build(config.lifecycle(), meta, blobs, objects, lifecycleMetrics);
            LifecycleService lifecycle = lc.service();
            PolicyService policies = new PolicyService(meta, PolicyParser::parse);
            AclService acls = new AclService(meta);
            objects.withOwnership(acls.ownership()); // ACL-O6: the setting read again at every commit
            PublicAccessService publicAccess = new PublicAccessService(meta.buckets(), PublicAccessXml::decode, PublicAccessXml::encode);
            AclHeaders aclHeaders = new AclHeaders(acls, publicAccess);
            UserPolicyService userPolicies = new UserPolicyService(meta, (text, account) -> PolicyParser.parseIdentity(text, account.appId(), config.region()));
            ClientAddress clients = new ClientAddress(config.trustedProxies());
            Access access = new Access(policies, publicAccess, userPolicies, clients, acls);
            // SSE-9: SSE-C keys only over HTTPS (a trusted proxy's X-Forwarded-Proto, as aws:SecureTransport) unless the setting allows HTTP.
            SseHeaders sseHeaders = new SseHeaders(rc -> clients.resolve(rc).secure(), "true".equalsIgnoreCase(env.get("COSD_SSE_C_ALLOW_HTTP")), true, encryption);
            BucketTaggingService bucketTags = new BucketTaggingService(meta.buckets(), BucketTaggingXml::decode, BucketTaggingXml::encode);
            BucketService bucketService = new BucketService(meta, clock, name -> {
                encryption.forget(name);
                bucketTags.forget(name);
                corsService.forget(name);
                policies.forget(name);
                publicAccess.forget(name);
                acls.ownership().forget(name);
                lifecycle.forget(name);
                replication.forget(name);
                objectLock.forget(name);
            }, config.bucketNaming(), objects::release);
            // Test-only knob: the crash test completes thousands of tiny parts (docs/storage.md).
            long minPartSize = Long.getLong("cosd.multipart.minPartSize", Limits.MIN_PART_SIZE);
            MultipartService multipart = new MultipartService(meta, blobs, objects, clock, Limits.MAX_PUT_BYTES,
                    minPartSize, Limits.MAX_PARTS);
            IdentityAdmin identityAdmin = new IdentityAdmin(meta.identity());
            Dispatcher dispatcher = new Dispatcher(
                    new BucketHandler(bucketService, config.region(), config.auth().sigV4RegionAliases()).withAcls(aclHeaders, acls)
                            .withTags(bucketTags).withObjectLock(objectLock),
                    new ObjectHandler(objects, lifecycle, lc.restores(), config.edge().maxRanges()).withAcls(aclHeaders).withLocks(lockHeaders)
                            .withSse(sseHeaders),
                    new ListHandler(new ListingService(meta)),
                    new CopyHandler(objects, meta, lc.restores(), lifecycle).withAcls(aclHeaders).withLocks(lockHeaders).withSse(sseHeaders),
                    new DeleteObjectsHandler(objects),
                    new TaggingHandler(objects),
                    new VersioningHandler(bucketService),
                    cors,
                    new MultipartHandler(multipart, objects, meta, lifecycle).withAcls(aclHeaders).withLocks(lockHeaders).withSse(sseHeaders),
                    new PolicyHandler(policies, publicAccess).withAcls(acls),
                    new ReplicationHandler(replication),
                    new LifecycleHandler(lifecycle, lc.xml()),
                    new RestoreHandler(objects, lc.restores()),
                    new OpsEndpoints(registry, new HealthCheck(nodeId, meta.engine(), meta::ping, sharedRoot ? "shared" : "data-dir",
                            blobs::probeWritable, blobs::freeBytes, Duration.ofSeconds(2))),
                    new LifecycleAdminEndpoint(meta, lc.executor()),
                    new ExplainEndpoint(policies, publicAccess, userPolicies, acls),
                    new PostObjectHandler(objects, lifecycle, auth).withAcls(aclHeaders).withLocks(lockHeaders).withSse(sseHeaders),
                    new AclHandler(acls, objects, aclHeaders))
                    .withBucketTagging(new BucketTaggingHandler(bucketTags))
                    .withObjectLock(new ObjectLockHandler(objectLock))
                    .withEncryption(new EncryptionHandler(encryption, true)) // SSE-D5..D8: SseHeaders applies the bucket default
                    .withAdmin(new UsersAdminEndpoint(identityAdmin, userPolicies), new AccountsAdminEndpoint(identityAdmin),
                            new ReplicationAdminEndpoint(meta.buckets(), new io.cosd.service.ReplicationAdmin(meta.replication(),
                                    meta.buckets(), replication::find, config.region(), replication::enqueued))) // docs/security.md ADM-1..ADM-13
                    .withConsole(ConsoleEndpoint.enabled(env.get(CONSOLE_ENV)) ? ConsoleEndpoint.on() : ConsoleEndpoint.off()); // docs/console.md
            ApiHandler api = new ApiHandler(addressing, auth, meta, dispatcher, cors, clock, requestMetrics, access).withKms(true); // SSE-16
            ReplicationWorker replicationWorker = new ReplicationWorker(meta, objects, replication, clock, new ReplicationMetrics(registry))
                    .withEncryptionDefaults(encryption) // SSE-12: a same-deployment replica gets its bucket's default
                    .claimingAs(nodeId, leases.nodeTtl()); // SC-L4
            workers.register(replicationWorker);
            workers.register(leases.gate(new LifecycleWorker(lc.executor(), meta.checkpoints(), clock, lifecycleMetrics,
                    leases.fence(meta.checkpoints()))));
            workers.register(leases.gate(new RestoreWorker(lc.restores(), clock,
                    lc.days().testMode() ? Duration.ofMillis(250) : Duration.ofSeconds(30))));
            var scrub = new ScrubService(meta, blobs, objects, integrity, clock);
            if (!config.integrity().scrubInterval().isZero()) {
                workers.register(leases.gate(new ScrubWorker(scrub, meta.checkpoints(), clock,
                        config.integrity().scrubInterval(), config.integrity().scrubRate(), leases.fence(meta.checkpoints()))));
            }
            // Last, so nothing after it can fail: generated credentials are shown by this start (Main).
            List<String> lines = Bootstrap.ensureRootAccount(meta, config.dataDir(), env);
            deferred.ready(api);
            leases.start(advertised(config, http.port()), VERSION); // before the workers: a lone node holds its leases at their first step
            workers.start();
            Server server = new Server(config, meta, http, workers, leases, replicationWorker, lc, lock);
            server.scrub = scrub;
            server.startupLines = lines;
            return server;
        } catch (IOException | RuntimeException e) {
            // The API may be serving already (deferred.ready above): the edge stops first, so no
            // handler runs on a closed store (EDGE-S3); Server.start's own close after this is a no-op.
            deferred.failed();
            http.close();
            meta.close();
            lock.close();
            throw e;
        }
    }

    /** What {@code cosd admin nodes} shows as this node's address: the bind address, or the host name when bound to all. */
    private static String advertised(Config config, int port) {
        String host = config.bind();
        if (host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = config.bind();
            }
        }
        return host + ":" + port;
    }

    /** {@code keys}, remembering the master key it gives the metadata store (the SSE-S3 wrap key derives from it, SSE-5). */
    private static MasterKeySource capturing(MasterKeySource keys, java.util.concurrent.atomic.AtomicReference<io.cosd.store.meta.SecretSealer> into) {
        return mayCreate -> {
            var s = keys.load(mayCreate);
            into.set(s);
            return s;
        };
    }

    public int port() { return http.port(); }

    /** Requests in flight on the edge (docs/edge.md "Stopping"). */
    public int requestsInFlight() { return http.inFlight(); }

    /**
     * What this start has to tell the operator before the "listening" line: the root account created
     * on first start with its generated credentials, and a warning when COSD_ROOT_* differ from the
     * stored root account. Lines starting {@code cosd: warning:} go to stderr, the others to stdout.
     */
    public List<String> startupLines() { return startupLines; }

    /** Runs one lifecycle pass now, in the caller's thread (tests; {@code cosd admin lifecycle run} does the same offline). */
    public long runLifecyclePass() {
        return lifecycle.executor().runPass(Instant.now(), null);
    }

    /** One unpaced scrub pass now, over one bucket or all (null), in the caller's thread (tests; {@code cosd admin scrub} does the same offline). */
    public ScrubService.Report runScrub(String bucket) throws InterruptedException {
        return scrub.runPass(bucket, ScrubService.Throttle.NONE);
    }

    /** Completes due restores now (tests). */
    public void runRestores() throws IOException {
        lifecycle.restores().work(Instant.now(), Integer.MAX_VALUE);
    }

    /** The live metadata store (admin tooling and tests that stage state another issue will own). */
    public MetadataStore metadata() { return meta; }

    String describe() {
        return "cosd listening on http://" + config.bind() + ":" + port() + " region=" + config.region()
                + (config.regions() == null && config.regionsFile() == null ? "" : " peers=" + String.join(",", regionNames()))
                + " data=" + config.dataDir().toAbsolutePath()
                + (config.blobs().dir() == null ? "" : " blobs=" + config.blobs().root(config.dataDir()).blobs() + " (shared)")
                + (config.blobs().directIo() ? "" : " direct-io=off")
                + " metadata=" + meta.describe()
                + (config.trustedProxies().isEmpty() ? "" : " trusted-proxies=" + config.trustedProxies())
                + (config.bucketNaming() == BucketNaming.S3 ? " bucket-names=s3" : "");
    }

    private List<String> regionNames() {
        try {
            return List.copyOf(new TreeSet<>(config.regionMap().others().keySet()));
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        http.close();
        workers.close();
        leases.close(); // after the workers stopped: another node takes their leases at its next renewal
        try {
            afterWorkers.close(); // in-flight replication copies finish and are recorded before the store closes
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(Server.class).warn("closing the replication worker", e);
        }
        meta.close();
        lock.close(); // last: nothing of this server touches the data dir any more
    }
}
