package io.cosd.store.blob;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link BlobStore} contract; each backend's test class implements {@link #blobs()}. */
public interface BlobStoreContract {
    /** A fresh, empty store for each test. */
    BlobStore blobs();

    /** Simulates a crash that left temporary files behind (a writer neither committed nor aborted). */
    void leaveTemporaryFile() throws IOException;

    default String put(String content) throws IOException {
        try (BlobStore.Writer w = blobs().create()) {
            w.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
            return w.commit();
        }
    }

    @Test
    default void aWriteDeclaredLargerThanTheFreeSpaceIsRefusedAsDiskFullBeforeAnyFileExists() throws IOException {
        long free = blobs().freeBytes();
        if (free < 0) return; // a store that cannot tell its free space does not refuse up front
        assertThatThrownBy(() -> blobs().create(free + (1L << 40))).isInstanceOf(DiskFullException.class);
        assertThat(blobs().collectTemporary()).isZero();
        try (BlobStore.Writer w = blobs().create(10)) {
            w.write(ByteBuffer.wrap(new byte[10]));
            assertThat(w.commit()).isNotNull();
        }
    }

    /**
     * ST-F3, EDGE-K3: the put path asks {@link BlobStore#checkFree} before it begins the body (sends {@code 100
     * Continue}) and opens the blob file only after; the check must refuse what {@link BlobStore#create(long)} and
     * {@link BlobStore#createVersion} would, as DISK_FULL, with no file made, and pass what fits.
     */
    @Test
    default void theFreeSpaceCheckAheadOfTheCreateRefusesWhatTheCreateWouldAndMakesNoFile_ST_F3_EDGE_K3() throws IOException {
        long free = blobs().freeBytes();
        if (free < 0) return; // a store that cannot tell its free space does not refuse up front
        long tooMuch = free + (1L << 40);
        assertThatThrownBy(() -> blobs().checkFree(tooMuch)).isInstanceOf(DiskFullException.class);
        assertThatThrownBy(() -> blobs().createVersion(tooMuch)).isInstanceOf(DiskFullException.class);
        assertThat(blobs().collectTemporary()).isZero();
        blobs().checkFree(0);
        blobs().checkFree(10);
        try (BlobStore.Writer w = blobs().createVersion(10)) {
            w.write(ByteBuffer.wrap(new byte[10]));
            assertThat(w.commit()).isNotNull();
        }
    }

    default String read(String id) throws IOException {
        try (FileChannel ch = blobs().open(id)) {
            ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
            while (buf.hasRemaining() && ch.read(buf) >= 0) { }
            return new String(buf.array(), StandardCharsets.UTF_8);
        }
    }

    @Test
    default void aCommittedBlobCanBeReadBackWithItsSize() throws IOException {
        String id;
        try (BlobStore.Writer w = blobs().create()) {
            w.write(ByteBuffer.wrap("hello ".getBytes(StandardCharsets.UTF_8)));
            w.write(ByteBuffer.wrap("world".getBytes(StandardCharsets.UTF_8)));
            assertThat(w.size()).isEqualTo(11);
            id = w.commit();
        }
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(read(id)).isEqualTo("hello world");
        assertThat(blobs().size(id)).isEqualTo(11);
    }

    @Test
    default void anEmptyBlobCanBeCommitted() throws IOException {
        String id = put("");
        assertThat(blobs().size(id)).isZero();
    }

    @Test
    default void everyCommitGetsADistinctId() throws IOException {
        assertThat(put("a")).isNotEqualTo(put("a"));
    }

    @Test
    default void anOpenChannelIsReadOnly() throws IOException {
        String id = put("abc");
        try (FileChannel ch = blobs().open(id)) {
            assertThatThrownBy(() -> ch.write(ByteBuffer.wrap(new byte[]{1})))
                    .isInstanceOf(NonWritableChannelException.class);
        }
    }

