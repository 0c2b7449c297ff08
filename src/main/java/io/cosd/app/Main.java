package io.cosd.app;

import io.cosd.domain.bucket.BucketNaming;
import io.cosd.domain.identity.Account;
import io.cosd.store.meta.MasterKeyException;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code cosd serve | admin ...}. Flags override COSD_* environment variables. */
@Command(name = "cosd", mixinStandardHelpOptions = true, version = "cosd " + Server.VERSION,
        description = "Self-hosted object storage speaking the Tencent COS XML API and Amazon S3.",
        subcommands = {Main.Serve.class, Admin.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).setExecutionExceptionHandler(Main::oneLine).execute(args);
        // serve blocks until shutdown; every other command ends here.
        System.exit(code);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Refusals an operator must act on (port busy, data dir in use or not writable, master key missing
     * or wrong; docs/storage.md "Start-up checks") are one line on
     * stderr and exit code 1, not a stack trace; anything else keeps picocli's default report.
     */
    static int oneLine(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof StartupRefused || e instanceof DataDirLock.InUse || e instanceof MasterKeyException) {
            cmd.getErr().println("cosd: " + e.getMessage());
            return 1;
        }
        throw e;
    }

    static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the server (SQLite metadata + blobs on disk under the data dir, or a shared --blob-dir; --metadata-url: metadata on PostgreSQL).",
            footer = {"", "Lifecycle (environment only; docs/lifecycle.md):",
                    "  COSD_LIFECYCLE_DAY_SECONDS=N  test mode: a lifecycle day is N seconds, no midnight rounding",
                    "  COSD_LIFECYCLE_ZONE=Asia/Shanghai  whose midnights count lifecycle days",
                    "  COSD_RESTORE_DELAYS=60,10800,18000  restore delay in seconds: Expedited,Standard,Bulk",
                    "", "Signatures (docs/signing.md \"Security\"):",
                    "  COSD_QSIGN_ALLOW_UNSIGNED_HOST=true  same as --allow-qsign-without-host",
                    "  COSD_QSIGN_MAX_WINDOW=604800  same as --qsign-max-window",
                    "  COSD_SIGV4_REGION_ALIASES=a,b  same as --sigv4-region-alias",
                    "  COSD_SIGV2=on|off  same as --sigv2",
                    "", "Secrets at rest (environment only; docs/storage.md):",
                    "  COSD_MASTER_KEY=<base64 of 32 bytes>  the key that seals SecretKeys in meta.db, or",
                    "  COSD_MASTER_KEY_FILE=<path>  a file holding it (default <data>/master.key, created on first start)",
                    "  nodes sharing a --blob-dir must all hold the same key (docs/scale-out.md)",
                    "  COSD_SSE_C_ALLOW_HTTP=true  accept SSE-C keys over plain HTTP (tests only; docs/encryption.md SSE-9)",
                    "", "Root account (environment only; used on a data dir's first start only):",
                    "  COSD_ROOT_UIN, COSD_APPID, COSD_ROOT_SECRET_ID, COSD_ROOT_SECRET_KEY",
                    "  default: generated and shown once; `cosd admin credentials show` finds them",
                    "  again; a later start whose values differ prints one warning line",
                    "", "One server per data dir: a second one exits at once (lock <data>/cosd.lock).",
                    "A start that cannot succeed (port in use, data dir not writable, master key",
                    "wrong) exits with one line and creates nothing (docs/storage.md ST-B1)."})
    static final class Serve implements Callable<Integer> {
        @Option(names = "--port", description = "HTTP port (env COSD_PORT, default 9000; 0 = any free port)")
        Integer port;
        @Option(names = "--bind", description = "Bind address (env COSD_BIND, default 0.0.0.0)")
        String bind;
        @Option(names = "--data-dir", description = "Data directory (env COSD_DATA_DIR, default ./data)")
        Path dataDir;
        @Option(names = "--blob-dir", description = "Blob root that several nodes may share (env COSD_BLOB_DIR; default <data-dir>/blobs, "
                + "this node's own); on a shared POSIX file system outside every data dir (docs/scale-out.md)")
        Path blobDir;
        @Option(names = "--blob-grace", paramLabel = "<duration>", description = "On a shared --blob-dir, start-up cleanup removes only "
                + "temporary files and unreferenced blobs older than this (env COSD_BLOB_GRACE; default 1h; docs/scale-out.md ST-R2)")
        String blobGrace;
        @Option(names = "--direct-io", paramLabel = "auto|off", description = "auto: write blob files of 256 KiB and more with O_DIRECT "
                + "where the file system takes it; off: every blob through the page cache (env COSD_DIRECT_IO; default auto; docs/storage.md ST-W6)")
        String directIo;
        @Option(names = "--region", description = "This deployment's region (env COSD_REGION, default ap-guangzhou)")
        String region;
        @Option(names = "--domain-suffix", description = "Extra virtual-host suffixes, comma separated: <bucket>.<suffix> (env COSD_DOMAIN_SUFFIX)")
        String domainSuffix;
        @Option(names = "--regions", description = "Other regions for replication: name=url[,name=url...]; url http(s)://[id:key@]host "
                + "= a peer cosd, cos+http(s):// = COS, s3+http(s):// = S3 (env COSD_REGIONS)")
        String regions;
        @Option(names = "--regions-file", description = "Properties file: <region>.endpoint/.secret-id/.secret-key/.signer (env COSD_REGIONS_FILE)")
        Path regionsFile;
        @Option(names = "--idle-timeout", description = "Seconds before an idle connection is closed (env COSD_IDLE_TIMEOUT, default 120)")
        Integer idleTimeout;
        @Option(names = "--trusted-proxy", paramLabel = "<CIDR>",
                description = "A reverse proxy whose X-Forwarded-For / X-Forwarded-Proto are believed (repeatable; env COSD_TRUSTED_PROXIES, comma separated; default none)")
        List<String> trustedProxies;
        @Option(names = "--max-connections", description = "Concurrent connections; more are refused with 503 SlowDown (env COSD_MAX_CONNECTIONS, default 10000; 0 = no limit; docs/edge.md)")
        Integer maxConnections;
        @Option(names = "--min-body-rate", description = "Bytes/s a request body must average over the window, else 400 RequestTimeout (env COSD_MIN_BODY_RATE, default 1024; 0 = no minimum)")
        Long minBodyRate;
        @Option(names = "--body-rate-window", description = "Seconds the body rate is averaged over (env COSD_BODY_RATE_WINDOW, default 30)")
        Integer bodyRateWindow;
        @Option(names = "--max-ranges", description = "Ranges one GET may ask for; more are answered with the whole object (env COSD_MAX_RANGES, default 16; 0 = ranges off)")
        Integer maxRanges;
        @Option(names = "--shutdown-grace", paramLabel = "<seconds>", description = "On SIGTERM/Ctrl-C, how long requests in flight may take "
                + "to finish before their connections are cut; new requests are refused meanwhile (env COSD_SHUTDOWN_GRACE, default 25; docs/edge.md EDGE-S2)")
        Integer shutdownGrace;
        @Option(names = "--max-body-buffer", paramLabel = "<size>", description = "Request-body bytes all connections together may hold "
                + "buffered; over it, a connection holding 16 KiB of its body is not read until there is room again, and a small document "
                + "read whole past 16 KiB is 503 SlowDown (env COSD_MAX_BODY_BUFFER; "
                + "default half the JVM's max direct memory, at least 16MiB; e.g. 256MiB, 0 = no limit; docs/edge.md EDGE-B1..B5)")
        String maxBodyBuffer;
        @Option(names = "--allow-qsign-without-host", description = "Accept q-sign signatures whose q-header-list lacks host, for old SDKs "
                + "(env COSD_QSIGN_ALLOW_UNSIGNED_HOST=true; default off: a signature must name its bucket's host; docs/signing.md AUTH-2)")
        Boolean allowQSignWithoutHost;
        @Option(names = "--qsign-max-window", paramLabel = "<seconds>", description = "Longest q-sign-time/q-key-time window and SigV4 X-Amz-Expires accepted "
                + "(env COSD_QSIGN_MAX_WINDOW, default 604800 = 7 days; docs/signing.md AUTH-6)")
        Long qsignMaxWindow;
        @Option(names = "--sigv4-region-alias", paramLabel = "<region>", description = "Another region name SigV4 credential scopes "
                + "may name besides --region, e.g. the name other deployments replicate here under as a plain S3 endpoint "
                + "(repeatable; env COSD_SIGV4_REGION_ALIASES, comma separated; default none; docs/signing.md AUTH-5)")
        List<String> sigV4RegionAliases;
        @Option(names = "--sigv2", paramLabel = "on|off", description = "Verify AWS Signature Version 2 (Authorization: AWS ak:sig "
                + "and ?AWSAccessKeyId=&Expires=&Signature= URLs, e.g. s3cmd signurl, and POST forms); off: 400 InvalidRequest "
                + "(env COSD_SIGV2, default on; docs/signing.md \"SigV2\")")
        String sigV2;
        @Option(names = "--min-free-space", paramLabel = "<size>",
                description = "Free space kept on the blob root's disk (the data dir's by default); writes that would eat into it get 503 (env COSD_MIN_FREE_SPACE; "
                        + "default 1GiB,5%% = the smaller of 1 GiB and 5%% of the disk; e.g. 512M, 2GiB, 10%%, 0 = none)")
        String minFreeSpace;
        @Option(names = "--scrub-interval", paramLabel = "<duration>",
                description = "Time between background scrub passes that re-read and verify every blob (env COSD_SCRUB_INTERVAL; default 7d; 0 = off)")
        String scrubInterval;
        @Option(names = "--bucket-names", paramLabel = "cos|s3",
                description = "Bucket names accepted: cos = <name>-<APPID> of the creator's account (default); s3 = also plain S3 names, "
                        + "unique on this server, for tools and teams coming from other S3 servers (env COSD_BUCKET_NAMES; docs/buckets.md)")
        String bucketNames;
        @Option(names = "--scrub-rate", paramLabel = "<size>",
                description = "Bytes per second the background scrub reads (env COSD_SCRUB_RATE; default 8MiB)")
        String scrubRate;
        @Option(names = "--inline-max", paramLabel = "<size>",
                description = "New objects of at most this many stored bytes and known length are kept in the metadata database, "
                        + "committed with their metadata in one fsync (env COSD_INLINE_MAX; default 64KiB; off = none; docs/storage.md)")
        String inlineMax;
        @Option(names = "--metadata-url", paramLabel = "<url>",
                description = "Metadata on PostgreSQL 15+: postgresql://host:port/db?user=…&password=… or a jdbc:postgresql: URL "
                        + "(env COSD_METADATA_URL, which keeps the password out of the process list; default: SQLite in <data>/meta.db; "
                        + "docs/scale-out.md)")
        String metadataUrl;
        @Option(names = "--console", paramLabel = "on|off",
                description = "The web console at /-/console/ on the endpoint's own host (env COSD_CONSOLE; default on). "
                        + "While on, path-style objects on that host are served with Content-Security-Policy: sandbox; "
                        + "serve a static site virtual-hosted or with the console off (docs/console.md)")
        String console;

        /** --min-free-space, --scrub-interval, --scrub-rate, --inline-max or their COSD_* variables; a bad value is a usage error. */
        private Config.Integrity integrity() {
            try {
                return Config.Integrity.parse(minFreeSpace != null ? minFreeSpace : env("COSD_MIN_FREE_SPACE", null),
                        scrubInterval != null ? scrubInterval : env("COSD_SCRUB_INTERVAL", null),
                        scrubRate != null ? scrubRate : env("COSD_SCRUB_RATE", null),
                        inlineMax != null ? inlineMax : env("COSD_INLINE_MAX", null));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
            }
        }

        /** --max-body-buffer or COSD_MAX_BODY_BUFFER; anything but a size is a usage error. */
        private long maxBodyBuffer() {
            try {
                return Config.Edge.maxBodyBuffer(maxBodyBuffer != null ? maxBodyBuffer : env("COSD_MAX_BODY_BUFFER", null));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
            }
        }

        /** --sigv2 or COSD_SIGV2; anything but on/off is a usage error. */
        private boolean sigV2() {
            try {
                return Config.Auth.sigV2(sigV2, name -> env(name, null));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
            }
        }

        /** --blob-dir / --blob-grace / --direct-io or COSD_BLOB_DIR / COSD_BLOB_GRACE / COSD_DIRECT_IO; a bad value is a usage error. */
        Config.Blobs blobs() {
            try {
                return Config.Blobs.resolve(blobDir, blobGrace, directIo, name -> env(name, null));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
            }
        }

        /** --bucket-names or COSD_BUCKET_NAMES; anything but cos/s3 is a usage error. */
        private BucketNaming bucketNaming() {
            try {
                return Config.bucketNaming(bucketNames, name -> env(name, null));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
            }
        }

        @Override
        public Integer call() throws Exception {
            Config c = new Config(
                    bind != null ? bind : env("COSD_BIND", "0.0.0.0"),
                    port != null ? port : Integer.parseInt(env("COSD_PORT", "9000")),
                    dataDir != null ? dataDir : Path.of(env("COSD_DATA_DIR", "data")),
                    region != null ? region : env("COSD_REGION", "ap-guangzhou"),
                    Config.csv(domainSuffix != null ? domainSuffix : env("COSD_DOMAIN_SUFFIX", "")),
                    1000L * (idleTimeout != null ? idleTimeout : Integer.parseInt(env("COSD_IDLE_TIMEOUT", "120"))),
                    trustedProxies != null ? trustedProxies : List.copyOf(Config.csv(env("COSD_TRUSTED_PROXIES", ""))),
                    regions != null ? regions : env("COSD_REGIONS", null),
                    regionsFile != null ? regionsFile : (env("COSD_REGIONS_FILE", null) == null ? null : Path.of(env("COSD_REGIONS_FILE", null))),
                    Config.Lifecycle.fromEnv(name -> env(name, null)))
                    .withEdge(new Config.Edge(
                            maxConnections != null ? maxConnections : Integer.parseInt(env("COSD_MAX_CONNECTIONS", "10000")),
                            minBodyRate != null ? minBodyRate : Long.parseLong(env("COSD_MIN_BODY_RATE", "1024")),
                            1000L * (bodyRateWindow != null ? bodyRateWindow : Integer.parseInt(env("COSD_BODY_RATE_WINDOW", "30"))),
                            maxRanges != null ? maxRanges : Integer.parseInt(env("COSD_MAX_RANGES", "16")),
                            1000L * (shutdownGrace != null ? shutdownGrace : Integer.parseInt(env("COSD_SHUTDOWN_GRACE", "25"))),
                            maxBodyBuffer()))
                    .withAuth(Config.Auth.resolve(allowQSignWithoutHost, qsignMaxWindow, sigV4RegionAliases, name -> env(name, null)).withSigV2(sigV2()))
                    .withIntegrity(integrity())
                    .withBucketNaming(bucketNaming())
                    .withBlobs(blobs());
            java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
            if (metadataUrl != null) env.put(MetadataWiring.ENV, metadataUrl); // the flag wins, as every flag does
            if (console != null) env.put(Server.CONSOLE_ENV, console);
            try {
                io.cosd.api.ops.ConsoleEndpoint.enabled(env.get(Server.CONSOLE_ENV)); // a bad value is a usage error
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
            }
            Server server = Server.start(c, env);
            for (String line : server.startupLines()) {
                (line.startsWith("cosd: warning:") ? System.err : System.out).println(line);
            }
            System.err.flush();
            System.out.println(server.describe());
            System.out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stop.countDown();
            }));
            stop.await();
            return 0;
        }
    }

    /**
     * The metadata store for an admin command. Takes no data-dir lock, so metadata-only commands
     * work beside a running server, and never runs start-up cleanup (docs/storage.md "One process
     * per data dir"). Uses the same master key settings as {@code serve}.
     */
    static MetadataStore openStore(Path dataDir) {
        Path dir = dataDir != null ? dataDir : Path.of(env("COSD_DATA_DIR", "data"));
        if (MetadataWiring.postgres(System.getenv()) != null) { // COSD_METADATA_URL: the server's PostgreSQL (docs/scale-out.md)
            return MetadataWiring.open(dir, System.getenv(), MasterKeys.from(dir, System.getenv()));
        }
        // An admin command never creates a data dir (meta.db, master.key) as a side effect of a
        // mistyped --data-dir: that is the first start's job (docs/storage.md ST-B1).
        if (!Files.isRegularFile(dir.resolve("meta.db"))) {
            throw new StartupRefused("no cosd data in " + dir.toAbsolutePath() + " (no meta.db); start the server once"
                    + " (cosd serve), or use --data-dir DIR");
        }
        return JdbcMetadataStore.openSqlite(dir.resolve("meta.db"), Clock.systemUTC(), MasterKeys.from(dir, System.getenv()));
    }

    /** The blob root an admin command reads and writes: {@code --blob-dir} or COSD_BLOB_DIR, else the data dir's own (docs/scale-out.md). */
    static io.cosd.store.blob.BlobRoot blobRoot(Path dataDir, Path blobDir) {
        Path dir = dataDir != null ? dataDir : Path.of(env("COSD_DATA_DIR", "data"));
        return Config.Blobs.resolve(blobDir, null, name -> env(name, null)).root(dir);
    }

    /** The SSE-S3 keys of the data dir's master key (docs/encryption.md, SSE-5), for admin commands that read encrypted objects. */
    static io.cosd.service.SseService sseService(Path dataDir, MetadataStore meta) {
        Path dir = dataDir != null ? dataDir : Path.of(env("COSD_DATA_DIR", "data"));
        return new io.cosd.service.SseService(MasterKeys.from(dir, System.getenv()).load(false).sseWrapKey(),
                new io.cosd.service.BuiltInKeyService(meta.kmsKeys(), Clock.systemUTC())); // SSE-KMS versions open too
    }

    static Account rootAccount(MetadataStore meta, String appId) {
        var accounts = meta.identity().listAccounts();
        return accounts.stream().filter(a -> appId == null || a.appId().equals(appId)).findFirst()
                .orElseThrow(() -> new CommandLine.ParameterException(new CommandLine(new Main()),
                        "no account" + (appId == null ? " (start the server once to create the root account)" : " with appid " + appId)));
    }
}
