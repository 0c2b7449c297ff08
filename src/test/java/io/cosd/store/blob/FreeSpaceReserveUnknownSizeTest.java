package io.cosd.store.blob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/storage.md ST-F1: the reserve holds for writes of unknown size too. Checked only once, at
 * create, against the declared size, a write of unknown size (Transfer-Encoding: chunked PUT, a cold-tier transition)
 * passes with size 0 and may then write up to 5 GiB, straight through the reserve to ENOSPC.
 */
class FreeSpaceReserveUnknownSizeTest {
    private static final int MiB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void aWriteOfUnknownSizeStopsAtTheReserveNotAtEnospc() throws Exception {
        long free = Files.getFileStore(dir).getUsableSpace();
        // Room for 16 MiB above the reserve; the write is 96 MiB.
        DiskBlobStore store = new DiskBlobStore(dir, new FreeSpaceReserve(free - 16L * MiB, -1));
        BlobStore.Writer w = store.create(-1);
        ByteBuffer chunk = ByteBuffer.allocate(MiB);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 96; i++) {
                chunk.clear();
                w.write(chunk);
            }
            w.commit();
        }).isInstanceOf(DiskFullException.class);
        w.abort();
        try (var tmp = Files.list(dir.resolve("tmp"))) {
            assertThat(tmp).as("no temp file left").isEmpty();
        }
    }

    @Test
    void aDeclaredWriteThatFitsIsNotCutOffMidway() throws Exception {
        long free = Files.getFileStore(dir).getUsableSpace();
        DiskBlobStore store = new DiskBlobStore(dir, new FreeSpaceReserve(free - 64L * MiB, -1));
        BlobStore.Writer w = store.create(32L * MiB);
        ByteBuffer chunk = ByteBuffer.allocate(MiB);
        for (int i = 0; i < 32; i++) {
            chunk.clear();
            w.write(chunk);
        }
        assertThat(w.commit()).isNotNull();
    }
}