    @Test
    default void aDeletedBlobIsGoneAndDeletingAgainIsHarmless() throws IOException {
        String id = put("x");
        blobs().delete(id);
        blobs().delete(id);
        assertThatThrownBy(() -> blobs().open(id)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> blobs().size(id)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    default void anAbortedWriteLeavesNothingBehind() throws IOException {
        BlobStore.Writer w = blobs().create();
        w.write(ByteBuffer.wrap(new byte[100]));
        w.abort();
        assertThat(blobs().collectTemporary()).isZero();
        assertThat(ids()).isEmpty();
        assertThat(w.isOpen()).isFalse();
    }

    @Test
    default void closingAWriterWithoutCommitDiscardsIt() throws IOException {
        try (BlobStore.Writer w = blobs().create()) {
            w.write(ByteBuffer.wrap(new byte[10]));
        }
        assertThat(blobs().collectTemporary()).isZero();
        assertThat(ids()).isEmpty();
    }

    @Test
    default void aWriterCannotBeCommittedTwiceOrWrittenAfterCommit() throws IOException {
        BlobStore.Writer w = blobs().create();
        w.commit();
        assertThatThrownBy(w::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> w.write(ByteBuffer.wrap(new byte[1]))).isInstanceOf(IOException.class);
    }

    @Test
    default void collectTemporaryRemovesLeftoverTemporaryFilesButNotBlobs() throws IOException {
        String kept = put("kept");
        leaveTemporaryFile();
        leaveTemporaryFile();
        assertThat(blobs().collectTemporary()).isEqualTo(2);
        assertThat(blobs().collectTemporary()).isZero();
        assertThat(read(kept)).isEqualTo("kept");
    }

    @Test
    default void anUncommittedBlobIsNotVisited() throws IOException {
        String committed = put("one");
        BlobStore.Writer pending = blobs().create();
        pending.write(ByteBuffer.wrap(new byte[3]));
        assertThat(ids()).containsExactly(committed);
        pending.abort();
    }

    @Test
    default void forEachVisitsEveryCommittedBlobOnce() throws IOException {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 20; i++) made.add(put("blob " + i));
        assertThat(ids()).containsExactlyInAnyOrderElementsOf(made);
    }

    /** The orphan scan's merge walk needs one order on both sides (docs/storage.md "Start-up cleanup", ST-G2). */
    @Test
    default void forEachVisitsInAscendingOrderAndARangeVisitsJustItsIds_ST_G2() throws IOException {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 40; i++) made.add(put("blob " + i));
        List<String> sorted = made.stream().sorted().toList();
        assertThat(ids()).containsExactlyElementsOf(sorted);
        String from = sorted.get(10), to = sorted.get(30);
        List<String> range = new ArrayList<>();
        blobs().forEach(from, to, range::add);
        assertThat(range).containsExactlyElementsOf(sorted.subList(10, 30));
        List<String> below = new ArrayList<>(), above = new ArrayList<>();
        blobs().forEach(null, "8", below::add);
        blobs().forEach("8", null, above::add);
        assertThat(below).allMatch(id -> id.compareTo("8") < 0);
        assertThat(above).allMatch(id -> id.compareTo("8") >= 0);
        below.addAll(above);
        assertThat(below).containsExactlyElementsOf(sorted);
    }

    @Test
    default void idsThatAreNotThirtyTwoLowerCaseHexCharactersAreRejected() {
        for (String bad : List.of("", "../../etc/passwd", "0123456789abcdef0123456789ABCDEF",
                "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef0",
                "../23456789abcdef0123456789abcdef", "0123456789abcdef/123456789abcdef")) {
            assertThatThrownBy(() -> blobs().open(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> blobs().size(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> blobs().delete(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> blobs().open(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void aWellFormedButUnknownIdIsNoSuchFile() {
        assertThatThrownBy(() -> blobs().open("0123456789abcdef0123456789abcdef")).isInstanceOf(NoSuchFileException.class);
    }

    private List<String> ids() throws IOException {
        List<String> seen = new ArrayList<>();
        blobs().forEach(seen::add);
        return seen;
    }
}
