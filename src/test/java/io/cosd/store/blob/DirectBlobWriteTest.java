package io.cosd.store.blob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Large blob files written around the page cache (ST-W6, docs/performance.md "Writing around the page
 * cache", docs/storage.md "Write order of an object"): whatever the body's length and however it is
 * cut into pieces, the committed blob holds exactly its bytes and its size; the aligned buffer goes
 * back to the pool on commit, abort and close; more bodies at once than pooled buffers write through
 * the page cache instead; a store with direct writes off writes the same bytes.
 */
class DirectBlobWriteTest {
    @TempDir
    Path dir;

    private DiskBlobStore store(boolean direct) {
        return new DiskBlobStore(dir.resolve("blobs"), dir.resolve("tmp"), null, FreeSpaceReserve.NONE, Duration.ZERO, direct);
    }

    private static byte[] body(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    /** Writes {@code body} in pieces of the given lengths (cycled), alternately heap and off-heap, as the edge and the stream path hand them. */
    private static void writeInPieces(BlobStore.Writer w, byte[] body, int... lengths) throws IOException {
        int off = 0, i = 0;
        while (off < body.length) {
            int n = Math.min(lengths[i % lengths.length], body.length - off);
            ByteBuffer piece = i % 2 == 0 ? ByteBuffer.wrap(body, off, n).slice() : ByteBuffer.allocateDirect(n).put(body, off, n).flip();
            assertThat(w.write(piece)).isEqualTo(n);
            assertThat(piece.hasRemaining()).isFalse();
            off += n;
            i++;
        }
    }

    private static byte[] readBack(BlobStore store, String id) throws IOException {
        try (SeekableByteChannel ch = store.open(id)) {
            ByteBuffer all = ByteBuffer.allocate((int) ch.size());
            while (all.hasRemaining() && ch.read(all) >= 0) { }
            return all.array();
        }
    }

    @Test
    void everyBodyLengthAroundTheBlockAndBufferSizesCommitsExactlyItsBytes_ST_W6() throws IOException {
        DiskBlobStore store = store(true);
        int mib = DirectStage.SIZE;
        for (int size : new int[]{(int) DirectStage.MIN_BODY, (int) DirectStage.MIN_BODY + 1, mib - 1, mib, mib + 1, mib + 4096, 3 * mib + 5}) {
            byte[] body = body(size);
            DiskBlobWriter w = (DiskBlobWriter) store.create(size);
            assumeThat(w.direct()).as("this file system takes O_DIRECT").isTrue();
            writeInPieces(w, body, 65_537, 1, 262_144, 4095);
            assertThat(w.size()).isEqualTo(size);
            String id = w.commit();
            assertThat(Files.size(store.pathOf(id))).as("size %d", size).isEqualTo(size);
            assertThat(readBack(store, id)).as("size %d", size).isEqualTo(body);
        }
        assertThat(store.directPool().idle()).as("the one buffer, back after every commit").isEqualTo(1);
    }

    @Test
    void syncBeforeCommitWritesTheTailAndCommitStillRenamesTheSameBytes() throws IOException {
        DiskBlobStore store = store(true);
        byte[] body = body(DirectStage.SIZE + 12_345);
        DiskBlobWriter w = (DiskBlobWriter) store.create(body.length);
        assumeThat(w.direct()).isTrue();
        writeInPieces(w, body, 100_000);
        w.sync(); // PieceWrite's overlap of the data fsync with the MD5's last batch
        String id = w.commit();
        assertThat(readBack(store, id)).isEqualTo(body);
    }

    @Test
    void aWriteAfterSyncGoesOnThroughThePageCacheAndCommitStoresEveryByte_ST_W6() throws IOException {
        // BlobStore.Writer#sync allows later writes (commit then fsyncs again); the direct file's tail
        // was padded and cut at sync, so what follows cannot be written direct at an aligned offset.
        DiskBlobStore store = store(true);
        byte[] body = body(DirectStage.SIZE + 12_345);
        int first = DirectStage.SIZE - 777;
        DiskBlobWriter w = (DiskBlobWriter) store.create(body.length);
        assumeThat(w.direct()).isTrue();
        writeInPieces(w, java.util.Arrays.copyOf(body, first), 100_000);
        w.sync();
        writeInPieces(w, java.util.Arrays.copyOfRange(body, first, body.length), 4_000);
        assertThat(w.direct()).isFalse();
        String id = w.commit();
        assertThat(Files.size(store.pathOf(id))).isEqualTo(body.length);
        assertThat(readBack(store, id)).isEqualTo(body);
        assertThat(store.directPool().idle()).isEqualTo(1);
    }

    @Test
    void abortAndCloseRemoveTheTemporaryFileAndGiveTheBufferBack() throws IOException {
        DiskBlobStore store = store(true);
        byte[] body = body(DirectStage.SIZE + 7);
        BlobStore.Writer aborted = store.create(body.length);
        assumeThat(((DiskBlobWriter) aborted).direct()).isTrue();
        writeInPieces(aborted, body, 300_000);
        aborted.abort();
        BlobStore.Writer closed = store.create(body.length);
        writeInPieces(closed, body, 300_000);
        closed.close();
        try (var left = Files.list(dir.resolve("tmp"))) {
            assertThat(left).isEmpty();
        }
        assertThat(store.directPool().idle()).isEqualTo(1);
        List<String> blobs = new ArrayList<>();
        store.forEach(blobs::add);
        assertThat(blobs).isEmpty();
    }

    @Test
    void moreLargeBodiesAtOnceThanPooledBuffersWriteThroughThePageCacheAndAllCommit() throws IOException {
        DiskBlobStore store = store(true);
        int n = DiskBlobStore.DIRECT_BUFFERS + 3;
        List<DiskBlobWriter> writers = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bodies.add(body(300_000 + i));
            writers.add((DiskBlobWriter) store.create(300_000 + i));
        }
        assumeThat(writers.get(0).direct()).isTrue();
        assertThat(writers.stream().filter(DiskBlobWriter::direct)).hasSize(DiskBlobStore.DIRECT_BUFFERS);
        for (int i = 0; i < n; i++) writeInPieces(writers.get(i), bodies.get(i), 70_000);
        for (int i = 0; i < n; i++) assertThat(readBack(store, writers.get(i).commit())).isEqualTo(bodies.get(i));
        assertThat(store.directPool().idle()).isEqualTo(DiskBlobStore.DIRECT_BUFFERS);
        assertThat(((DiskBlobWriter) store.create(300_000)).direct()).as("buffers are reused once given back").isTrue();
    }

    @Test
    void smallAndUnknownSizeBodiesAndAStoreWithDirectWritesOffUseThePageCache() throws IOException {
        DiskBlobStore direct = store(true);
        assertThat(((DiskBlobWriter) direct.create(DirectStage.MIN_BODY - 1)).direct()).isFalse();
        assertThat(((DiskBlobWriter) direct.create(-1)).direct()).as("chunked: size unknown").isFalse();
        DiskBlobStore buffered = store(false);
        byte[] body = body(DirectStage.SIZE + 1);
        DiskBlobWriter w = (DiskBlobWriter) buffered.create(body.length);
        assertThat(w.direct()).isFalse();
        writeInPieces(w, body, 65_536);
        assertThat(readBack(buffered, w.commit())).isEqualTo(body);
    }

    @Test
    void withDirectIoOffBothTiersOfTheBlobRootWriteEveryBlobThroughThePageCacheAndStoreItExactly_ST_W6() throws IOException {
        BlobRoot auto = BlobRoot.local(dir.resolve("auto"));
        assumeThat(((DiskBlobWriter) auto.hot(FreeSpaceReserve.NONE).create(DirectStage.SIZE)).direct()).as("this file system takes O_DIRECT").isTrue();
        BlobRoot off = BlobRoot.local(dir.resolve("off")).withDirectIo(false);
        for (DiskBlobStore store : List.of(off.hot(FreeSpaceReserve.NONE), off.cold(FreeSpaceReserve.NONE))) {
            byte[] body = body(DirectStage.SIZE + 3);
            DiskBlobWriter w = (DiskBlobWriter) store.create(body.length);
            assertThat(w.direct()).as("--direct-io off").isFalse();
            writeInPieces(w, body, 65_536);
            assertThat(readBack(store, w.commit())).isEqualTo(body);
            assertThat(store.directPool()).as("no aligned buffer was ever made").isNull();
        }
    }
}
