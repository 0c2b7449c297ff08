package io.cosd.app;

import io.cosd.api.replication.ReplicationXml;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.ReplicationOutbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code cosd admin replication status|resync <bucket>} (docs/replication.md#operations), directly on the metadata
 * database; safe while the server runs (SQLite WAL), whose worker picks requeued rows up at once.
 */
@Command(name = "replication", mixinStandardHelpOptions = true, description = "Replication status and resync of a bucket.")
final class ReplicationAdmin {
    @ParentCommand
    Admin admin;

    @Command(name = "status", description = "Pending and failed versions, lag (age of the oldest pending), throughput (last minute),"
            + " and the latest failed or retrying versions with their errors.")
    int status(@Parameters(paramLabel = "<bucket>") String bucket,
               @Option(names = "--problems", paramLabel = "N", defaultValue = "10", description = "how many failed/retrying versions to list (default ${DEFAULT-VALUE})")
               int problems) {
        try (MetadataStore m = Main.openStore(admin.dataDir)) {
            Instant now = Instant.now();
            var row = row(m, bucket);
            if (row == null) return 1;
            var st = service(m, null).status(row, now, problems);
            System.out.println(describe(st));
            for (ReplicationOutbox.Entry e : st.problems()) System.out.println(problem(e, now));
            return 0;
        } catch (io.cosd.store.meta.NoSuchBucketException e) {
            return goneMeanwhile(bucket);
        }
    }

    /** ADM-13: the bucket was deleted (and maybe created again by another account) while the command ran. */
    private static int goneMeanwhile(String bucket) {
        System.err.println("no such bucket: " + bucket + " (deleted or created again while the command ran; ADM-13)");
        return 1;
    }

    /** The service the /-/admin/replication endpoints use too (ADM-7); the running server's worker polls for the rows it queues. */
    private static io.cosd.service.ReplicationAdmin service(MetadataStore m, String region) {
        String local = region != null ? region : Main.env("COSD_REGION", "ap-guangzhou");
        return new io.cosd.service.ReplicationAdmin(m.replication(), m.buckets(), b -> rulesOf(m, b), local, () -> {});
    }

    /**
     * The bucket row the command is about, read once (ADM-13): its status and resync act on that row, and a
     * bucket deleted and created again meanwhile is "no such bucket" instead of the namesake's rows. Null
     * (after saying so) when no bucket has the name.
     */
    private static io.cosd.domain.bucket.Bucket row(MetadataStore m, String bucket) {
        var b = m.buckets().find(bucket).orElse(null);
        if (b == null) System.err.println("no such bucket: " + bucket);
        return b;
    }

    /** The replication rules of that bucket row (AUTH-15: NoSuchBucketException once it is gone, never a namesake's). */
    private static java.util.Optional<io.cosd.domain.replication.ReplicationConfiguration> rulesOf(MetadataStore m, io.cosd.domain.bucket.Bucket b) {
        return m.buckets().config(b.name(), ConfigKind.REPLICATION, b.incarnation()).map(ReplicationXml::decode);
    }

    /** One tab-separated line: state, key, version, destination, attempts, when, last error. */
    static String problem(ReplicationOutbox.Entry e, Instant now) {
        boolean failed = ReplicationOutbox.FAILED.equals(e.status());
        String when = failed ? "failed " + e.nextAttemptAt() : String.format("next attempt in %.1f s",
                Math.max(0, Duration.between(now, e.nextAttemptAt()).toMillis() / 1000.0));
        return String.join("\t", failed ? "FAILED" : "RETRYING", e.key(), e.versionId(), e.destination(),
                "attempts " + e.attempts(), when, e.lastError() == null ? "" : e.lastError());
    }

    static String describe(io.cosd.service.ReplicationAdmin.Status s) {
        return "bucket " + s.bucket() + "\npending " + s.pending() + "\nfailed " + s.failed()
                + String.format("%nlag_seconds %.3f%nthroughput_per_second %.2f", s.lagSeconds(), s.throughput());
    }

    @Command(name = "resync", description = "Requeue FAILED versions; with --existing also every existing version under an enabled rule.")
    int resync(@Parameters(paramLabel = "<bucket>") String bucket,
               @Option(names = "--existing", description = "also queue existing versions that were never replicated (REP-R1 exception)") boolean existing,
               @Option(names = "--region", description = "this deployment's region (env COSD_REGION, default ap-guangzhou)") String region) {
        try (MetadataStore m = Main.openStore(admin.dataDir)) {
            var row = row(m, bucket);
            if (row == null) return 1;
            var r = service(m, region).resync(row, existing, Instant.now());
            if (!r.configured()) {
                System.out.println("bucket " + bucket + " has no replication configuration");
                return 1;
            }
            System.out.println("requeued " + r.requeuedFailed() + " failed");
            if (!existing) return 0;
            System.out.println("queued " + r.queuedExisting() + " existing");
            return 0;
        } catch (io.cosd.store.meta.NoSuchBucketException e) {
            return goneMeanwhile(bucket);
        }
    }
}
