package io.cosd.store.blob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An inline body is held in memory from the moment its writer is made, at its declared size
 * (docs/storage.md "Small objects inline"). Declaring a small Content-Length and sending nothing
 * costs a client nothing, so without a bound 10,000 connections (EDGE-C1's default) would hold
 * 10,000 × the threshold of heap. The bodies being received inline share a fixed budget; beyond
 * it a small body goes to a file, as before inline blobs existed.
 */
class InlineBudgetTest {
    @TempDir
    Path dir;

    /** The bytes of stored rows, as the table would hold them. */
    static final class MemoryInline implements InlineBlobs {
        final Map<String, byte[]> rows = new ConcurrentHashMap<>();
        @Override public void stage(String blobId, byte[] data) { rows.put(blobId, data); }
        @Override public byte[] read(String blobId) throws IOException {
            byte[] b = rows.get(blobId);
            if (b == null) throw new NoSuchFileException(blobId);
            return b;
        }
        @Override public long size(String blobId) throws IOException { return read(blobId).length; }
        @Override public void delete(String blobId) { rows.remove(blobId); }
        @Override public void forEach(Consumer<String> visitor) { rows.keySet().forEach(visitor); }
    }

    @Test
    void smallBodiesBeyondTheInlineBufferBudgetGoToFilesAndTheBudgetComesBackWhenAWriterEnds_ST_W2() throws IOException {
        TieredBlobStore store = new TieredBlobStore(new DiskBlobStore(dir), new DiskBlobStore(dir.resolve("cold")), new MemoryInline(), 1024);
        long budget = TieredBlobStore.INLINE_BUFFER_BUDGET;
        List<BlobStore.Writer> open = new ArrayList<>();
        for (long held = 0; held + 1024 <= budget; held += 1024) open.add(store.createVersion(1024));
        assertThat(open).allSatisfy(w -> assertThat(w).isInstanceOf(InlineWriter.class));
        BlobStore.Writer over = store.createVersion(1024);
        assertThat(over).as("over the budget: a file").isNotInstanceOf(InlineWriter.class);
        over.abort();
        // one ends (aborted, or committed to its transaction): its share is free again
        open.remove(0).abort();
        BlobStore.Writer again = store.createVersion(1024);
        assertThat(again).isInstanceOf(InlineWriter.class);
        again.write(ByteBuffer.wrap(new byte[1024]));
        assertThat(again.commit()).startsWith(InlineBlobs.PREFIX);
        assertThat(store.createVersion(1024)).isInstanceOf(InlineWriter.class);
        for (BlobStore.Writer w : open) w.abort();
    }
}
