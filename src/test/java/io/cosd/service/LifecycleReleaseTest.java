package io.cosd.service;

import io.cosd.api.lifecycle.LifecycleXml;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.lifecycle.DayClock;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page's unlinks run while the pass goes on to its next page (docs/performance.md "Lifecycle over 10M
 * unversioned objects"), but a finished pass, bucket or step past a bucket's last page has deleted
 * every blob it released (LC-E2: the expired objects' bytes are gone, not just their rows).
 */
class LifecycleReleaseTest {
    static final Instant NOW = Instant.parse("2026-01-10T04:00:00Z"), OLD = NOW.minusSeconds(30 * 86400);
    static final String B = "release-1250000000";
    @TempDir
    Path dir;
    MetadataStore meta;
    TieredBlobStore blobs;
    LifecycleExecutor executor;

    @BeforeEach
    void setUp() throws IOException {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        blobs = new TieredBlobStore(new DiskBlobStore(dir), new DiskBlobStore(dir.resolve("cold")));
        var xml = new LifecycleXml(DayClock.BEIJING);
        var service = new LifecycleService(meta.buckets(), xml::decode, LifecycleXml::encode, DayClock.cos());
        // Pages of 100: each releases more than two slices' worth, so its unlinks go to the background.
        executor = new LifecycleExecutor(meta, service, new LifecycleActions(meta, blobs,
                new ObjectService(meta, blobs, Clock.fixed(NOW, ZoneOffset.UTC), 1 << 20)), LifecycleEvents.NONE, 100);
        var a = meta.identity().createAccount("100000000001", "1250000000");
        meta.buckets().create(new Bucket(B, a.rootUin(), a.appId(), "ap-guangzhou", OLD, VersioningState.UNVERSIONED));
        meta.buckets().putConfig(B, ConfigKind.LIFECYCLE, "<LifecycleConfiguration><Rule><ID>all</ID><Filter/><Status>Enabled</Status>"
                + "<Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>");
        for (int i = 0; i < 350; i++) {
            BlobStore.Writer w = blobs.create();
            w.write(ByteBuffer.wrap(new byte[] {(byte) i}));
            String id = w.commit();
            meta.objects().put(ObjectVersion.builder(B, String.format("k/%04d", i)).size(1).etag("\"e\"")
                    .content(ContentHeaders.ofType("x/y")).blobId(id).lastModified(OLD).build(), VersioningState.UNVERSIONED);
        }
    }

    @AfterEach
    void tearDown() {
        meta.close();
    }

    private List<String> files() throws IOException {
        List<String> ids = new ArrayList<>();
        blobs.forEach(ids::add);
        return ids;
    }

    @Test
    void aFinishedPassHasDeletedEveryBlobItReleased_LC_E2() throws IOException {
        assertThat(files()).hasSize(350);
        assertThat(executor.runPass(NOW, null)).isEqualTo(350);
        assertThat(meta.objects().listLatest(B, "", null, 10)).isEmpty();
        assertThat(files()).isEmpty();
    }

    @Test
    void steppingPastABucketsLastPageWaitsForItsUnlinks_LC_E2() throws IOException {
        var p = executor.start();
        int steps = 0;
        while (p != null) {
            p = executor.step(p, NOW, false, null).next();
            steps++;
        }
        assertThat(steps).isEqualTo(4);
        assertThat(files()).isEmpty();
        assertThat(executor.runBucket(B, NOW, null)).isZero();
    }
}
