package io.cosd.store;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.SqliteTwoStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SC-F4: a sweep moves blobs away inside its fence and unlinks them only after the fence's commit; a
 * sweep that died in between (its fence's hold unconfirmed) leaves them moved away, and the next
 * start puts every one back before it sweeps, so a blob a writer named meanwhile is whole again and
 * a true orphan is simply swept again.
 */
class SweptLeftoversTest {
    @TempDir
    Path dir;
    /** A: the node whose sweep died, and the writer; B: the same node started again over the same file. */
    SqliteTwoStores nodes;
    final BlobFenceContract c = new BlobFenceContract() {
        @Override public MetadataStore writer() { return nodes.a(); }
        @Override public MetadataStore sweeper() { return nodes.b(); }
        @Override public Path root() { return dir.resolve("blobs"); }
    };

    @BeforeEach
    void open() {
        nodes = SqliteTwoStores.open(dir.resolve("meta.db"));
    }

    @AfterEach
    void close() {
        if (nodes != null) nodes.close();
    }

    @Test
    void blobsAnInterruptedSweepMovedAwayGoBackAtTheNextStartAndOnlyTrueOrphansAreSweptAgain_SC_F4() throws Exception {
        MetadataStore meta = nodes.a();
        var blobs = c.blobs(meta, "b");
        c.bucket();
        String named = BlobFenceContract.commit(blobs), orphan = BlobFenceContract.commit(blobs);
        BlobFenceContract.pastTheGrace();
        // A sweep moved both away, then died before its commit's outcome was known; meanwhile a
        // writer (whose fence the sweep may no longer have held) named one of them.
        assertThat(blobs.sweepAway(named)).isTrue();
        assertThat(blobs.sweepAway(orphan)).isTrue();
        assertThatThrownBy(() -> blobs.touch(named)).isInstanceOf(NoSuchFileException.class); // SC-F2 while it is away
        blobs.unsweep(named);
        meta.objects().put(BlobFenceContract.draft("k", named), VersioningState.UNVERSIONED);
        assertThat(blobs.sweepAway(named)).isTrue(); // and the dead sweep's move of it stands

        // The next start: the same node (same blob directories) with a store of its own over the file.
        MetadataStore restarted = nodes.b();
        var restartedBlobs = c.blobs(restarted, "b");
        int swept = StartupCleanup.run(restartedBlobs, restarted).orphanBlobs();
        BlobFenceContract.pastTheGrace();
        swept += StartupCleanup.run(restartedBlobs, restarted).orphanBlobs(); // a tie of ctimes at the first start keeps the orphan once

        assertThat(BlobFenceContract.exists(restartedBlobs, named)).isTrue();
        assertThat(BlobFenceContract.exists(restartedBlobs, orphan)).isFalse();
        assertThat(swept).isEqualTo(1);
        try (Stream<Path> left = Files.list(dir.resolve("blobs/swept"))) {
            assertThat(left).isEmpty();
        }
    }
}
