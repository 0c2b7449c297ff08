package io.cosd.bench.lifecycle;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.lifecycle.LifecycleXml;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.lifecycle.DayClock;
import io.cosd.service.LifecycleActions;
import io.cosd.service.LifecycleEvents;
import io.cosd.service.LifecycleExecutor;
import io.cosd.service.LifecycleService;
import io.cosd.service.ObjectService;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One lifecycle pass over a big bucket (docs/lifecycle.md#speed). The fill is direct (SQL batches into the
 * server's own schema, plus real blob files for the objects that will expire) because a
 * million signed PUTs take far longer than the pass on two cores; the pass itself is the
 * server's executor, unchanged, over the same SQLite database (WAL, synchronous=FULL).
 * Layout: N objects under logs/ (10%), data/, img/ and docs/ (30% each), all 10 days old; rule
 * "logs" expires logs/ after 1 day (all due), and a second rule that is never due: with
 * {@code --rules whole} it covers the whole bucket (empty filter), so the pass scans every version;
 * with {@code --rules prefixes} (default) it covers data/, so the pass reads only logs/ and data/.
 * Either way it deletes 10%.
 */
public final class LifecycleBench {
    public static void main(String[] args) throws Exception {
        int n = 1_000_000;
        Path dir = null;
        String phase = "both", dropIndex = null;
        VersioningState versioning = VersioningState.UNVERSIONED;
        String second = "<Rule><ID>data</ID><Filter><Prefix>data/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>3650</Days></Expiration></Rule>";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--objects" -> n = Integer.parseInt(args[++i]);
                case "--data-dir" -> dir = Path.of(args[++i]);
                // bench/lifecycle runs the fill and the pass in two JVMs, so the pass's RSS is its own
                // (the fill's SQLite cache and freed heap would otherwise stay resident).
                case "--phase" -> phase = args[++i];
                // Diagnosis only (bench/README.md): drop one index before the pass to see what its upkeep costs.
                case "--drop-index" -> dropIndex = args[++i];
                // enabled: the same "null" versions in a bucket that turned versioning on since, so
                // expiring one adds a delete marker (one row, no blob to unlink) instead of removing it.
                case "--versioning" -> versioning = VersioningState.valueOf(args[++i].toUpperCase(java.util.Locale.ROOT));
                case "--rules" -> {
                    String r = args[++i];
                    if (r.equals("whole")) second = "<Rule><ID>all</ID><Filter/><Status>Enabled</Status><Expiration><Days>3650</Days></Expiration></Rule>";
                    else if (!r.equals("prefixes")) throw new IllegalArgumentException("--rules whole|prefixes");
                }
                default -> throw new IllegalArgumentException("usage: LifecycleBench [--objects N] [--rules whole|prefixes] [--data-dir DIR]");
            }
        }
        if (dir == null) dir = Files.createTempDirectory("cosd-lc-bench");
        Files.createDirectories(dir);
        String bucket = "lcbench-1250000000";
        Instant old = Instant.now().minus(Duration.ofDays(10));

        long t0 = System.nanoTime();
        if (phase.equals("blobs")) {
            // bench/lifecycle --reuse-dir: a copy of a filled meta.db gets the blob files the pass will
            // unlink written again (they are a function of the object's index), instead of a new fill.
            writeBlobs(dir, n / 10);
            System.out.printf("blobs: %,d blob files written in %.1f s%n", n / 10, (System.nanoTime() - t0) / 1e9);
            return;
        }
        if (!phase.equals("pass")) {
        try (MetadataStore meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"))) {
            var a = meta.identity().createAccount("100000000001", "1250000000");
            meta.buckets().create(new Bucket(bucket, a.rootUin(), a.appId(), "ap-guangzhou", old, versioning));
            var xml = new LifecycleXml(DayClock.BEIJING);
            var config = xml.parse(("<LifecycleConfiguration>"
                    + "<Rule><ID>logs</ID><Filter><Prefix>logs/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule>"
                    + second + "</LifecycleConfiguration>").getBytes(StandardCharsets.UTF_8), Dialect.COS);
            meta.buckets().putConfig(bucket, ConfigKind.LIFECYCLE, LifecycleXml.encode(config));
        }
        long expiring = fill(dir, bucket, n, old);
        System.out.printf("fill: %,d objects (%,d with blob files) in %.1f s%n", n, expiring, (System.nanoTime() - t0) / 1e9);
        }
        if (phase.equals("fill")) return;
        if (dropIndex != null) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("meta.db")); Statement s = c.createStatement()) {
                s.execute("DROP INDEX " + dropIndex);
                System.out.println("diagnosis: index " + dropIndex + " dropped before the pass");
            }
        }

        try (MetadataStore meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"))) {
            var blobs = new TieredBlobStore(new DiskBlobStore(dir), new DiskBlobStore(dir.resolve("cold")));
            var objects = new ObjectService(meta, blobs, Clock.systemUTC(), Long.MAX_VALUE);
            var xml = new LifecycleXml(DayClock.BEIJING);
            var service = new LifecycleService(meta.buckets(), xml::decode, LifecycleXml::encode, DayClock.cos());
            AtomicLong expired = new AtomicLong();
            LifecycleEvents events = new LifecycleEvents() {
                @Override public void applied(String kind) { expired.incrementAndGet(); }
            };
            var executor = new LifecycleExecutor(meta, service, new LifecycleActions(meta, blobs, objects), events);

            Runtime rt = Runtime.getRuntime();
            System.gc();
            long baseline = rt.totalMemory() - rt.freeMemory();
            AtomicLong peak = new AtomicLong(baseline);
            long rssBase = rssKiB();
            AtomicLong rssPeak = new AtomicLong(rssBase);
            // RSS too (heap + SQLite's page cache + everything native), sampled every 50 ms; each
            // tenth of the pass prints its peak so growth over the pass shows (bench/README.md).
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                    rssPeak.accumulateAndGet(rssKiB(), Math::max);
                    try { Thread.sleep(50); } catch (InterruptedException e) { return; }
                }
            });
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime(), io0 = writeBytes();
            long p0 = System.nanoTime();
            long scanned = 0;
            long tenth = Math.max(1, n / 10), report = tenth;
            Instant now = Instant.now();
            for (var p = executor.start(); p != null; ) {
                var s = executor.step(p, now, false, null);
                scanned += s.scanned();
                p = s.next();
                if (scanned >= report) {
                    System.out.printf("  %,d versions scanned at %.1f s: heap used %d MiB, RSS %d MiB (peak so far %d MiB)%n", scanned,
                            (System.nanoTime() - p0) / 1e9, (rt.totalMemory() - rt.freeMemory()) >> 20, rssKiB() >> 10, rssPeak.get() >> 10);
                    report += tenth;
                }
            }
            double secs = (System.nanoTime() - p0) / 1e9;
            double cpuSecs = (os.getProcessCpuTime() - cpu0) / 1e9; // this process (pass + JIT + GC), less sensitive to other load than wall time
            long written = writeBytes() - io0; // bytes this process caused to be written to disk (WAL, checkpoints, journal)
            sampler.interrupt();
            long left = meta.objects().listLatest(bucket, "logs/", null, 10).size();
            System.out.printf("pass: scanned %,d versions, expired %,d in %.1f s (%,.0f versions/s), process CPU %.1f s, %,d MiB written; heap max %d MiB (used: baseline %d MiB, peak %d MiB); RSS before %d MiB, peak %d MiB; logs/ left: %d%n",
                    scanned, expired.get(), secs, scanned / secs, cpuSecs, written >> 20, rt.maxMemory() >> 20, baseline >> 20, peak.get() >> 20,
                    rssBase >> 10, rssPeak.get() >> 10, left);
        }
    }

    /** write_bytes of /proc/self/io (what this process sent to the block layer), 0 where missing. */
    static long writeBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("write_bytes:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (Exception e) {
            // not Linux
        }
        return 0;
    }

    /** This process's resident set (VmRSS) in KiB, 0 where /proc is missing. */
    static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (Exception e) {
            // not Linux: no RSS figure
        }
        return 0;
    }

    /**
     * SQL batches (synchronous=OFF only for the fill) and a real blob file for every logs/ object.
     * The objects table's secondary indexes are dropped for the fill and re-created from their own
     * stored definitions afterwards (a sort instead of millions of random index inserts), which
     * keeps the fill in step with whatever indexes the migrations define. Blob ids are spread over
     * the blobs/ab/cd/ fan-out as the store's random ids are (a counter would put them all in one
     * directory, which makes every unlink slower than the server's).
     */
    static long fill(Path dir, String bucket, int n, Instant lastModified) throws Exception {
        int logs = n / 10;
        String[] prefixes = {"data/", "img/", "docs/"};
        // The blob files go in beside the SQL inserts (file creation is kernel work, the inserts are
        // SQLite's): the fill then takes about the longer of the two, not their sum.
        var blobWriter = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                writeBlobs(dir, logs);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, r -> Thread.ofPlatform().start(r));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("meta.db"))) {
            java.util.Map<String, String> indexes = new java.util.LinkedHashMap<>();
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=OFF");
                s.execute("PRAGMA cache_size=-262144"); // 256 MiB for the fill's connection only
                s.execute("PRAGMA threads=2"); // the index re-creation's sort may use the second core
                try (var rs = s.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'objects' AND sql IS NOT NULL")) {
                    while (rs.next()) indexes.put(rs.getString(1), rs.getString(2));
                }
                for (String name : indexes.keySet()) s.execute("DROP INDEX " + name);
            }
            c.setAutoCommit(false);
            String sql = "INSERT INTO objects (bucket, key, version_id, seq, is_latest, delete_marker, size, etag, storage_class,"
                    + " content_type, user_meta, tags, blob_id, parts_count, created_at) VALUES (?, ?, 'null', ?, 1, 0, 4, '\"e\"', 'STANDARD',"
                    + " 'application/octet-stream', '{}', '{}', ?, 0, ?)";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < n; i++) {
                    String num = Integer.toString(i);
                    String pad = "00000000".substring(Math.min(8, num.length())) + num;
                    String key = i < logs ? "logs/" + pad : prefixes[i % 3] + pad;
                    String blob = blobId(i);
                    ps.setString(1, bucket);
                    ps.setString(2, key);
                    ps.setLong(3, i + 1);
                    ps.setString(4, blob);
                    ps.setLong(5, lastModified.toEpochMilli());
                    ps.addBatch();
                    if ((i + 1) % 50_000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE buckets SET next_seq = ? WHERE name = ?")) {
                ps.setLong(1, n + 1L);
                ps.setString(2, bucket);
                ps.executeUpdate();
            }
            c.commit();
            long t = System.nanoTime();
            try (Statement s = c.createStatement()) {
                for (String create : indexes.values()) s.execute(create);
            }
            c.commit();
            System.out.printf("fill: %d indexes of objects re-created in %.1f s%n", indexes.size(), (System.nanoTime() - t) / 1e9);
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        blobWriter.join();
        return logs;
    }

    /** Object i's blob id. A bijective mix of i in the top 64 bits spreads the ids; i itself in the low 64 keeps them unique. */
    static String blobId(int i) {
        return hex16((i + 1L) * 0x9E3779B97F4A7C15L) + hex16(i + 1L);
    }

    /**
     * The 4-byte blob files of objects 0 .. logs-1 (the logs/ objects, the ones that expire), under
     * the store's blobs/ab/cd/ fan-out, by two threads: creating a file in one of 65,536 random
     * directories is kernel work (a few hundred µs each on the reference VM), so one per core.
     */
    static void writeBlobs(Path dir, int logs) throws Exception {
        byte[] four = {1, 2, 3, 4};
        int threads = 2;
        java.util.Set<Path> made = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < logs; i += threads) {
                        String blob = blobId(i);
                        Path d = dir.resolve("blobs").resolve(blob.substring(0, 2)).resolve(blob.substring(2, 4));
                        if (!made.contains(d)) { // recorded only once it exists: another thread may write into it next
                            Files.createDirectories(d);
                            made.add(d);
                        }
                        Files.write(d.resolve(blob), four);
                    }
                    return null;
                }));
            }
            for (var f : done) f.get();
        }
    }

    private static String hex16(long v) {
        String h = Long.toHexString(v);
        return "0000000000000000".substring(h.length()) + h;
    }
}
