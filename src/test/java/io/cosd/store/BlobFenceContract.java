package io.cosd.store;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Account;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.object.UploadedPart;
import io.cosd.store.blob.BlobRoot;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.FreeSpaceReserve;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The orphan sweep's commit-time fence (docs/scale-out.md "The orphan sweep's fence", SC-F1..F3), for
 * every metadata engine: two nodes A (the writer) and B (starting, so sweeping) over one metadata
 * database and one shared blob root with a short grace. Whatever the interleaving, no committed row
 * names a missing blob: a writer whose blob was swept fails (SC-F2), and a sweep that meets a writer
 * inside its fence, or touching its blob after the sweep's snapshot, keeps the blob (SC-F1).
 */
interface BlobFenceContract {
    String B = "fence-1250000000";
    Duration GRACE = Duration.ofMillis(200);
    /** A thread of its own per task: the common pool may have one thread on a small machine, and these tasks block. */
    java.util.concurrent.Executor THREAD = r -> Thread.ofPlatform().daemon().start(r);

    /** Node A's metadata store (the writer). */
    MetadataStore writer();

    /** Node B's metadata store (the sweeper): the same database through its own connections. */
    MetadataStore sweeper();

    /** The shared blob root. */
    Path root();

    default TieredBlobStore blobs(MetadataStore meta, String node) {
        BlobRoot r = BlobRoot.shared(root(), GRACE).withNode(node);
        TieredBlobStore t = new TieredBlobStore(r.hot(FreeSpaceReserve.NONE), r.cold(FreeSpaceReserve.NONE), meta.inlineBlobs(), -1);
        meta.attachBlobCheck(t::touch); // as LifecycleWiring.blobs does for the server and admin commands
        return t;
    }

    default Bucket bucket() {
        Account a = writer().identity().createAccount("100000000001", "1250000000");
        Bucket b = new Bucket(B, a.rootUin(), a.appId(), "ap-guangzhou", Instant.EPOCH, VersioningState.UNVERSIONED);
        writer().buckets().create(b);
        return b;
    }

    static String commit(BlobStore blobs) throws IOException {
        BlobStore.Writer w = blobs.create();
        w.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        return w.commit();
    }

    static ObjectVersion draft(String key, String blobId) {
        return ObjectVersion.builder(B, key).size(3).etag("\"e\"").content(ContentHeaders.ofType("x/y"))
                .userMetadata(Map.of()).tags(Map.of()).blobId(blobId).lastModified(Instant.now()).build();
    }

    /**
     * Until the sweeping node would take each of {@code ids} for an orphan by age ({@link BlobStore#mayCollect}:
     * older than the grace on the file system's clock), the question the sweep asks; in place of a pause of
     * the grace plus a margin.
     */
    static void awaitPastTheGrace(BlobStore sweeping, String... ids) throws InterruptedException {
        awaitState("blobs past the grace", () -> {
            for (String id : ids) if (!sweeping.mayCollect(id)) return false;
            return true;
        });
    }

    /**
     * Until the sweep, on {@code sweeping}'s thread, has reached the fence that a writer frozen inside it
     * holds: it is in {@code BlobFence.sweep}, which it cannot leave while the writer holds the fence.
     * PostgreSQL overrides this with the server's own view: a session waiting for the advisory lock.
     */
    default void awaitSweepAtTheFence(Thread sweeping) throws Exception {
        awaitState("the sweep at the fence", () -> {
            for (StackTraceElement f : sweeping.getStackTrace()) {
                if (f.getClassName().equals("io.cosd.store.meta.jdbc.BlobFence") && f.getMethodName().equals("sweep")) return true;
            }
            return false;
        });
    }

