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
}
