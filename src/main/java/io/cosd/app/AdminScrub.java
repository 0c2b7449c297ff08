package io.cosd.app;

import io.cosd.api.core.Limits;
import io.cosd.service.IntegrityEvents;
import io.cosd.service.ObjectService;
import io.cosd.service.ScrubService;
import io.cosd.store.blob.FreeSpaceReserve;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.MetadataStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code cosd admin scrub [bucket]}: one scrub pass now, directly on the data directory, beside a
 * running server or not (docs/storage.md "Read integrity and scrubbing"). It only reads blobs and
 * writes the damage marks, each one short SQLite transaction that waits for the server's writer
 * (busy_timeout), as {@code admin lifecycle run} does.
 * Exit status: 0 nothing damaged, 3 damaged versions found (listed), 2 usage errors.
 */
@Command(name = "scrub", mixinStandardHelpOptions = true,
        description = "Re-read every blob (or one bucket's) now, verify size, CRC64 and MD5 against the metadata, "
                + "print and mark damaged versions (GET/HEAD then answer 500). Exit 3 if any is damaged.")
final class AdminScrub implements Callable<Integer> {
    @ParentCommand
    Admin admin;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<bucket>", description = "Only this bucket (default: every bucket)")
    String bucket;

    @Option(names = "--rate", paramLabel = "<size>", defaultValue = "0",
            description = "Bytes per second to read, e.g. 64MiB (default ${DEFAULT-VALUE} = as fast as the disk allows)")
    String rate;

    @Override
    public Integer call() throws Exception {
        Path dir = admin.dataDir != null ? admin.dataDir : Path.of(Main.env("COSD_DATA_DIR", "data"));
        long bytesPerSecond;
        try {
            bytesPerSecond = FreeSpaceReserve.parse(rate).bytes();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--rate: " + e.getMessage());
        }
        try (MetadataStore meta = Main.openStore(dir)) {
            if (bucket != null && meta.buckets().find(bucket).isEmpty()) {
                throw new CommandLine.ParameterException(new CommandLine(this), "no such bucket " + bucket);
            }
            TieredBlobStore blobs = LifecycleWiring.blobs(Main.blobRoot(dir, admin.blobDir), meta);
            ObjectService objects = new ObjectService(meta, blobs, Clock.systemUTC(), Limits.MAX_PUT_BYTES).withSse(Main.sseService(dir, meta));
            ScrubService scrub = new ScrubService(meta, blobs, objects, IntegrityEvents.NONE, Clock.systemUTC());
            Instant t0 = Instant.now();
            ScrubService.Report r = scrub.runPass(bucket, ScrubService.rate(bytesPerSecond));
            for (var f : r.damaged()) {
                System.out.println("DAMAGED\t" + f.bucket() + "\t" + f.key() + "\tversion=" + f.versionId() + "\t" + f.kind() + "\t" + f.detail());
            }
            System.out.println("scrubbed " + r.versions() + " versions (" + r.bytes() + " bytes) in "
                    + Duration.between(t0, Instant.now()).toMillis() + " ms; damaged: " + r.damaged().size()
                    + (r.cleared() > 0 ? "; marks cleared (intact again): " + r.cleared() : ""));
            return r.damaged().isEmpty() ? 0 : 3;
        }
    }
}
