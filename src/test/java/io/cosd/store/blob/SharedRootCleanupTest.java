package io.cosd.store.blob;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.StartupCleanup;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes over one blob root, each with its own metadata (docs/scale-out.md "Shared blob root"):
 * node B's start-up cleanup must leave node A's work in flight alone, though B's metadata references none of it.
 */
class SharedRootCleanupTest {
    @TempDir
    Path dir;

    private static String commit(BlobStore s) throws IOException {
        BlobStore.Writer w = s.create();
        w.write(ByteBuffer.wrap(new byte[]{1, 2, 3}));
        return w.commit();
    }

    private Path blobPath(Path root, String id) {
        return root.resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id);
    }

    private static void age(Path f, Duration by) throws IOException {
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(by)));
    }

    private static List<Path> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    @Test
    void nodeBsStartupCleanupKeepsNodeAsFreshTempFileAndUnreferencedBlobAndRemovesOldOnes_ST_R2() throws IOException {
        Path x = dir.resolve("shared");
        BlobRoot root = BlobRoot.shared(x, Duration.ofHours(1));
        DiskBlobStore a = root.hot(FreeSpaceReserve.NONE), b = root.hot(FreeSpaceReserve.NONE);
        var aCold = root.cold(FreeSpaceReserve.NONE);
        TieredBlobStore bTiers = new TieredBlobStore(b, root.cold(FreeSpaceReserve.NONE));

        // Node A, live: an upload streaming into its temp file, a blob committed a moment before its
        // metadata commit, and a cold blob of a transition in flight.
        BlobStore.Writer inFlight = a.create();
        inFlight.write(ByteBuffer.wrap(new byte[]{7}));
        String fresh = commit(a), freshCold = commit(aCold);
        // Leftovers of a node that died long ago: an old temp file and an old unreferenced blob.
        BlobStore.Writer dead = a.create();
        dead.write(ByteBuffer.wrap(new byte[]{9}));
        String old = commit(a);
        age(blobPath(x, old), Duration.ofHours(2));
        for (Path t : files(x.resolve("tmp"))) {
            if (Files.size(t) == 1 && Files.readAllBytes(t)[0] == 9) age(t, Duration.ofHours(2));
        }

        try (MetadataStore metaB = JdbcMetadataStore.openSqlite(dir.resolve("b/meta.db"))) {
            var account = metaB.identity().createAccount("100000000001", "1250000000");
            metaB.buckets().create(new Bucket("b-1250000000", account.rootUin(), account.appId(), "ap-guangzhou",
                    Instant.EPOCH, VersioningState.UNVERSIONED));
            StartupCleanup.Result r = StartupCleanup.run(bTiers, metaB);
            assertThat(r).isEqualTo(new StartupCleanup.Result(1, 1));
        }

        assertThat(blobPath(x, fresh)).exists();
        assertThat(blobPath(x.resolve("cold/blobs"), freshCold)).exists();
        assertThat(blobPath(x, old)).doesNotExist();
        assertThat(files(x.resolve("tmp"))).singleElement().satisfies(t -> assertThat(Files.readAllBytes(t)).containsExactly(7));
        inFlight.write(ByteBuffer.wrap(new byte[]{8}));
        String completed = inFlight.commit(); // A's upload completes after B's start
        try (var ch = a.open(completed)) {
            assertThat(ch.size()).isEqualTo(2);
        }
    }

    @Test
    void aNodeEmptiesItsOwnTemporaryDirectoryAtOnceButLeavesAnotherNodesYoungTemporaryFiles_ST_R2() throws IOException {
        Path x = dir.resolve("shared");
        BlobRoot root = BlobRoot.shared(x, Duration.ofHours(1));
        DiskBlobStore a = root.withNode("aaaaaaaaaaaaaaaa").hot(FreeSpaceReserve.NONE);
        a.create().write(ByteBuffer.wrap(new byte[]{7})); // A's upload in flight
        DiskBlobStore bBeforeCrash = root.withNode("bbbbbbbbbbbbbbbb").hot(FreeSpaceReserve.NONE);
        bBeforeCrash.create().write(ByteBuffer.wrap(new byte[]{9})); // cut off by B's crash a moment ago

        DiskBlobStore bRestarted = root.withNode("bbbbbbbbbbbbbbbb").hot(FreeSpaceReserve.NONE);
        assertThat(bRestarted.collectTemporary()).isEqualTo(1);

        assertThat(files(x.resolve("tmp/bbbbbbbbbbbbbbbb"))).isEmpty();
        assertThat(files(x.resolve("tmp/aaaaaaaaaaaaaaaa"))).singleElement()
                .satisfies(t -> assertThat(Files.readAllBytes(t)).containsExactly(7));
    }

    @Test
    void aDataDirsOwnRootIsCleanedAtOnceAsBeforeSoASingleNodeLosesItsCrashLeftovers_ST_R2() throws IOException {
        BlobRoot root = BlobRoot.local(dir.resolve("data"));
        DiskBlobStore s = root.hot(FreeSpaceReserve.NONE);
        s.create().write(ByteBuffer.wrap(new byte[]{1}));
        String orphan = commit(s);
        try (MetadataStore meta = JdbcMetadataStore.openSqlite(dir.resolve("data/meta.db"))) {
            assertThat(StartupCleanup.run(new TieredBlobStore(s, root.cold(FreeSpaceReserve.NONE)), meta))
                    .isEqualTo(new StartupCleanup.Result(1, 1));
        }
        assertThat(blobPath(dir.resolve("data/blobs"), orphan)).doesNotExist();
        assertThat(files(dir.resolve("data/tmp"))).isEmpty();
    }
}