    /** Start-up's sweep over {@code blobs} on a thread of its own, which it names to {@code thread} as it starts. */
    static CompletableFuture<StartupCleanup.Result> sweep(BlobStore blobs, MetadataStore meta, CompletableFuture<Thread> thread) {
        return CompletableFuture.supplyAsync(() -> {
            thread.complete(Thread.currentThread());
            try {
                return StartupCleanup.run(blobs, meta);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, THREAD);
    }

    /** The grace and a margin, for tests whose sweeping store is not at hand or whose clock is skewed on purpose. */
    static void pastTheGrace() throws InterruptedException {
        Thread.sleep(GRACE.toMillis() + 150);
    }

    /** Polls {@code state}; 60 s is a bound on a hang, not a speed claim (docs/testing.md). */
    static void awaitState(String what, java.util.function.BooleanSupplier state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!state.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 60 s: " + what);
            Thread.sleep(10);
        }
    }

    static boolean exists(BlobStore blobs, String id) throws IOException {
        try (FileChannel ignored = blobs.open(id)) {
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Test
    default void aWriterPausedPastTheGraceWhoseBlobWasSweptFailsAndNoRowNamesTheMissingBlob_SC_F1_SC_F2() throws Exception {
        TieredBlobStore a = blobs(writer(), "a"), b = blobs(sweeper(), "b");
        bucket();
        writer().uploads().create(new MultipartUpload("u1", B, "multi", Instant.now(), StorageClass.STANDARD,
                ContentHeaders.ofType("x/y"), Map.of(), Map.of(), null));
        String version = commit(a), part = commit(a);
        awaitPastTheGrace(b, version, part); // A freezes between its blobs' renames and its metadata commits

        assertThat(StartupCleanup.run(b, sweeper()).orphanBlobs()).isEqualTo(2); // B starts and sweeps both

        assertThatThrownBy(() -> writer().objects().put(draft("k", version), VersioningState.UNVERSIONED))
                .satisfies(e -> assertThat(StoreException.busy(e)).isEqualTo(StoreException.Busy.BLOB_SWEPT));
        assertThatThrownBy(() -> writer().uploads().putPart(B, "multi", "u1", new UploadedPart(1, 3, "\"e\"", part, Instant.now())))
                .satisfies(e -> assertThat(StoreException.busy(e)).isEqualTo(StoreException.Busy.BLOB_SWEPT));
        assertThat(writer().objects().latest(B, "k")).isEmpty();
        assertThat(writer().uploads().listParts("u1", 0, 10)).isEmpty();
        assertThat(writer().fenceRefusals()).isEqualTo(2);
    }

    @Test
    default void aSweepThatMeetsAWriterInsideItsFenceWaitsForTheCommitAndKeepsTheBlob_SC_F1() throws Exception {
        TieredBlobStore a = blobs(writer(), "a"), b = blobs(sweeper(), "b");
        bucket();
        String id = commit(a);
        awaitPastTheGrace(b, id);
        CountDownLatch inFence = new CountDownLatch(1), resume = new CountDownLatch(1);
        writer().attachBlobCheck(blob -> { // A freezes inside its fence, after the touch, before its COMMIT
            a.touch(blob);
            inFence.countDown();
            try {
                resume.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var put = CompletableFuture.supplyAsync(() -> writer().objects().put(draft("k", id), VersioningState.UNVERSIONED), BlobFenceContract.THREAD);
        assertThat(inFence.await(10, TimeUnit.SECONDS)).isTrue();
        var sweeping = new CompletableFuture<Thread>();
        var sweep = sweep(b, sweeper(), sweeping);
        awaitSweepAtTheFence(sweeping.get(10, TimeUnit.SECONDS));
        assertThat(sweep).isNotDone(); // the sweep waits for the writer's commit
        resume.countDown();

        assertThat(put.get(10, TimeUnit.SECONDS).stored().blobId()).isEqualTo(id);
        assertThat(sweep.get(10, TimeUnit.SECONDS).orphanBlobs()).isZero();
        assertThat(exists(a, id)).isTrue();
    }

    /**
     * The other order: B's walk has taken its snapshot (A's row not in it) when A touches its blob and
     * commits; B's walk then finds the blob unreferenced and, as if the walk had outlasted the grace,
     * collectable. Its delete, inside the fence, sees the blob changed after the mark and keeps it.
     */
    @Test
    default void aWriterThatCommitsAfterTheSweepsSnapshotKeepsItsBlob_SC_F1() throws Exception {
        TieredBlobStore a = blobs(writer(), "a"), b = blobs(sweeper(), "b");
        bucket();
        String id = commit(a);
        awaitPastTheGrace(b, id);
        List<String> committedDuringWalk = new ArrayList<>();
        BlobStore slowWalk = new Delegating(b) {
            @Override
            public void forEach(Consumer<String> visitor) throws IOException {
                writer().objects().put(draft("k", id), VersioningState.UNVERSIONED); // after the snapshot, before the deletes
                committedDuringWalk.add(id);
                super.forEach(visitor);
            }

            @Override
            public boolean mayCollect(String blobId) {
                return true; // the walk outlasted the grace: the age alone would not protect the blob
            }
        };

        assertThat(StartupCleanup.run(slowWalk, sweeper()).orphanBlobs()).isZero();
        assertThat(committedDuringWalk).containsExactly(id);
        assertThat(exists(a, id)).isTrue();
        assertThat(writer().objects().latest(B, "k")).get().extracting(ObjectVersion::blobId).isEqualTo(id);
    }

    /** A blob store that passes everything on; tests override what they stage. */
    class Delegating implements BlobStore {
        private final BlobStore d;

        Delegating(BlobStore d) { this.d = d; }

        @Override public Writer create() throws IOException { return d.create(); }
        @Override public FileChannel open(String blobId) throws IOException { return d.open(blobId); }
        @Override public long size(String blobId) throws IOException { return d.size(blobId); }
        @Override public void delete(String blobId) { d.delete(blobId); }
        @Override public int collectTemporary() { return d.collectTemporary(); }
        @Override public boolean mayCollect(String blobId) { return d.mayCollect(blobId); }
        @Override public void touch(String blobId) throws IOException { d.touch(blobId); }
        @Override public Object sweepMark() throws IOException { return d.sweepMark(); }
        @Override public boolean untouchedSince(String blobId, Object mark) throws IOException { return d.untouchedSince(blobId, mark); }
        @Override public Object stamp(String blobId) throws IOException { return d.stamp(blobId); }
        @Override public boolean sweepAway(String blobId) throws IOException { return d.sweepAway(blobId); }
        @Override public void purgeSwept(String blobId) throws IOException { d.purgeSwept(blobId); }
        @Override public void unsweep(String blobId) throws IOException { d.unsweep(blobId); }
        @Override public int unsweepLeftovers() throws IOException { return d.unsweepLeftovers(); }
        @Override public void forEach(Consumer<String> visitor) throws IOException { d.forEach(visitor); }
    }
}
