package io.cosd.store;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.TwoStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SC-F4 (SC-F1 from the sweep's side): the exclusive fence is a transaction-scoped advisory lock, and
 * PostgreSQL ends a transaction that stays idle longer than the writer pool's
 * idle_in_transaction_session_timeout (ST-P9, 10 s), releasing the lock. A sweeper stalled between
 * its check of a blob and its delete (a GC pause, a hung NFS unlink) must not delete a blob a writer
 * named after the lock was gone.
 */
class PostgresSweepLockLossTest {
    @TempDir
    Path dir;
    TwoStores nodes;
    /** The contract's helpers over these two nodes (its own tests run in PostgresBlobFenceTest). */
    final BlobFenceContract c = new BlobFenceContract() {
        @Override public MetadataStore writer() { return nodes.a(); }
        @Override public MetadataStore sweeper() { return nodes.b(); }
        @Override public Path root() { return dir.resolve("blobs"); }
    };

    @BeforeEach
    void open() {
        nodes = TwoStores.open("cosd_fencelost");
    }

    @AfterEach
    void close() {
        if (nodes != null) nodes.close();
    }

    MetadataStore writer() { return nodes.a(); }
    MetadataStore sweeper() { return nodes.b(); }

    @Test
    void aSweeperStalledPastTheIdleTimeoutBetweenItsCheckAndItsDeleteLeavesTheBlobAWriterCommittedMeanwhile_SC_F4() throws Exception {
        var a = c.blobs(writer(), "a");
        var b = c.blobs(sweeper(), "b");
        c.bucket();
        String id = BlobFenceContract.commit(a);
        BlobFenceContract.pastTheGrace(); // A freezes between its blob's rename and its metadata commit
        CountDownLatch checked = new CountDownLatch(1), writerDone = new CountDownLatch(1);
        BlobStore stalling = new BlobFenceContract.Delegating(b) {
            @Override
            public boolean untouchedSince(String blobId, Object mark) throws IOException {
                boolean untouched = super.untouchedSince(blobId, mark);
                if (untouched && blobId.equals(id)) {
                    checked.countDown(); // B freezes here, holding the exclusive lock, about to delete
                    try {
                        writerDone.await(40, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return untouched;
            }
        };
        var sweep = BlobFenceContract.sweep(stalling, sweeper(), new CompletableFuture<>());
        assertThat(checked.await(20, TimeUnit.SECONDS)).isTrue();

        // A resumes: its fence waits for B's lock, which PostgreSQL releases when it ends B's idle transaction.
        boolean committed;
        try {
            writer().objects().put(BlobFenceContract.draft("k", id), VersioningState.UNVERSIONED);
            committed = true;
        } catch (RuntimeException refused) {
            committed = false;
        } finally {
            writerDone.countDown();
        }
        try {
            sweep.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException ignored) {
            // the sweep's batch may fail (its connection was ended); what matters is the blob
        }

        // A's touch found the blob (B had not moved it yet), so A committed and acknowledged: B, resumed
        // with its lock gone, may move the blob but must put it back when its commit fails.
        assertThat(committed).isTrue();
        assertThat(writer().objects().latest(BlobFenceContract.B, "k")).isPresent();
        assertThat(BlobFenceContract.exists(a, id)).as("a committed, acknowledged version's blob").isTrue();
    }
}
