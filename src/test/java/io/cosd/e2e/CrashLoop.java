package io.cosd.e2e;

import io.cosd.e2e.CrashLoopModel.Key;
import io.cosd.e2e.CrashLoopModel.Op;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The crash loop (docs/storage.md "Crash loop"): small-PUT load at {@code writers} concurrent writers
 * against a cosd process, SIGKILL at a random moment, restart on the same data dir, verify every
 * key and every version against {@link CrashLoopModel}, and go on with the next round on the same
 * data (state accumulates across kills). Used by {@code CrashLoopTest} (a few kills in the test
 * suite) and by {@code bench/crash-loop} (main: many kills, one line per round).
 */
final class CrashLoop {
    static final String PLAIN = E2e.bucket("crashloop");
    static final String VERSIONED = E2e.bucket("crashloop-ver");
    /** A versioned key with more versions than this has its oldest deleted by id, so verification stays bounded. */
    static final int MAX_VERSIONS = 6;

    /**
     * What to run. Load lasts a random time in [minLoadMs, maxLoadMs] per round, and then on until
     * at least {@code minAcked} writes of the round are acknowledged (at most 20 s more): on a busy
     * machine a cold server may acknowledge almost nothing in its first second, and a kill before
     * any write proves little. In {@code startupKillPercent}% of the rounds the restarted server is
     * SIGKILLed once more 0.2 to 1.5 s into its start-up (maybe in the middle of start-up cleanup)
     * before the restart that is verified.
     */
    record Options(int kills, long seed, int writers, int plainKeys, int versionedKeys, int minLoadMs, int maxLoadMs, int minAcked,
                   int startupKillPercent,
                   Path dataDir, String jar, List<String> jvmOptions) {}

    /** One round: load, SIGKILL, restart, verification. */
    record Round(int n, long loadMs, int acked, int ackedPuts, int inFlight, int landed, int slowDowns, String startupKill, long restartMs, int verifiedObjects,
                 int verifiedVersions, List<String> failures) {
        String line(int of) {
            return String.format("round %d/%d: load %.2f s, acked %d (PUT %d), in flight at kill %d (%d visibly landed)%s, restart %.2f s%s, "
                            + "verified %d keys + %d versions, failures %d",
                    n, of, loadMs / 1000.0, acked, ackedPuts, inFlight, landed, slowDowns > 0 ? ", 503 SlowDown " + slowDowns : "",
                    restartMs / 1000.0, startupKill, verifiedObjects, verifiedVersions, failures.size());
        }
    }

    /** Runs between a kill and the restart; only the harness's own self-check uses one (CrashLoopSelfCheckTest). */
    interface BeforeRestart {
        void apply(Path dataDir, List<Key> keys) throws Exception;
    }

    private BeforeRestart beforeRestart = (dir, k) -> {};
    private final Options o;
    /** 503 answers of the running round (not acknowledged, not failures). */
    private final AtomicInteger slowDowns = new AtomicInteger();
    private final PrintStream out;
    private final List<Key> keys = new ArrayList<>();
    /** keysOf.get(t): writer t's keys; each key has exactly one writer, so its writes are sequential. */
    private final List<List<Key>> keysOf = new ArrayList<>();

    CrashLoop(Options o, PrintStream out) {
        this.o = o;
        this.out = out;
        for (int t = 0; t < o.writers(); t++) {
            List<Key> mine = new ArrayList<>();
            for (int j = 0; j < o.plainKeys(); j++) mine.add(new Key(PLAIN, "w" + t + "/k" + j, false));
            for (int j = 0; j < o.versionedKeys(); j++) mine.add(new Key(VERSIONED, "w" + t + "/v" + j, true));
            keysOf.add(mine);
            keys.addAll(mine);
        }
    }

    CrashLoop beforeRestart(BeforeRestart hook) {
        this.beforeRestart = hook;
        return this;
    }

