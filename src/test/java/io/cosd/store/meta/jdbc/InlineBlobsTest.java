package io.cosd.store.meta.jdbc;

import io.cosd.domain.Refusal;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.WriteCondition;
import io.cosd.store.StartupCleanup;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.InlineBlobs;
import io.cosd.store.blob.InlineChannel;
import io.cosd.store.meta.MetadataStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Small objects inline (docs/storage.md "Small objects inline"): a body at or below the threshold is
 * stored in the version's own transaction (ST-W2), lives and dies with its version row, whichever path
 * removes or re-points it (ST-W3), and the start-up orphan scan sees inline ids like blob files.
 */
class InlineBlobsTest extends InlineStoreTest {
    static final String B = "inl-1250000000";
    private ObjectVersion put(String key, String versionId, String blobId, VersioningState mode, WriteCondition c) {
        ObjectVersion d = draft(B, key, versionId).toBuilder().blobId(blobId).build();
        return store.objects().put(d, mode, null, c).stored();
    }

    private long rows() {
        return store.tx().read(c -> {
            try (var ps = Sql.prepare(c, "SELECT COUNT(*) FROM inline_blobs"); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private String text(String blobId) throws IOException {
        try (FileChannel ch = blobs.open(blobId)) {
            ByteBuffer bb = ByteBuffer.allocate((int) ch.size());
            while (bb.hasRemaining() && ch.read(bb) > 0) { }
            return new String(bb.array(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBodyAtTheThresholdIsStoredWithItsVersionAndOneByteMoreIsAFile_ST_W2() throws IOException {
        bucket(B, VersioningState.UNVERSIONED);
        String at = write(blobs, "x".repeat(64));
        String over = write(blobs, "y".repeat(65));
        assertThat(at).startsWith(InlineBlobs.PREFIX);
        assertThat(over).doesNotStartWith(InlineBlobs.PREFIX).hasSize(32);
        // staged, not yet readable: only the version's transaction makes it a blob
        assertThatThrownBy(() -> blobs.open(at)).isInstanceOf(NoSuchFileException.class);
        put("k", "null", at, VersioningState.UNVERSIONED, WriteCondition.NONE);
        assertThat(store.inlineBlobsStaged()).isZero();
        assertThat(text(at)).isEqualTo("x".repeat(64));
        assertThat(blobs.size(at)).isEqualTo(64);
        assertThat(blobs.open(at)).isInstanceOf(InlineChannel.class);
        assertThat(store.referencedBlobs(List.of(at))).containsExactly(at);
        // an unknown size is never inline: the body is not held in memory
        BlobStore.Writer unknown = blobs.createVersion(-1);
        assertThat(unknown).isNotInstanceOf(io.cosd.store.blob.InlineChannel.class);
        unknown.abort();
        // parts, restored copies and cold blobs stay files: only createVersion may go inline
        BlobStore.Writer part = blobs.create(3);
        part.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(part.commit()).hasSize(32);
    }

    @Test
    void overwritingOrDeletingAVersionDeletesItsInlineRowInTheSameTransactionAndReleasesNothing_ST_W3() throws IOException {
        bucket(B, VersioningState.UNVERSIONED);
        String first = write(blobs, "one");
        put("k", "null", first, VersioningState.UNVERSIONED, WriteCondition.NONE);
        String second = write(blobs, "two");
        var out = store.objects().put(draft(B, "k", "null").toBuilder().blobId(second).build(), VersioningState.UNVERSIONED, null, WriteCondition.NONE);
        assertThat(out.releasedBlobs()).isEmpty(); // nothing left to delete after the commit
        assertThat(rows()).isEqualTo(1);
        assertThatThrownBy(() -> blobs.open(first)).isInstanceOf(NoSuchFileException.class);
        assertThat(text(second)).isEqualTo("two");
        var deleted = store.objects().deleteCurrent(B, "k", VersioningState.UNVERSIONED, null, T0);
        assertThat(deleted.releasedBlobs()).isEmpty();
        assertThat(rows()).isZero();
    }

    @Test
    void rePointingAVersionAtAnotherBlobAsALifecycleTransitionDoesDeletesTheInlineRow_ST_W3() throws IOException {
        bucket(B, VersioningState.ENABLED);
        String id = write(blobs, "cold soon");
        put("k", "v1", id, VersioningState.ENABLED, WriteCondition.NONE);
        store.tx().write(c -> Sql.update(c, "UPDATE objects SET blob_id = ? WHERE bucket = ? AND key = ?", "cold-" + "0".repeat(32), B, "k"));
        assertThat(rows()).isZero();
    }

    @Test
    void aRefusedConditionalPutStoresNoRowAndItsStagedBytesGoWithTheWritersDelete_ST_W2_OBJ_CW3() throws IOException {
        bucket(B, VersioningState.UNVERSIONED);
        put("k", "null", write(blobs, "first"), VersioningState.UNVERSIONED, WriteCondition.NONE);
        String loser = write(blobs, "second");
        assertThatThrownBy(() -> put("k", "null", loser, VersioningState.UNVERSIONED, new WriteCondition(true, null, null)))
                .isInstanceOf(Refusal.class);
        assertThat(rows()).isEqualTo(1);
        assertThat(store.inlineBlobsStaged()).isEqualTo(1); // refused before it was taken: still staged
        blobs.delete(loser); // what ObjectService does for every refused write: the staged bytes go
        assertThat(store.inlineBlobsStaged()).isZero();
        assertThatThrownBy(() -> blobs.open(loser)).isInstanceOf(NoSuchFileException.class);
        String never = write(blobs, "never recorded");
        blobs.delete(never);
        assertThat(store.inlineBlobsStaged()).isZero();
    }

    @Test
    void theStartupOrphanScanKeepsReferencedInlineBlobsAndRemovesARowNoVersionNames_ST_W3() throws IOException {
        bucket(B, VersioningState.UNVERSIONED);
        String kept = write(blobs, "kept");
        put("k", "null", kept, VersioningState.UNVERSIONED, WriteCondition.NONE);
        String stray = "inl-" + "f".repeat(32);
        store.tx().write(c -> Sql.update(c, "INSERT INTO inline_blobs (blob_id, data) VALUES (?, ?)", stray, new byte[] {1}));
        StartupCleanup.Result r = StartupCleanup.run(blobs, store);
        assertThat(r.orphanBlobs()).isEqualTo(1);
        List<String> left = new ArrayList<>();
        blobs.forEach(left::add);
        assertThat(left).containsExactly(kept);
        assertThat(text(kept)).isEqualTo("kept");
    }

    @Test
    void aRowTwoVersionsNameStaysUntilTheLastOfThemGoes_ST_W3() throws IOException {
        bucket(B, VersioningState.ENABLED);
        String id = write(blobs, "shared");
        put("k", "v1", id, VersioningState.ENABLED, WriteCondition.NONE);
        put("other", "v2", id, VersioningState.ENABLED, WriteCondition.NONE); // as a test or an older tool might
        store.objects().deleteVersion(B, "k", "v1");
        assertThat(text(id)).isEqualTo("shared");
        store.objects().deleteVersion(B, "other", "v2");
        assertThat(rows()).isZero();
        String never = "inl-" + "e".repeat(32);
        assertThatThrownBy(() -> put("k", "v3", never, VersioningState.ENABLED, WriteCondition.NONE))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.objects().latest(B, "k")).isEmpty();
    }

    @Test
    void aVersionRecordedAgainOverItsOwnInlineBlobKeepsTheBytes_ST_W3() throws IOException {
        bucket(B, VersioningState.UNVERSIONED);
        String id = write(blobs, "kept bytes");
        ObjectVersion first = put("k", "null", id, VersioningState.UNVERSIONED, WriteCondition.NONE);
        // as a test or tool writing the store directly: the same blob, new metadata; the old "null" row goes
        store.objects().put(first.toBuilder().userMetadata(java.util.Map.of("a", "b")).build(), VersioningState.UNVERSIONED);
        assertThat(text(id)).isEqualTo("kept bytes");
        assertThat(rows()).isEqualTo(1);
    }

    /**
     * On an event loop the bytes are remembered with the rows (docs/performance.md "The GET path"):
     * the next request after an overwrite, here or by another process, reads the database again (ST-I1).
     */
    @Test
    void inlineBytesReadOnAnEventLoopAreRememberedOnlyWhileTheDatabaseIsUnchanged_ST_I1() throws IOException {
        bucket(B, VersioningState.UNVERSIONED);
        String first = write(blobs, "one");
        put("k", "null", first, VersioningState.UNVERSIONED, WriteCondition.NONE);
        byte[] a = onLoop(() -> blobs.open(first));
        assertThat(new String(a, StandardCharsets.UTF_8)).isEqualTo("one");
        assertThat(onLoop(() -> blobs.open(first))).isSameAs(a); // remembered: no query
        assertThat(onLoopSize(first)).isEqualTo(3);

        put("k", "null", write(blobs, "two"), VersioningState.UNVERSIONED, WriteCondition.NONE); // releases first
        assertThatThrownBy(() -> onLoop(() -> blobs.open(first))).hasRootCauseInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> onLoopSize(first)).hasRootCauseInstanceOf(NoSuchFileException.class);
    }

    @Test
    void inlineBytesRememberedOnAnEventLoopAreForgottenWhenAnotherProcessDeletesTheirVersion_ST_I1() throws IOException {
        bucket(B, VersioningState.UNVERSIONED);
        String id = write(blobs, "kept?");
        put("k", "null", id, VersioningState.UNVERSIONED, WriteCondition.NONE);
        assertThat(onLoopSize(id)).isEqualTo(5);
        try (MetadataStore admin = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"))) { // `cosd admin`
            admin.objects().deleteVersion(B, "k", "null");
        }
        assertThatThrownBy(() -> onLoopSize(id)).hasRootCauseInstanceOf(NoSuchFileException.class);
    }

    private byte[] onLoop(IoRead<FileChannel> open) {
        return io.cosd.store.meta.EventLoopReads.run(() -> {
            try (FileChannel ch = open.get()) {
                return ((InlineChannel) ch).bytes(0, ch.size());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private long onLoopSize(String id) {
        return io.cosd.store.meta.EventLoopReads.run(() -> {
            try {
                return blobs.size(id);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    interface IoRead<T> {
        T get() throws IOException;
    }

    /**
     * A lifecycle expiration or deletion of an inline version takes its row in the page's commit and
     * leaves nothing to release after it: releasing the id again was one more write transaction (an
     * fsync) per inline version expired.
     */
    @Test
    void lifecycleRemovalsOfInlineVersionsReleaseNothingAfterTheirCommit_ST_W3() throws IOException {
        bucket(B, VersioningState.UNVERSIONED);
        ObjectVersion a = put("a", "null", write(blobs, "aaa"), VersioningState.UNVERSIONED, WriteCondition.NONE);
        ObjectVersion b = put("b", "null", write(blobs, "bbb"), VersioningState.UNVERSIONED, WriteCondition.NONE);
        var expired = store.lifecycle().expireCurrents(List.of(new io.cosd.store.meta.LifecycleRepository.ExpireRef(B, "a", a.seq(), null)),
                VersioningState.UNVERSIONED, T0);
        assertThat(expired.applied()).containsExactly(true);
        assertThat(expired.releasedBlobs()).isEmpty();
        var deleted = store.lifecycle().deleteVersions(List.of(new io.cosd.store.meta.LifecycleRepository.VersionRef(B, "b", "null", b.seq())), null);
        assertThat(deleted.applied()).containsExactly(true);
        assertThat(deleted.releasedBlobs()).isEmpty();
        assertThat(rows()).isZero();
    }
}
