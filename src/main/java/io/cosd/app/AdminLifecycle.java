package io.cosd.app;

import io.cosd.api.core.Limits;
import io.cosd.service.LifecycleEvents;
import io.cosd.service.LifecycleExecutor;
import io.cosd.service.LifecyclePreview;
import io.cosd.service.ObjectService;
import io.cosd.store.blob.FreeSpaceReserve;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.worker.LifecycleWorker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code cosd admin lifecycle run|preview|status}, directly on the data directory (docs/lifecycle.md).
 * Lifecycle settings come from the same COSD_LIFECYCLE_* variables as the server's.
 */
@Command(name = "lifecycle", mixinStandardHelpOptions = true,
        description = "Run one lifecycle pass now, preview what a pass would do, or show the worker's cursor.")
final class AdminLifecycle {
    @ParentCommand
    Admin admin;

    private record Env(MetadataStore meta, LifecycleWiring wiring) implements AutoCloseable {
        @Override
        public void close() { meta.close(); }
    }

    private Env open() {
        Path dir = admin.dataDir != null ? admin.dataDir : Path.of(Main.env("COSD_DATA_DIR", "data"));
        MetadataStore meta = Main.openStore(dir);
        // The same free-space reserve as serve (COSD_MIN_FREE_SPACE, default 1GiB,5%): transitions and
        // restores run from here write blobs too (docs/storage.md ST-F2).
        TieredBlobStore blobs = LifecycleWiring.blobs(Main.blobRoot(dir, admin.blobDir), FreeSpaceReserve.parse(Main.env("COSD_MIN_FREE_SPACE", null)), meta, -1);
        ObjectService objects = new ObjectService(meta, blobs, Clock.systemUTC(), Limits.MAX_PUT_BYTES).withSse(Main.sseService(dir, meta));
        Config.Lifecycle c = Config.Lifecycle.fromEnv(name -> Main.env(name, null));
        return new Env(meta, LifecycleWiring.build(c, meta, blobs, objects, LifecycleEvents.NONE));
    }

    /**
     * Writes and removes blobs: holds the data dir's blob-writer lock (DataDirLock), which works
     * beside a running server but keeps a starting server's start-up cleanup from sweeping this
     * command's new blobs before their metadata commits.
     */
    @Command(name = "run", mixinStandardHelpOptions = true, description = "Apply every bucket's lifecycle rules once, now (expire, transition, abort uploads; also completes due restores).")
    int run() throws Exception {
        Path dir = admin.dataDir != null ? admin.dataDir : Path.of(Main.env("COSD_DATA_DIR", "data"));
        DataDirLock lock = DataDirLock.blobWriter(dir, "cosd admin lifecycle run");
        try (lock; Env e = open()) {
            Map<String, long[]> counts = new TreeMap<>();
            Instant t0 = Instant.now();
            long scanned = e.wiring().executor().runPass(t0, (bucket, p, applied) -> {
                if (applied) counts.computeIfAbsent(bucket + "\t" + p.action().ruleId() + "\t" + p.action().verb(), k -> new long[1])[0]++;
            });
            int restores = e.wiring().restores().work(Instant.now(), Integer.MAX_VALUE);
            counts.forEach((k, n) -> System.out.println(k + "\t" + n[0]));
            System.out.println("scanned " + scanned + " versions in " + Duration.between(t0, Instant.now()).toMillis() + " ms; restores handled: " + restores);
            return 0;
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true, description = "Dry run: per rule, which objects, versions and uploads a pass at --at would expire, transition or abort (counts, bytes). Changes nothing.")
    int preview(@Parameters(paramLabel = "<bucket>") String bucket,
                @Option(names = "--at", paramLabel = "<time>", description = "When: 2026-12-01T00:00:00Z, 2026-12-01 (lifecycle zone midnight) or +30d (default: now)") String at,
                @Option(names = "--max-items", paramLabel = "<n>", defaultValue = "1000", description = "Objects listed at most (totals always count everything)") int maxItems) {
        try (Env e = open()) {
            if (e.meta().buckets().find(bucket).isEmpty()) throw new CommandLine.ParameterException(new CommandLine(this), "no such bucket " + bucket);
            Instant when;
            try {
                when = LifecyclePreview.parseAt(at, e.wiring().days().zone(), Instant.now(), e.wiring().days());
            } catch (IllegalArgumentException ex) {
                throw new CommandLine.ParameterException(new CommandLine(this), ex.getMessage());
            }
            var r = LifecyclePreview.of(e.wiring().executor(), bucket, when, maxItems);
            System.out.println("bucket " + r.bucket() + " at " + r.at());
            if (r.rules().isEmpty()) System.out.println("nothing due");
            for (var rule : r.rules()) {
                System.out.println("rule " + rule.ruleId());
                rule.totals().forEach((verb, t) -> System.out.println("  " + verb + ": " + t.count() + " (" + t.bytes() + " bytes)"));
                for (var i : rule.items()) {
                    System.out.println("    " + i.action() + (i.target() == null ? "" : "->" + i.target()) + "\t" + i.key()
                            + (i.versionId() == null ? "" : "\tversion=" + i.versionId()) + (i.uploadId() == null ? "" : "\tupload=" + i.uploadId())
                            + (i.deleteMarker() ? "\tdelete-marker" : "") + "\t" + i.size() + "\tdue " + i.due()
                            + (i.skipped() == null ? "" : "\tskipped: " + i.skipped()));
                }
            }
            if (r.itemsTruncated()) System.out.println("(items truncated at " + maxItems + "; totals are complete)");
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The lifecycle worker's persisted cursor.")
    int status() {
        try (Env e = open()) {
            var cp = e.meta().checkpoints().cursor(LifecycleWorker.NAME);
            System.out.println(cp.map(c -> c.cursor().replace('\t', ' ') + " (saved " + c.updatedAt() + ")").orElse("no pass yet"));
            return 0;
        }
    }
}
