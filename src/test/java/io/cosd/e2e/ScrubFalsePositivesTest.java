package io.cosd.e2e;

import io.cosd.app.Config;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.service.IntegrityEvents;
import io.cosd.service.ObjectService;
import io.cosd.service.ScrubService;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.blob.FreeSpaceReserve;
import io.cosd.store.blob.TieredBlobStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** docs/storage.md ST-I5/ST-I6: the scrubber marks only real damage, and a damaged version's GET names no server path. */
@CosdServer(factory = "server")
class ScrubFalsePositivesTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    static final String BUCKET = E2e.bucket("review2");

    @BeforeAll
    static void fixtures() throws Exception {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    /** This class's server ({@link CosdServer#factory}): no free-space reserve and no background scrub, so the tests run every scrub themselves. */
    static E2e server() throws Exception {
        return new E2e(Files.createTempDirectory("cosd-e2e"), new Config.Integrity(FreeSpaceReserve.parse("0"), Duration.ZERO, 0, -1)); // inline off: blob files to damage
    }

    /**
     * A blob the server cannot open (EACCES after a restore with the wrong owner; here ELOOP, as the
     * tests run as root) is marked by the scrubber with the IOException's message, which is the
     * blob's absolute path; GET and HEAD then send that mark to the client.
     */
    @Test
    void aDamagedVersionsErrorNamesNoServerPath() throws Exception {
        s3.putObject(b -> b.bucket(BUCKET).key("unreadable"), RequestBody.fromString("hello"));
        ObjectVersion v = env.server.metadata().objects().latest(BUCKET, "unreadable").orElseThrow();
        String id = v.blobId();
        Path blob = env.dir.resolve("blobs").resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id);
        Files.delete(blob);
        Files.createSymbolicLink(blob, blob.getFileName()); // a loop: open() fails with ELOOP, not NoSuchFile

        ScrubService.Report r = env.server.runScrub(BUCKET);
        assertThat(r.damaged()).extracting(ScrubService.Finding::key).containsExactly("unreadable");

        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("unreadable")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorMessage()).as("the client learns that the object is damaged, not where the server keeps it")
                            .doesNotContain(env.dir.toString()).doesNotContain(id);
                });
    }

    /**
     * Server shutdown: WorkerRunner.close interrupts a worker still busy after 10 s. A scrub step
     * interrupted inside a blob read gets ClosedByInterruptException (an IOException) from the
     * FileChannel, which the scrubber took for "blob cannot be read" and marked a healthy version
     * damaged: GET/HEAD 500 until the next pass (default 7 days) clears it.
     */
    @Test
    void aScrubInterruptedMidReadMarksNothing() throws Exception {
        byte[] data = new byte[1 << 20];
        new Random(7).nextBytes(data);
        String bucket = E2e.bucket("review2-interrupt");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("healthy"), RequestBody.fromBytes(data));
        var meta = env.server.metadata();
        var blobs = new TieredBlobStore(new DiskBlobStore(env.dir),
                new DiskBlobStore(env.dir.resolve("cold")));
        var objects = new ObjectService(meta, blobs, Clock.systemUTC(), Long.MAX_VALUE);
        var scrub = new ScrubService(meta, blobs, objects, IntegrityEvents.NONE, Clock.systemUTC());
        // The interrupt arrives while the step is between two reads of the blob (after the first buffer).
        ScrubService.Throttle interruptOnce = new ScrubService.Throttle() {
            boolean done;
            @Override public void consumed(long bytes) {
                if (!done) {
                    done = true;
                    Thread.currentThread().interrupt();
                }
            }
        };
        try {
            scrub.step(scrub.start(bucket), true, 100, interruptOnce);
        } catch (InterruptedException expected) {
            // the step may give up: that is fine
        } finally {
            Thread.interrupted(); // clear the flag for the rest of the test
        }
        assertThat(meta.objects().latest(bucket, "healthy").orElseThrow().damage()).as("a healthy version is not marked").isNull();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("healthy")).asByteArray()).isEqualTo(data);
    }

    /**
     * A blob the process cannot open for a reason of its own (EMFILE under a connection flood,
     * ENFILE) is not damaged: the scrubber must not mark it, or every version scrubbed during the
     * flood answers 500 until the next pass.
     */
    @Test
    void aScrubThatRunsOutOfFileDescriptorsMarksNothing() throws Exception {
        String bucket = E2e.bucket("review2-emfile");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("healthy"), RequestBody.fromString("fine"));
        var meta = env.server.metadata();
        var disk = new DiskBlobStore(env.dir);
        BlobStore emfile = new BlobStore() {
            @Override public Writer create() throws IOException { return disk.create(); }
            @Override public FileChannel open(String id) throws IOException {
                throw new FileSystemException(env.dir.resolve(id).toString(), null, "Too many open files");
            }
            @Override public long size(String id) throws IOException { return disk.size(id); }
            @Override public void delete(String id) { disk.delete(id); }
            @Override public int collectTemporary() { return 0; }
            @Override public void forEach(Consumer<String> v) throws IOException { disk.forEach(v); }
        };
        var objects = new ObjectService(meta, emfile, Clock.systemUTC(), Long.MAX_VALUE);
        var scrub = new ScrubService(meta, emfile, objects, IntegrityEvents.NONE, Clock.systemUTC());
        try {
            scrub.step(scrub.start(bucket), true, 100, ScrubService.Throttle.NONE);
        } catch (RuntimeException failed) {
            // the step may fail (the worker backs off and retries the same position): that is fine
        }
        assertThat(meta.objects().latest(bucket, "healthy").orElseThrow().damage()).as("a healthy version is not marked").isNull();
    }
}
