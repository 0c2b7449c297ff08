package io.cosd.store.blob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/scale-out.md "Shared blob root". */
class BlobRootTest {
    @TempDir
    Path dir;

    private static String put(BlobStore s, String text) throws IOException {
        BlobStore.Writer w = s.create();
        w.write(ByteBuffer.wrap(text.getBytes()));
        return w.commit();
    }

    @Test
    void withoutBlobDirTheLayoutIsTodaysUnderTheDataDirAndCleanupHasNoGrace_ST_R1() throws IOException {
        BlobRoot root = BlobRoot.of(dir.resolve("data"), null, Duration.ofHours(1));
        assertThat(root.shared()).isFalse();
        assertThat(root.grace()).isZero();
        String hot = put(root.hot(FreeSpaceReserve.NONE), "hot");
        String cold = put(root.cold(FreeSpaceReserve.NONE), "cold");
        assertThat(dir.resolve("data/blobs").resolve(hot.substring(0, 2)).resolve(hot.substring(2, 4)).resolve(hot)).hasContent("hot");
        assertThat(dir.resolve("data/cold/blobs").resolve(cold.substring(0, 2)).resolve(cold.substring(2, 4)).resolve(cold)).hasContent("cold");
        assertThat(dir.resolve("data/tmp")).isDirectory();
        assertThat(dir.resolve("data/blobs").resolve(BlobRoot.MARKER)).doesNotExist();
    }

    @Test
    void aSharedRootHoldsBlobsTemporaryFilesAndTheColdTierInsideItselfAndTheScanSeesOnlyBlobs_ST_R1() throws IOException {
        Path x = dir.resolve("shared");
        BlobRoot root = BlobRoot.of(dir.resolve("data"), x, Duration.ofHours(1));
        assertThat(root.shared()).isTrue();
        DiskBlobStore hot = root.hot(FreeSpaceReserve.NONE);
        String id = put(hot, "hot");
        String cold = put(root.cold(FreeSpaceReserve.NONE), "cold");
        hot.create().write(ByteBuffer.wrap(new byte[]{1})); // a temp file in X/tmp
        root.mark(new BlobRoot.Marker("0123456789abcdef", "d1"));

        assertThat(x.resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id)).hasContent("hot");
        assertThat(x.resolve("cold/blobs").resolve(cold.substring(0, 2)).resolve(cold.substring(2, 4)).resolve(cold)).hasContent("cold");
        try (var tmp = Files.list(x.resolve("tmp"))) {
            assertThat(tmp.toList()).hasSize(1);
        }
        assertThat(dir.resolve("data")).doesNotExist(); // nothing of the blob store lives in the data dir
        List<String> seen = new ArrayList<>();
        hot.forEach(seen::add);
        assertThat(seen).containsExactly(id);
    }

    @Test
    void theFirstMarkOfASharedRootWinsAndLaterMarksReadIt_ST_R3_ST_R4() throws IOException {
        BlobRoot root = BlobRoot.shared(dir.resolve("shared"), Duration.ofHours(1));
        assertThat(BlobRoot.marker(root.blobs())).isEmpty();
        var first = new BlobRoot.Marker("aaaaaaaaaaaaaaaa", "deployment-1");
        assertThat(root.mark(first)).isEqualTo(first);
        assertThat(root.mark(new BlobRoot.Marker("bbbbbbbbbbbbbbbb", "deployment-2"))).isEqualTo(first);
        assertThat(BlobRoot.marker(root.blobs())).contains(first);
        assertThat(BlobRoot.markedKeyId(root.blobs())).contains("aaaaaaaaaaaaaaaa");
        try (var files = Files.list(root.blobs())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly(BlobRoot.MARKER); // no temp file left
        }
    }

    /**
     * ST-P6: the first start creates the root (and missing parents) owner-only, like the data dir
     * (ST-S1) and the fan-out directories in it, whatever the umask; the marker is 0600.
     */
    @Test
    void aRootTheFirstNodeCreatesIsOwnerOnlyWhateverTheUmask_ST_P6() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        BlobRoot root = BlobRoot.shared(dir.resolve("mnt/shared"), Duration.ofHours(1));
        root.mark(new BlobRoot.Marker("aaaaaaaaaaaaaaaa", "deployment-1"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(root.blobs()))).isEqualTo("rwx------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("mnt")))).isEqualTo("rwx------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(root.blobs().resolve(BlobRoot.MARKER))))
                .isEqualTo("rw-------");
    }
}
