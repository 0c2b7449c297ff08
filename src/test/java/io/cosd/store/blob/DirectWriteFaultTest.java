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
 * A file system's faults on the direct path (ST-W6): one that takes the O_DIRECT open but refuses the
 * write (EINVAL at the first write, not at open) still stores every body exactly, through the page
 * cache; a direct write or the tail's truncate that fails after bytes reached the file leaves a writer
 * that can only be aborted, never one a later sync or commit turns into a short or padded blob.
 */
class DirectWriteFaultTest {
    @TempDir
    Path dir;

    private DiskBlobStore store(int failAt, boolean failTruncate) {
        return store(dir, failAt, failTruncate);
    }

    private static DiskBlobStore store(Path dir, int failAt, boolean failTruncate) {
        DiskBlobStore s = new DiskBlobStore(dir.resolve("blobs"), dir.resolve("tmp"), null, FreeSpaceReserve.NONE, Duration.ZERO, true);
        s.directChannels = ch -> new RefusingChannel(ch, failAt, failTruncate);
        return s;
    }

    private static byte[] body(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private static void write(BlobStore.Writer w, byte[] body, int piece) throws IOException {
        for (int off = 0; off < body.length; off += piece) {
            ByteBuffer bb = ByteBuffer.wrap(body, off, Math.min(piece, body.length - off));
            while (bb.hasRemaining()) w.write(bb);
        }
    }

    private static byte[] readBack(BlobStore store, String id) throws IOException {
        try (SeekableByteChannel ch = store.open(id)) {
            ByteBuffer all = ByteBuffer.allocate((int) ch.size());
            while (all.hasRemaining() && ch.read(all) >= 0) { }
            return all.array();
        }
    }

    private List<String> blobs(DiskBlobStore store) throws IOException {
        List<String> ids = new ArrayList<>();
        store.forEach(ids::add);
        return ids;
    }

    @Test
    void aFileSystemThatTakesTheDirectOpenButRefusesTheFirstWriteStillStoresEveryBodyExactly_ST_W6() throws IOException {
        // Below one buffer: the first direct write is the padded tail at sync/commit; above: a full buffer mid-body.
        for (int size : new int[]{300_000, DirectStage.SIZE + 4097, 3 * DirectStage.SIZE}) {
            DiskBlobStore store = store(dir.resolve("s" + size), 1, false);
            byte[] body = body(size);
            BlobStore.Writer w = store.create(size);
            assumeThat(((DiskBlobWriter) w).direct()).isTrue();
            write(w, body, 70_001);
            if (size == 300_000) w.sync(); // the tail's first write inside PieceWrite's early fsync
            String id = w.commit();
            assertThat(Files.size(store.pathOf(id))).as("size %d", size).isEqualTo(size);
            assertThat(readBack(store, id)).as("size %d", size).isEqualTo(body);
            assertThat(((DiskBlobWriter) store.create(DirectStage.SIZE)).direct())
                    .as("refused once: later writers go through the page cache from the start").isFalse();
            assertThat(store.directPool().idle()).as("the buffer went back when the writer fell back").isEqualTo(1);
        }
    }

    @Test
    void aDirectWriteThatFailsAfterBytesReachedTheFileLeavesAWriterThatCannotCommit_ST_W6() throws IOException {
        DiskBlobStore store = store(2, false); // the first full buffer lands, the tail's write fails
        byte[] body = body(DirectStage.SIZE + 5000);
        BlobStore.Writer w = store.create(body.length);
        assumeThat(((DiskBlobWriter) w).direct()).isTrue();
        write(w, body, 65_536);
        assertThatThrownBy(w::sync).isInstanceOf(IOException.class);
        // A caller that ignored the failed sync must not get a blob missing its last 5000 bytes.
        assertThatThrownBy(w::commit).isInstanceOf(IOException.class);
        assertThat(blobs(store)).isEmpty();
        assertThat(store.directPool().idle()).isEqualTo(1);
    }

    @Test
    void aFailedTruncateOfThePaddedTailNeverCommitsThePadding_ST_W6() throws IOException {
        DiskBlobStore store = store(0, true);
        byte[] body = body(300_001);
        BlobStore.Writer w = store.create(body.length);
        assumeThat(((DiskBlobWriter) w).direct()).isTrue();
        write(w, body, 65_536);
        assertThatThrownBy(w::sync).isInstanceOf(IOException.class);
        assertThatThrownBy(w::commit).as("the file still ends in zeros past the body").isInstanceOf(IOException.class);
        assertThat(blobs(store)).isEmpty();
        try (var left = Files.list(dir.resolve("tmp"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aWriteThatFailsMidBodyCannotBeFollowedByMoreWritesOrACommit_ST_W6() throws IOException {
        DiskBlobStore store = store(2, false);
        byte[] body = body(3 * DirectStage.SIZE);
        BlobStore.Writer w = store.create(body.length);
        assumeThat(((DiskBlobWriter) w).direct()).isTrue();
        ByteBuffer all = ByteBuffer.wrap(body);
        assertThatThrownBy(() -> { while (all.hasRemaining()) w.write(all); }).isInstanceOf(IOException.class);
        // Part of the failed piece sits in the buffer, uncounted: a retry would store those bytes twice.
        assertThatThrownBy(() -> w.write(ByteBuffer.wrap(body, all.position(), 10))).isInstanceOf(IOException.class);
        assertThatThrownBy(w::commit).isInstanceOf(IOException.class);
        assertThat(blobs(store)).isEmpty();
    }

    @Test
    void aFullDiskAtTheDirectOpenGivesThePooledBufferBack_ST_W6() throws IOException {
        DiskBlobStore store = directOpensFailWith("No space left on device");
        for (int i = 0; i < DiskBlobStore.DIRECT_BUFFERS + 1; i++) {
            assertThatThrownBy(() -> store.create(DirectStage.SIZE)).isInstanceOf(DiskFullException.class);
        }
        store.directChannels = ch -> ch;
        assertThat(((DiskBlobWriter) store.create(DirectStage.SIZE)).direct())
                .as("33 refused opens later, a buffer is still free: none was kept by a writer that never existed").isTrue();
    }

    @Test
    void aPassingFailureOfTheDirectOpenCostsThatWriterItsDirectWriteButNotTheStore_ST_W6() throws IOException {
        DiskBlobStore store = directOpensFailWith("Too many open files");
        byte[] body = body(DirectStage.SIZE);
        DiskBlobWriter w = (DiskBlobWriter) store.create(body.length);
        assertThat(w.direct()).isFalse();
        write(w, body, 65_536);
        assertThat(readBack(store, w.commit())).isEqualTo(body);
        store.directChannels = ch -> ch;
        assertThat(((DiskBlobWriter) store.create(DirectStage.SIZE)).direct()).as("EMFILE is not the file system refusing O_DIRECT").isTrue();
        store.directChannels = ch -> {
            ch.close();
            throw new IOException("Invalid argument");
        };
        assertThat(((DiskBlobWriter) store.create(DirectStage.SIZE)).direct()).isFalse();
        store.directChannels = ch -> ch;
        assertThat(((DiskBlobWriter) store.create(DirectStage.SIZE)).direct()).as("EINVAL at open: off for the store").isFalse();
    }

    /** A store on a file system that takes O_DIRECT, whose later direct opens fail with {@code message}. */
    private DiskBlobStore directOpensFailWith(String message) throws IOException {
        DiskBlobStore store = store(0, false);
        BlobStore.Writer probe = store.create(DirectStage.SIZE);
        assumeThat(((DiskBlobWriter) probe).direct()).isTrue();
        probe.abort();
        store.directChannels = ch -> {
            ch.close();
            throw new IOException(message);
        };
        return store;
    }
}
