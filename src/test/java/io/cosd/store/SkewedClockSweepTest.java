package io.cosd.store;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.SqliteTwoStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SC-F1 where the file system takes its timestamps from each client's clock (CephFS stamps a
 * setattr's ctime with the client's request time; JuiceFS clients stamp their own metadata): the
 * sweeping node's clock runs ahead of the writer's, so a touch made after the sweep's mark can carry
 * a ctime before it. A writer that touches and commits after the walk saw its blob must still keep it.
 */
class SkewedClockSweepTest {
    /** How far the sweeper's clock runs ahead of the writer's: well under the grace a deployment uses. */
    static final long SKEW_MILLIS = 5_000;

    @TempDir
    Path dir;
    SqliteTwoStores nodes;
    MetadataStore a, b;
    final BlobFenceContract c = new BlobFenceContract() {
        @Override public MetadataStore writer() { return a; }
        @Override public MetadataStore sweeper() { return b; }
        @Override public Path root() { return dir.resolve("blobs"); }
    };

    @BeforeEach
    void open() {
        nodes = SqliteTwoStores.open(dir.resolve("meta.db"));
        a = nodes.a();
        b = nodes.b();
    }

    @AfterEach
    void close() {
        if (nodes != null) nodes.close();
    }

    @Test
    void aWriterWhoseClockLagsTheSweepersKeepsTheBlobItTouchedAndCommittedAfterTheWalkSawIt_SC_F1() throws Exception {
        var writerBlobs = c.blobs(a, "a");
        var sweeperBlobs = c.blobs(b, "b");
        c.bucket();
        String id = BlobFenceContract.commit(writerBlobs);
        BlobFenceContract.pastTheGrace(); // A freezes between its blob's rename and its metadata commit
        List<String> committedAfterTheVisit = new ArrayList<>();
        BlobStore skewed = new BlobFenceContract.Delegating(sweeperBlobs) {
            @Override
            public Object sweepMark() throws IOException {
                // The mark as B's clock stamps it: SKEW_MILLIS later than A's clock would at the same moment.
                Object[] m = (Object[]) super.sweepMark();
                Object[] ahead = new Object[m.length];
                for (int i = 0; i < m.length; i++) ahead[i] = FileTime.from(((FileTime) m[i]).toInstant().plusMillis(SKEW_MILLIS));
                return ahead;
            }

            @Override
            public void forEach(Consumer<String> visitor) throws IOException {
                super.forEach(visited -> {
                    visitor.accept(visited); // B takes it for an old orphan...
                    if (visited.equals(id)) { // ...then A resumes, touches it and commits, before B's batch
                        a.objects().put(BlobFenceContract.draft("k", id), VersioningState.UNVERSIONED);
                        committedAfterTheVisit.add(id);
                    }
                });
            }
        };

        StartupCleanup.run(skewed, b);

        assertThat(committedAfterTheVisit).containsExactly(id);
        assertThat(a.objects().latest(BlobFenceContract.B, "k")).get().extracting(ObjectVersion::blobId).isEqualTo(id);
        assertThat(BlobFenceContract.exists(writerBlobs, id)).as("a committed, acknowledged version's blob").isTrue();
    }
}
