package io.cosd.store;

import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.TestPostgres;
import io.cosd.store.meta.jdbc.TwoStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SC-F1..F3 on the real PostgreSQL: two stores (two pools, as two nodes) over one database; the fence
 * is one advisory lock, shared by writers, exclusive for the sweep.
 */
class PostgresBlobFenceTest implements BlobFenceContract {
    @TempDir
    Path dir;
    TwoStores nodes;

    @BeforeEach
    void open() {
        nodes = TwoStores.open("cosd_fence");
    }

    @AfterEach
    void close() {
        if (nodes != null) nodes.close();
    }

    @Override public MetadataStore writer() { return nodes.a(); }
    @Override public MetadataStore sweeper() { return nodes.b(); }
    @Override public Path root() { return dir.resolve("blobs"); }

    /**
     * The server's own view of the sweep at the fence: a session of this database waiting for the
     * advisory lock the frozen writer holds (the shared form), in place of a look at the thread.
     */
    @Override
    public void awaitSweepAtTheFence(Thread sweeping) throws Exception {
        // A sweep that gave up its wait (2 s) before a look saw it has ended: the contract's check that it
        // is still waiting then fails, rather than this waiting out its bound.
        TestPostgres.get().awaitLockWaits(nodes.db(), 1, () -> !sweeping.isAlive());
    }

    /**
     * SC-F3: a writer frozen inside its fence does not stall the deployment: the sweep gives up after
     * its lock wait (2 s), deletes nothing, and start-up goes on; the writer, resumed, commits.
     */
    @Test
    void aWriterFrozenInsideItsFenceMakesTheSweepGiveUpAfterItsWaitAndDeleteNothing_SC_F3() throws Exception {
        var a = blobs(writer(), "a");
        var b = blobs(sweeper(), "b");
        bucket();
        String id = BlobFenceContract.commit(a);
        String orphan = BlobFenceContract.commit(a); // a real orphan: left too, since the sweep could not start
        BlobFenceContract.awaitPastTheGrace(b, id, orphan);
        CountDownLatch inFence = new CountDownLatch(1), resume = new CountDownLatch(1);
        writer().attachBlobCheck(blob -> {
            a.touch(blob);
            inFence.countDown();
            try {
                resume.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var put = CompletableFuture.supplyAsync(() -> writer().objects().put(BlobFenceContract.draft("k", id),
                io.cosd.domain.bucket.VersioningState.UNVERSIONED), BlobFenceContract.THREAD);
        assertThat(inFence.await(10, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        StartupCleanup.Result r;
        try {
            // It gives up by itself: the writer stays frozen until the sweep has returned. 60 s is a bound
            // on a hang (a sweep that waited for the writer would never return); the lower bound below is
            // its lock wait (2 s), which load only lengthens. (A look at pg_stat_activity here could miss
            // a wait that ended while the poll was kept off the CPU.)
            r = BlobFenceContract.sweep(b, sweeper(), new CompletableFuture<>()).get(60, TimeUnit.SECONDS);
        } finally {
            resume.countDown();
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(r.orphanBlobs()).isZero();
        assertThat(waited).isGreaterThanOrEqualTo(1_500L);
        assertThat(put.get(10, TimeUnit.SECONDS).stored().blobId()).isEqualTo(id);
        assertThat(BlobFenceContract.exists(a, id)).isTrue();
        assertThat(BlobFenceContract.exists(a, orphan)).isTrue();
    }
}