    /** Runs every round; stops after the first round with a failure. Returns the rounds run. */
    List<Round> run() throws Exception {
        List<Round> rounds = new ArrayList<>();
        Random rnd = new Random(o.seed());
        CrashLoopServer server = CrashLoopServer.start(o.dataDir(), log(0), o.jar(), o.jvmOptions());
        try {
            try (var setup = CrashLoopClient.s3(server.port)) {
                setup.createBucket(b -> b.bucket(PLAIN));
                setup.createBucket(b -> b.bucket(VERSIONED));
                setup.putBucketVersioning(b -> b.bucket(VERSIONED).versioningConfiguration(v -> v.status("Enabled")));
            }
            for (int n = 1; n <= o.kills(); n++) {
                long loadMs = o.minLoadMs() + rnd.nextInt(o.maxLoadMs() - o.minLoadMs() + 1);
                List<String> failures = Collections.synchronizedList(new ArrayList<>());
                slowDowns.set(0);
                loadMs = load(server, loadMs, o.seed() * 1_000_003L + n, failures);
                int acked = 0, ackedPuts = 0, inFlight = 0;
                for (Key k : keys) {
                    acked += k.acked();
                    inFlight += k.inFlight();
                    for (Op op : k.round) if (op.acked && op.kind == CrashLoopModel.Kind.PUT) ackedPuts++;
                }
                beforeRestart.apply(o.dataDir(), keys);
                String startupKill = "";
                if (rnd.nextInt(100) < o.startupKillPercent()) {
                    long after = 200 + rnd.nextInt(1300);
                    boolean listening = CrashLoopServer.startAndKill(o.dataDir(), log(n).resolveSibling(log(n).getFileName() + ".startup"),
                            o.jar(), o.jvmOptions(), after);
                    startupKill = " (and killed " + after + " ms into its start-up" + (listening ? ", listening by then)" : ")");
                }
                long t0 = System.nanoTime();
                try {
                    server = CrashLoopServer.start(o.dataDir(), log(n), o.jar(), o.jvmOptions());
                } catch (IllegalStateException e) {
                    failures.add("restart after the kill failed: " + e.getMessage());
                    Round r = new Round(n, loadMs, acked, ackedPuts, inFlight, 0, slowDowns.get(), startupKill, 0, 0, 0, List.copyOf(failures));
                    report(r, rounds);
                    return rounds;
                }
                long restartMs = (System.nanoTime() - t0) / 1_000_000;
                failures.addAll(CrashLoopVerifier.leftoverTemporaryFiles(o.dataDir()));
                var v = new CrashLoopVerifier(server.port, keys, o.dataDir()).verify();
                failures.addAll(v.failures());
                Round r = new Round(n, loadMs, acked, ackedPuts, inFlight, v.landed(), slowDowns.get(), startupKill, restartMs, v.objects(), v.versions(), List.copyOf(failures));
                report(r, rounds);
                if (!r.failures().isEmpty()) return rounds;
            }
        } finally {
            server.close();
        }
        return rounds;
    }

    private void report(Round r, List<Round> rounds) {
        rounds.add(r);
        out.println(r.line(o.kills()));
        for (String f : r.failures()) out.println("  FAILURE " + f);
        out.flush();
    }

    private Path log(int round) {
        return o.dataDir().resolveSibling(o.dataDir().getFileName() + "-server-" + round + ".log");
    }

