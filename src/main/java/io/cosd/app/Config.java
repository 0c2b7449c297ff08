package io.cosd.app;

import io.cosd.domain.bucket.BucketNaming;
import io.cosd.domain.replication.RegionMap;
import io.cosd.store.blob.FreeSpaceReserve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * Resolved server settings (flags override COSD_* environment variables, which override defaults).
 *
 * @param regions     other regions, {@code name=url,...} (COSD_REGIONS; docs/replication.md), or null
 * @param regionsFile a properties file with regions and their credentials (COSD_REGIONS_FILE), or null
 * @param edge        connection, body-rate and range limits (docs/edge.md)
 * @param auth        signature rules that are configurable (docs/signing.md "Security")
 * @param integrity   free-space reserve and scrubbing (docs/storage.md)
 * @param bucketNaming --bucket-names / COSD_BUCKET_NAMES: {@code cos} (default) or {@code s3} (docs/buckets.md "Bucket names")
 * @param blobs       --blob-dir / --blob-grace: the blob root, shared by several nodes when set (docs/scale-out.md "Shared blob root")
 */
public record Config(String bind, int port, Path dataDir, String region, Set<String> domainSuffixes,
              long idleTimeoutMillis, List<String> trustedProxies, String regions, Path regionsFile,
              Lifecycle lifecycle, Edge edge, Auth auth, Integrity integrity,
              BucketNaming bucketNaming, Blobs blobs) {
    /**
     * The blob root (docs/scale-out.md "Shared blob root", ST-R1, ST-R2).
     *
     * @param dir   --blob-dir / COSD_BLOB_DIR: null = {@code <data>/blobs}, this process's own (today's layout)
     * @param grace --blob-grace / COSD_BLOB_GRACE: on a shared root, start-up cleanup removes only temporary
     *              files and unreferenced blobs older than this (default 1h)
     * @param directIo --direct-io / COSD_DIRECT_IO: {@code auto} (true, the default) writes blob files of
     *              256 KiB and more with O_DIRECT where the file system takes it; {@code off} (false) writes
     *              every blob through the page cache (ST-W6, docs/storage.md "Write order of an object")
     */
    public record Blobs(Path dir, Duration grace, boolean directIo) {
        public static final Blobs DEFAULT = new Blobs(null, io.cosd.store.blob.BlobRoot.DEFAULT_GRACE);

        /** Direct writes {@code auto}, the default. */
        public Blobs(Path dir, Duration grace) {
            this(dir, grace, true);
        }

        public Blobs {
            if (grace.isNegative() || grace.isZero()) throw new IllegalArgumentException("--blob-grace must be positive");
        }

        /** Flags win over COSD_BLOB_DIR / COSD_BLOB_GRACE, which win over the defaults. */
        static Blobs resolve(Path dirFlag, String graceFlag, Function<String, String> env) {
            return resolve(dirFlag, graceFlag, null, env);
        }

        /** As above, and --direct-io wins over COSD_DIRECT_IO, which wins over {@code auto}. */
        static Blobs resolve(Path dirFlag, String graceFlag, String directIoFlag, Function<String, String> env) {
            String d = env.apply("COSD_BLOB_DIR"), g = graceFlag != null ? graceFlag : env.apply("COSD_BLOB_GRACE");
            Path dir = dirFlag != null ? dirFlag : d == null || d.isBlank() ? null : Path.of(d.strip());
            return new Blobs(dir, g == null || g.isBlank() ? DEFAULT.grace : Integrity.duration(g), directIo(directIoFlag, env));
        }

        /** {@code auto} (default) or {@code off}; anything else is refused, never read as one of them. */
        static boolean directIo(String flag, Function<String, String> env) {
            String v = flag != null ? flag : env.apply("COSD_DIRECT_IO");
            if (v == null || v.isBlank()) return true;
            return switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "auto" -> true;
                case "off" -> false;
                default -> throw new IllegalArgumentException("--direct-io / COSD_DIRECT_IO must be auto or off, not " + v.trim());
            };
        }

        public io.cosd.store.blob.BlobRoot root(Path dataDir) {
            return io.cosd.store.blob.BlobRoot.of(dataDir, dir, grace).withDirectIo(directIo);
        }
    }

    public Config withBlobs(Blobs b) {
        return new Config(bind, port, dataDir, region, domainSuffixes, idleTimeoutMillis, trustedProxies, regions, regionsFile, lifecycle,
                edge, auth, integrity, bucketNaming, b);
    }

    /** --bucket-names wins over COSD_BUCKET_NAMES, which wins over {@code cos}; anything but cos/s3 is refused. */
    static BucketNaming bucketNaming(String flag, Function<String, String> env) {
        String e = env.apply("COSD_BUCKET_NAMES");
        String v = flag != null ? flag : e == null || e.isBlank() ? "cos" : e;
        return BucketNaming.parse(v).orElseThrow(() -> new IllegalArgumentException(
                "--bucket-names / COSD_BUCKET_NAMES must be cos or s3, not " + v));
    }

    public Config withBucketNaming(BucketNaming n) {
        return new Config(bind, port, dataDir, region, domainSuffixes, idleTimeoutMillis, trustedProxies, regions, regionsFile, lifecycle,
                edge, auth, integrity, n, blobs);
    }

    public Config withAuth(Auth a) {
        return new Config(bind, port, dataDir, region, domainSuffixes, idleTimeoutMillis, trustedProxies, regions, regionsFile, lifecycle, edge, a, integrity, bucketNaming, blobs);
    }

    /**
     * Configurable signature rules (docs/signing.md "Security").
     *
     * @param allowQSignWithoutHost --allow-qsign-without-host / COSD_QSIGN_ALLOW_UNSIGNED_HOST: accept q-sign
     *                              whose q-header-list lacks host (old SDKs); off by default (AUTH-2)
     * @param maxQSignWindow        --qsign-max-window / COSD_QSIGN_MAX_WINDOW (seconds): longest q-sign-time
     *                              and q-key-time window; default 7 days (AUTH-6)
     * @param sigV4RegionAliases    --sigv4-region-alias / COSD_SIGV4_REGION_ALIASES: other region names SigV4
     *                              scopes may name besides --region; default none (AUTH-5)
     * @param sigV2                 --sigv2 on|off / COSD_SIGV2: verify AWS Signature Version 2; default on, for
     *                              s3cmd signurl and older tools (docs/signing.md "SigV2"); off: 400 InvalidRequest
     */
    public record Auth(boolean allowQSignWithoutHost, Duration maxQSignWindow, Set<String> sigV4RegionAliases, boolean sigV2) {
        public static final Auth DEFAULT = new Auth(false, Duration.ofDays(7), Set.of(), true);

        public Auth {
            sigV4RegionAliases = Set.copyOf(sigV4RegionAliases);
        }

        /** SigV2 on, its default. */
        public Auth(boolean allowQSignWithoutHost, Duration maxQSignWindow, Set<String> sigV4RegionAliases) {
            this(allowQSignWithoutHost, maxQSignWindow, sigV4RegionAliases, true);
        }

        public Auth withSigV2(boolean on) { return new Auth(allowQSignWithoutHost, maxQSignWindow, sigV4RegionAliases, on); }

        /** {@code --sigv2} wins over COSD_SIGV2; each is {@code on} or {@code off}; default on. */
        static boolean sigV2(String flag, Function<String, String> env) {
            String v = flag != null ? flag : env.apply("COSD_SIGV2");
            if (v == null || v.isBlank()) return DEFAULT.sigV2;
            return switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "on" -> true;
                case "off" -> false;
                default -> throw new IllegalArgumentException("--sigv2 / COSD_SIGV2 must be on or off, not " + v.trim());
            };
        }

        /** Flags win over COSD_QSIGN_ALLOW_UNSIGNED_HOST, COSD_QSIGN_MAX_WINDOW and COSD_SIGV4_REGION_ALIASES, which win over the defaults. */
        static Auth resolve(Boolean allowFlag, Long windowFlag, List<String> aliasFlags,
                            Function<String, String> env) {
            String allowEnv = env.apply("COSD_QSIGN_ALLOW_UNSIGNED_HOST");
            boolean allow = allowFlag != null ? allowFlag
                    : allowEnv != null && (allowEnv.trim().equalsIgnoreCase("true") || allowEnv.trim().equals("1"));
            String windowEnv = env.apply("COSD_QSIGN_MAX_WINDOW");
            long w = windowFlag != null ? windowFlag
                    : windowEnv == null || windowEnv.isBlank() ? DEFAULT.maxQSignWindow.toSeconds() : Long.parseLong(windowEnv.trim());
            if (w <= 0) throw new IllegalArgumentException("the q-sign maximum window must be a positive number of seconds");
            Set<String> aliases = aliasFlags != null ? csv(String.join(",", aliasFlags)) : csv(env.apply("COSD_SIGV4_REGION_ALIASES"));
            return new Auth(allow, Duration.ofSeconds(w), aliases);
        }
    }
    public Config withIntegrity(Integrity i) {
        return new Config(bind, port, dataDir, region, domainSuffixes, idleTimeoutMillis, trustedProxies, regions, regionsFile, lifecycle, edge, auth, i, bucketNaming, blobs);
    }

    /**
     * Free-space reserve and scrubbing (docs/storage.md).
     *
     * @param minFreeSpace   --min-free-space / COSD_MIN_FREE_SPACE: new blobs are refused (503) while
     *                       writing them would leave less free space than this
     * @param scrubInterval  --scrub-interval / COSD_SCRUB_INTERVAL: time from the end of one background
     *                       scrub pass to the start of the next; zero turns the background scrub off
     * @param scrubRate      --scrub-rate / COSD_SCRUB_RATE: bytes per second the background scrub reads (0: unpaced)
     * @param inlineMax      --inline-max / COSD_INLINE_MAX: new objects of at most this many stored bytes, of known
     *                       length, are kept in the metadata database (docs/storage.md "Small objects inline"); -1: none
     */
    public record Integrity(FreeSpaceReserve minFreeSpace, Duration scrubInterval, long scrubRate, long inlineMax) {
        public static final String DEFAULT_SCRUB_INTERVAL = "7d", DEFAULT_SCRUB_RATE = "8MiB", DEFAULT_INLINE_MAX = "64KiB";
        public static final Integrity DEFAULT = parse(null, null, null);
        static final long MAX_INLINE = 1 << 20;

        public Integrity(FreeSpaceReserve minFreeSpace, Duration scrubInterval, long scrubRate) {
            this(minFreeSpace, scrubInterval, scrubRate, FreeSpaceReserve.parse(DEFAULT_INLINE_MAX).bytes());
        }

        /** Unset values take the defaults: reserve 1 GiB but at most 5% of the disk, a pass a week at 8 MiB/s. */
        public static Integrity parse(String minFreeSpace, String scrubInterval, String scrubRate) {
            return parse(minFreeSpace, scrubInterval, scrubRate, null);
        }

        /** As above; {@code inlineMax} a size (default 64KiB) or {@code off}. */
        public static Integrity parse(String minFreeSpace, String scrubInterval, String scrubRate, String inlineMax) {
            String inline = inlineMax == null || inlineMax.isBlank() ? DEFAULT_INLINE_MAX : inlineMax.trim();
            long inlineBytes = inline.equalsIgnoreCase("off") ? -1 : inline.contains("%") || inline.contains(",") ? Long.MAX_VALUE
                    : FreeSpaceReserve.parse(inline).bytes();
            // Bodies up to this size are held whole in memory while they stream in: keep it small.
            if (inlineBytes > MAX_INLINE) throw new IllegalArgumentException("--inline-max must be a size up to 1MiB, or off: " + inline);
            return new Integrity(FreeSpaceReserve.parse(minFreeSpace),
                    duration(scrubInterval == null || scrubInterval.isBlank() ? DEFAULT_SCRUB_INTERVAL : scrubInterval),
                    FreeSpaceReserve.parse(scrubRate == null || scrubRate.isBlank() ? DEFAULT_SCRUB_RATE : scrubRate).bytes(),
                    inlineBytes);
        }

        /** {@code 7d}, {@code 12h}, {@code 30m}, {@code 45s} or plain seconds. */
        static Duration duration(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            try {
                char unit = t.charAt(t.length() - 1);
                if (Character.isDigit(unit)) return Duration.ofSeconds(Long.parseLong(t));
                long n = Long.parseLong(t.substring(0, t.length() - 1).trim());
                return switch (unit) {
                    case 'd' -> Duration.ofDays(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 's' -> Duration.ofSeconds(n);
                    default -> throw new IllegalArgumentException("not a duration: " + s + " (e.g. 7d, 12h, 30m, 45s)");
                };
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("not a duration: " + s + " (e.g. 7d, 12h, 30m, 45s)");
            }
        }
    }

    /** No trusted proxies, no other regions, lifecycle defaults: the client address is the connection's. */
    public Config(String bind, int port, Path dataDir, String region, Set<String> domainSuffixes, long idleTimeoutMillis) {
        this(bind, port, dataDir, region, domainSuffixes, idleTimeoutMillis, List.of());
    }

    /** No other regions; lifecycle defaults. */
    public Config(String bind, int port, Path dataDir, String region, Set<String> domainSuffixes, long idleTimeoutMillis,
                  List<String> trustedProxies) {
        this(bind, port, dataDir, region, domainSuffixes, idleTimeoutMillis, trustedProxies, null, null);
    }

    /** Lifecycle defaults (real days in Beijing time). */
    public Config(String bind, int port, Path dataDir, String region, Set<String> domainSuffixes, long idleTimeoutMillis,
                  List<String> trustedProxies, String regions, Path regionsFile) {
        this(bind, port, dataDir, region, domainSuffixes, idleTimeoutMillis, trustedProxies, regions, regionsFile, Lifecycle.DEFAULT);
    }

    /** Defaults for the edge, signature rules, integrity and bucket names; the {@code with*} methods change one of them. */
    public Config(String bind, int port, Path dataDir, String region, Set<String> domainSuffixes, long idleTimeoutMillis,
                  List<String> trustedProxies, String regions, Path regionsFile, Lifecycle lifecycle) {
        this(bind, port, dataDir, region, domainSuffixes, idleTimeoutMillis, trustedProxies, regions, regionsFile, lifecycle,
                Edge.DEFAULT, Auth.DEFAULT, Integrity.DEFAULT, BucketNaming.COS, Blobs.DEFAULT);
    }

    public Config withLifecycle(Lifecycle l) {
        return new Config(bind, port, dataDir, region, domainSuffixes, idleTimeoutMillis, trustedProxies, regions, regionsFile, l, edge, auth, integrity, bucketNaming, blobs);
    }

    public Config withEdge(Edge e) {
        return new Config(bind, port, dataDir, region, domainSuffixes, idleTimeoutMillis, trustedProxies, regions, regionsFile, lifecycle, e, auth, integrity, bucketNaming, blobs);
    }

    /**
     * Edge limits (docs/edge.md).
     *
     * @param maxConnections    --max-connections / COSD_MAX_CONNECTIONS: concurrent connections, more are refused (EDGE-C1); 0 = no limit
     * @param minBodyRate       --min-body-rate / COSD_MIN_BODY_RATE: bytes/s a request body must average (EDGE-C2); 0 = no minimum
     * @param bodyRateWindowMillis --body-rate-window / COSD_BODY_RATE_WINDOW (seconds there): the averaging window
     * @param maxRanges         --max-ranges / COSD_MAX_RANGES: range specs per GET, more get the whole object (EDGE-R1); 0 = ranges off
     * @param shutdownGraceMillis --shutdown-grace / COSD_SHUTDOWN_GRACE (seconds there): the wait for requests in flight (EDGE-S2)
     * @param maxBodyBuffer     --max-body-buffer / COSD_MAX_BODY_BUFFER: request-body bytes buffered in all connections
     *                          together, over which connections are paused (EDGE-B1..B4); 0 = no limit
     */
    public record Edge(int maxConnections, long minBodyRate, long bodyRateWindowMillis, int maxRanges, long shutdownGraceMillis,
                       long maxBodyBuffer) {
        public static final Edge DEFAULT = new Edge(10_000, 1024, 30_000, 16, io.cosd.api.http.HttpServer.Limits.SHUTDOWN_GRACE_MILLIS,
                io.cosd.api.http.HttpServer.Limits.defaultMaxBodyBuffer());

        public Edge(int maxConnections, long minBodyRate, long bodyRateWindowMillis, int maxRanges) {
            this(maxConnections, minBodyRate, bodyRateWindowMillis, maxRanges, DEFAULT.shutdownGraceMillis());
        }

        public Edge(int maxConnections, long minBodyRate, long bodyRateWindowMillis, int maxRanges, long shutdownGraceMillis) {
            this(maxConnections, minBodyRate, bodyRateWindowMillis, maxRanges, shutdownGraceMillis, DEFAULT.maxBodyBuffer());
        }

        /** {@code --max-body-buffer}: a size such as {@code 256MiB} or {@code 512M}, {@code 0} for no limit; unset: the default (EDGE-B4). */
        public static long maxBodyBuffer(String spec) {
            if (spec == null || spec.isBlank()) return DEFAULT.maxBodyBuffer();
            try {
                var size = io.cosd.store.blob.FreeSpaceReserve.parse(spec.trim());
                if (size.percent() < 0 && !spec.contains(",")) return size.bytes();
            } catch (IllegalArgumentException e) {
                // the message below names the flag
            }
            throw new IllegalArgumentException("--max-body-buffer is not a size: " + spec + " (e.g. 256MiB, 512M, 0 = no limit)");
        }

        public Edge {
            if (maxConnections < 0 || minBodyRate < 0 || bodyRateWindowMillis < 0 || maxRanges < 0 || shutdownGraceMillis < 0
                    || maxBodyBuffer < 0) {
                throw new IllegalArgumentException("edge limits must not be negative");
            }
            if (minBodyRate > 0 && bodyRateWindowMillis < 1000) {
                throw new IllegalArgumentException("the body rate window must be at least 1 second");
            }
        }
    }

    /**
     * Lifecycle settings (docs/lifecycle.md).
     *
     * @param daySeconds  COSD_LIFECYCLE_DAY_SECONDS: when > 0 a lifecycle "day" is that many seconds,
     *                    without midnight rounding, and the worker runs at least that often (Ceph's
     *                    rgw_lc_debug_interval); 0 = real days
     * @param zone        COSD_LIFECYCLE_ZONE: whose midnights count days (COS: Asia/Shanghai, LC-T2)
     * @param restoreExpedited / restoreStandard / restoreBulk  how long a restore of each tier takes
     *                    (COSD_RESTORE_DELAYS=expedited,standard,bulk in seconds)
     */
    public record Lifecycle(long daySeconds, ZoneId zone, Duration restoreExpedited, Duration restoreStandard,
                            Duration restoreBulk) {
        /** Real days in Beijing time; restore delays at the short end of COS's documented ranges (LC-R3). */
        public static final Lifecycle DEFAULT = new Lifecycle(0, ZoneId.of("Asia/Shanghai"),
                Duration.ofMinutes(1), Duration.ofHours(3), Duration.ofHours(5));

        /** Test mode: a day of {@code daySeconds} and restores that complete within seconds. */
        public static Lifecycle testMode(long daySeconds) {
            return new Lifecycle(daySeconds, ZoneId.of("Asia/Shanghai"), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
        }

        /** From COSD_LIFECYCLE_DAY_SECONDS, COSD_LIFECYCLE_ZONE and COSD_RESTORE_DELAYS (seconds, comma separated). */
        static Lifecycle fromEnv(Function<String, String> env) {
            String day = env.apply("COSD_LIFECYCLE_DAY_SECONDS");
            long d = day == null || day.isBlank() ? 0 : Long.parseLong(day.trim());
            Lifecycle base = d > 0 ? testMode(d) : DEFAULT;
            String zone = env.apply("COSD_LIFECYCLE_ZONE");
            ZoneId z = zone == null || zone.isBlank() ? base.zone() : ZoneId.of(zone.trim());
            String delays = env.apply("COSD_RESTORE_DELAYS");
            Duration e = base.restoreExpedited(), s = base.restoreStandard(), b = base.restoreBulk();
            if (delays != null && !delays.isBlank()) {
                String[] p = delays.split(",");
                if (p.length != 3) throw new IllegalArgumentException("COSD_RESTORE_DELAYS must be expedited,standard,bulk in seconds");
                e = Duration.ofSeconds(Long.parseLong(p[0].trim()));
                s = Duration.ofSeconds(Long.parseLong(p[1].trim()));
                b = Duration.ofSeconds(Long.parseLong(p[2].trim()));
            }
            return new Lifecycle(d, z, e, s, b);
        }
    }

    /** This region and the others, from {@link #regions} and {@link #regionsFile} (inline entries win). */
    public RegionMap regionMap() throws IOException {
        Properties file = null;
        if (regionsFile != null) {
            file = new Properties();
            try (var in = Files.newBufferedReader(regionsFile)) {
                file.load(in);
            }
        }
        return RegionMap.parse(region, regions, file);
    }

    static Set<String> csv(String s) {
        Set<String> out = new LinkedHashSet<>();
        if (s != null) Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).map(String::toLowerCase).forEach(out::add);
        return out;
    }
}
