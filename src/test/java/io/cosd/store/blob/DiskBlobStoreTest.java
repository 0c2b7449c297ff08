package io.cosd.store.blob;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DiskBlobStoreTest implements BlobStoreContract {
    @TempDir
    Path dir;
    DiskBlobStore store;

    @BeforeEach
    void open() {
        store = new DiskBlobStore(dir);
    }

    @Override
    public BlobStore blobs() { return store; }

    @Override
    public void leaveTemporaryFile() throws IOException {
        // What a crash mid-upload leaves: an open writer whose process died.
        store.create().write(ByteBuffer.wrap(new byte[]{1, 2, 3}));
    }

    @Test
    void blobsLiveInATwoLevelFanOutNamedAfterTheirId() throws IOException {
        String id = put("x");
        assertThat(dir.resolve("blobs").resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id))
                .isRegularFile().hasContent("x");
    }

    @Test
    void strayFilesInTheBlobTreeAreNotReportedAsBlobs() throws IOException {
        String id = put("x");
        Files.writeString(dir.resolve("blobs").resolve("README"), "not a blob");
        Files.createDirectories(dir.resolve("blobs/ab/cd"));
        Files.writeString(dir.resolve("blobs/ab/cd/not-an-id"), "?");
        List<String> seen = new ArrayList<>();
        store.forEach(seen::add);
        assertThat(seen).containsExactly(id);
    }

    /**
     * Ids spread over many fan-out directories come back in one ascending order, a range skips whole
     * directories, and a valid id in another id's directory is ignored: visiting it would break the
     * order the orphan scan's merge walk relies on (ST-G2).
     */
    @Test
    void idsAcrossTheFanOutComeBackSortedAndAMisplacedIdIsIgnored_ST_G2() throws IOException {
        List<String> placed = new ArrayList<>();
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            String id = java.util.HexFormat.of().toHexDigits(r.nextLong()) + java.util.HexFormat.of().toHexDigits(r.nextLong());
            Path d = dir.resolve("blobs").resolve(id.substring(0, 2)).resolve(id.substring(2, 4));
            Files.createDirectories(d);
            Files.writeString(d.resolve(id), "x");
            placed.add(id);
        }
        Files.createDirectories(dir.resolve("blobs/00/00"));
        Files.writeString(dir.resolve("blobs/00/00/" + "f".repeat(32)), "misplaced");
        List<String> sorted = placed.stream().sorted().toList();
        List<String> seen = new ArrayList<>();
        store.forEach(seen::add);
        assertThat(seen).containsExactlyElementsOf(sorted);
        List<String> cOrBelow = new ArrayList<>(), dOrAbove = new ArrayList<>();
        store.forEach(null, "cold-", cOrBelow::add);
        store.forEach("cold-", null, dOrAbove::add);
        assertThat(cOrBelow).isNotEmpty().allMatch(id -> id.charAt(0) <= 'c');
        assertThat(dOrAbove).isNotEmpty().allMatch(id -> id.charAt(0) >= 'd');
        cOrBelow.addAll(dOrAbove);
        assertThat(cOrBelow).containsExactlyElementsOf(sorted);
    }
}
