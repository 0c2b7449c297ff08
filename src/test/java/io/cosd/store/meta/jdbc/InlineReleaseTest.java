package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.WriteCondition;
import io.cosd.store.blob.InlineBlobs;
import io.cosd.store.meta.LifecycleRepository;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An inline row lives exactly as long as a version names it (docs/storage.md ST-W3), also against the
 * release paths that run after a commit: a released id whose row another version still names keeps
 * its bytes, and the lifecycle pass's removals release no inline id at all (its row went with the
 * version in the page's transaction; releasing it again cost one more write transaction per object).
 */
class InlineReleaseTest extends InlineStoreTest {
    static final String B = "inlrel-1250000000";
    private ObjectVersion put(String key, String versionId, String blobId) {
        ObjectVersion d = draft(B, key, versionId).toBuilder().blobId(blobId).build();
        return store.objects().put(d, VersioningState.ENABLED, null, WriteCondition.NONE).stored();
    }

    private String text(String blobId) throws IOException {
        try (FileChannel ch = blobs.open(blobId)) {
            ByteBuffer bb = ByteBuffer.allocate((int) ch.size());
            while (bb.hasRemaining() && ch.read(bb) > 0) { }
            return new String(bb.array(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void releasingAnInlineIdThatAnotherVersionStillNamesKeepsItsBytes_ST_W3() throws IOException {
        bucket(B, VersioningState.ENABLED);
        String id = write(blobs, "shared");
        ObjectVersion v1 = put("k", "v1", id);
        put("other", "v2", id); // two versions naming one row, as the V20 trigger allows
        var out = store.lifecycle().deleteVersions(List.of(new LifecycleRepository.VersionRef(B, "k", "v1", v1.seq())));
        assertThat(out.applied()).containsExactly(true);
        out.releasedBlobs().forEach(blobs::delete); // what LifecycleActions.release does after the commit
        blobs.delete(id); // any release path, however it came by the id
        assertThat(text(id)).isEqualTo("shared");
    }

    @Test
    void theLifecyclePassesRemovalsReleaseNoInlineIdTheirRowsWentInTheSameTransaction_ST_W3() throws IOException {
        bucket(B, VersioningState.ENABLED);
        ObjectVersion a = put("a", "va", write(blobs, "aaa"));
        var deleted = store.lifecycle().deleteVersions(List.of(new LifecycleRepository.VersionRef(B, "a", "va", a.seq())));
        assertThat(deleted.releasedBlobs()).noneMatch(InlineBlobs::isInline);

        String u = "inlrel-u-1250000000";
        bucket(u, VersioningState.UNVERSIONED);
        ObjectVersion d = draft(u, "b", "null").toBuilder().blobId(write(blobs, "bbb")).build();
        ObjectVersion b = store.objects().put(d, VersioningState.UNVERSIONED, null, WriteCondition.NONE).stored();
        var expired = store.lifecycle().expireCurrents(List.of(new LifecycleRepository.ExpireRef(u, "b", b.seq(), null)),
                VersioningState.UNVERSIONED, T0);
        assertThat(expired.applied()).containsExactly(true);
        assertThat(expired.releasedBlobs()).noneMatch(InlineBlobs::isInline);
    }
}