    /**
     * Writers run for {@code loadMs} (and until {@code minAcked} acknowledgements), then the server is
     * SIGKILLed under them; returns when every writer has ended, with the time from start to kill.
     */
    private long load(CrashLoopServer server, long loadMs, long seed, List<String> failures) throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger acks = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(o.writers());
        try (S3Client s3 = CrashLoopClient.s3(server.port)) {
            for (int t = 0; t < o.writers(); t++) {
                var writer = new Writer(s3, keysOf.get(t), new SplittableRandom(seed * 31 + t), killed, acks, failures);
                pool.submit(writer::run);
            }
            Thread.sleep(loadMs);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (acks.get() < o.minAcked() && System.nanoTime() < until) Thread.sleep(5);
            loadMs = (System.nanoTime() - start) / 1_000_000;
            killed.set(true); // before the kill: a writer's error after this is the kill's doing
            server.kill();
            pool.shutdown();
            if (!pool.awaitTermination(120, TimeUnit.SECONDS)) throw new IllegalStateException("writers did not end after the kill");
        } finally {
            pool.shutdownNow();
        }
        return loadMs;
    }

    /** One writer: PUTs (0 B to 100 KiB, both sides of 64 KiB, some 1 MiB), overwrites and deletes of its own keys. */
    private final class Writer {
        private final S3Client s3;
        private final List<Key> keys;
        private final SplittableRandom rnd;
        private final AtomicBoolean killed;
        private final AtomicInteger acks;
        private final List<String> failures;
        private final byte[] buf = new byte[1 << 20];

        Writer(S3Client s3, List<Key> keys, SplittableRandom rnd, AtomicBoolean killed, AtomicInteger acks, List<String> failures) {
            this.s3 = s3;
            this.keys = keys;
            this.rnd = rnd;
            this.killed = killed;
            this.acks = acks;
            this.failures = failures;
        }

        void run() {
            while (!killed.get()) {
                Key k = keys.get(rnd.nextInt(keys.size()));
                Op op = next(k);
                k.round.add(op); // recorded before it is sent: from now on it may land
                try {
                    send(k, op);
                    acks.incrementAndGet();
                } catch (S3Exception e) {
                    // 503 SlowDown is a server's right under load: the write is not acknowledged (and
                    // stays "may have landed" for the model), but it is no failure.
                    if (killed.get()) return;
                    if (e.statusCode() == 503) {
                        op.refused = true;
                        slowDowns.incrementAndGet();
                    }
                    else failures.add("error before the kill: " + op + " on " + k.bucket + "/" + k.name + ": " + e);
                } catch (Exception e) {
                    if (killed.get()) return;
                    failures.add("error before the kill: " + op + " on " + k.bucket + "/" + k.name + ": " + e);
                }
            }
        }

        private Op next(Key k) {
            int r = rnd.nextInt(100);
            if (k.versioned) {
                if (!k.deletable.isEmpty() && (k.deletable.size() > MAX_VERSIONS || r < 15)) {
                    return Op.deleteVersion(k.deletable.get(k.deletable.size() > MAX_VERSIONS ? 0 : rnd.nextInt(k.deletable.size())));
                }
                if (r < 25) return Op.delete();
            } else if (r < 12) {
                return Op.delete();
            }
            int size = size();
            fill(size);
            return Op.put(CrashLoopVerifier.md5(buf, size), size);
        }

        /** Random bytes in buf[0, size): every body is new, so a body nobody wrote cannot pass for one. */
        private void fill(int size) {
            for (int i = 0; i < size; i += 8) {
                long r = rnd.nextLong();
                for (int j = i; j < Math.min(i + 8, size); j++, r >>>= 8) buf[j] = (byte) r;
            }
        }

        /** 5% 1 MiB; 3% exactly 64 KiB or one byte either side; else 0..4 KiB, 4..64 KiB or 64..100 KiB. */
        private int size() {
            int r = rnd.nextInt(100);
            if (r < 5) return 1 << 20;
            if (r < 8) return (64 << 10) - 1 + rnd.nextInt(3);
            if (r < 40) return rnd.nextInt(4097);
            if (r < 70) return 4097 + rnd.nextInt((64 << 10) - 4097);
            return (64 << 10) + 2 + rnd.nextInt((100 << 10) - (64 << 10) - 1);
        }

        private void send(Key k, Op op) {
            switch (op.kind) {
                case PUT -> {
                    var res = s3.putObject(b -> b.bucket(k.bucket).key(k.name), RequestBody.fromBytes(java.util.Arrays.copyOf(buf, (int) op.size)));
                    op.acked = true;
                    op.versionId = res.versionId();
                    String etag = res.eTag() == null ? null : res.eTag().replace("\"", "");
                    if (!op.md5.equals(etag)) failures.add(k.bucket + "/" + k.name + ": PUT of md5=" + op.md5 + " answered ETag " + etag);
                    if (k.versioned) ackedVersion(k, op);
                }
                case DELETE -> {
                    var res = s3.deleteObject(b -> b.bucket(k.bucket).key(k.name));
                    op.acked = true;
                    op.versionId = res.versionId();
                    if (k.versioned) ackedVersion(k, op);
                }
                case DELETE_VERSION -> {
                    s3.deleteObject(b -> b.bucket(k.bucket).key(k.name).versionId(op.target));
                    op.acked = true;
                    k.deletable.remove(op.target);
                }
            }
        }

        private void ackedVersion(Key k, Op op) {
            if (op.versionId == null) failures.add(k.bucket + "/" + k.name + ": acknowledged " + op + " in a versioned bucket named no version id");
            else k.deletable.add(op.versionId);
        }
    }

    /** bench/crash-loop: see {@link #usage()}. Exit 0 only if every round passed. */
    public static void main(String[] args) throws Exception {
        int kills = 20, writers = 16, plainKeys = 32, versionedKeys = 4, min = 500, max = 3000, minAcked = 50, startupKills = 25;
        long seed = System.nanoTime() % 1_000_000;
        Path dataDir = null;
        String jar = null;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--writers" -> writers = Integer.parseInt(args[++i]);
                case "--keys" -> plainKeys = Integer.parseInt(args[++i]);
                case "--versioned-keys" -> versionedKeys = Integer.parseInt(args[++i]);
                case "--load-ms" -> {
                    String[] mm = args[++i].split("-");
                    min = Integer.parseInt(mm[0]);
                    max = Integer.parseInt(mm[mm.length - 1]);
                }
                case "--min-acked" -> minAcked = Integer.parseInt(args[++i]);
                case "--startup-kills" -> startupKills = Integer.parseInt(args[++i]);
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--jar" -> jar = args[++i];
                case "--keep" -> keep = true;
                case "--help", "-h" -> {
                    System.out.println(usage());
                    return;
                }
                default -> {
                    System.err.println("crash-loop: unknown option " + args[i] + "\n" + usage());
                    System.exit(2);
                }
            }
        }
        Path parent = dataDir != null ? dataDir : Path.of(System.getProperty("java.io.tmpdir"));
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "cosd-crash-loop");
        String opts = System.getenv().getOrDefault("COSD_CRASH_SERVER_OPTS", "-Xmx256m");
        var options = new Options(kills, seed, writers, plainKeys, versionedKeys, min, max, minAcked, startupKills, dir, jar, List.of(opts.trim().split("\\s+")));
        System.out.printf("crash-loop: %d kills, seed %d, %d writers, %d+%d keys per writer, load %d-%d ms and >= %d acknowledged writes, "
                        + "%d%% of restarts killed in start-up first, data dir %s%n",
                kills, seed, writers, plainKeys, versionedKeys, min, max, minAcked, startupKills, dir);
        List<Round> rounds = new CrashLoop(options, System.out).run();
        boolean ok = rounds.size() == kills && rounds.stream().allMatch(r -> r.failures().isEmpty());
        long acked = rounds.stream().mapToLong(Round::acked).sum(), inFlight = rounds.stream().mapToLong(Round::inFlight).sum();
        long landed = rounds.stream().mapToLong(Round::landed).sum();
        System.out.printf("crash-loop: %s: %d of %d kills passed; %d acknowledged writes, %d in flight at the kills (%d visibly landed) (seed %d)%n",
                ok ? "PASS" : "FAIL", rounds.stream().filter(r -> r.failures().isEmpty()).count(), kills, acked, inFlight, landed, seed);
        if (ok && !keep) deleteTree(dir, rounds.size());
        else System.out.println("crash-loop: data dir and server logs kept: " + dir + "*");
        System.exit(ok ? 0 : 1);
    }

    static String usage() {
        return "usage: bench/crash-loop [--kills N (20)] [--seed S] [--writers C (16)] [--keys K per writer (32)]\n"
                + "       [--versioned-keys V per writer (4)] [--load-ms MIN-MAX (500-3000)] [--min-acked N (50)]\n"
                + "       [--startup-kills PERCENT of restarts first killed 0.2-1.5 s into start-up (25)]\n"
                + "       [--data-dir PARENT] [--jar target/cosd.jar] [--keep]\n"
                + "  server JVM options: COSD_CRASH_SERVER_OPTS (default -Xmx256m)";
    }

    /** Removes the data dir and the round logs next to it. */
    static void deleteTree(Path dir, int rounds) throws IOException {
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        for (int n = 0; n <= rounds; n++) {
            Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + "-server-" + n + ".log"));
            Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + "-server-" + n + ".log.startup"));
        }
    }
}
