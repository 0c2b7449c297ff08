package io.cosd.store;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.object.UploadedPart;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.LifecycleRepository;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StartupCleanupTest {
    @TempDir
    Path dir;

    private static String commit(BlobStore blobs) throws IOException {
        BlobStore.Writer w = blobs.create();
        w.write(ByteBuffer.wrap(new byte[]{1, 2, 3}));
        return w.commit();
    }

    @Test
    void unreferencedBlobsAndTemporaryFilesAreRemovedAndReferencedBlobsKept() throws IOException {
        DiskBlobStore blobs = new DiskBlobStore(dir.resolve("data"));
        try (MetadataStore meta = JdbcMetadataStore.openSqlite(dir.resolve("data/meta.db"))) {
            var account = meta.identity().createAccount("100000000001", "1250000000");
            meta.buckets().create(new Bucket("b-1250000000", account.rootUin(), account.appId(), "ap-guangzhou",
                    Instant.EPOCH, VersioningState.UNVERSIONED));
            String kept = commit(blobs);
            meta.objects().put(ObjectVersion.builder("b-1250000000", "k").size(3).etag("e")
                    .content(ContentHeaders.ofType("x/y")).blobId(kept).lastModified(Instant.EPOCH).build(), VersioningState.UNVERSIONED);
            String orphan = commit(blobs);
            blobs.create().write(ByteBuffer.wrap(new byte[]{9})); // an upload cut off by a crash

            StartupCleanup.Result result = StartupCleanup.run(blobs, meta);

            assertThat(result).isEqualTo(new StartupCleanup.Result(1, 1));
            List<String> left = new ArrayList<>();
            blobs.forEach(left::add);
            assertThat(left).containsExactly(kept).doesNotContain(orphan);
        }
    }

    @Test
    void blobsOfInProgressAndCompletedMultipartPartsAreKept() throws IOException {
        DiskBlobStore blobs = new DiskBlobStore(dir.resolve("data"));
        try (MetadataStore meta = JdbcMetadataStore.openSqlite(dir.resolve("data/meta.db"))) {
            var account = meta.identity().createAccount("100000000001", "1250000000");
            meta.buckets().create(new Bucket("b-1250000000", account.rootUin(), account.appId(), "ap-guangzhou",
                    Instant.EPOCH, VersioningState.UNVERSIONED));
            for (String id : List.of("done", "open")) {
                meta.uploads().create(new MultipartUpload(id, "b-1250000000", id, Instant.EPOCH,
                        StorageClass.STANDARD, ContentHeaders.ofType("x/y"), Map.of(), Map.of(), null));
            }
            var completedPart = new UploadedPart(1, 3, "\"e\"", commit(blobs), Instant.EPOCH);
            var openPart = new UploadedPart(1, 3, "\"e\"", commit(blobs), Instant.EPOCH);
            meta.uploads().putPart("b-1250000000", "done", "done", completedPart);
            meta.uploads().putPart("b-1250000000", "open", "open", openPart);
            meta.uploads().complete("done", List.of(completedPart), ObjectVersion.builder("b-1250000000", "done").latest(true)
                    .size(3).etag("\"x-1\"").content(ContentHeaders.ofType("x/y")).partsCount(1).lastModified(Instant.EPOCH).build(), VersioningState.UNVERSIONED);
            String orphan = commit(blobs);

            assertThat(StartupCleanup.run(blobs, meta)).isEqualTo(new StartupCleanup.Result(0, 1));
            List<String> left = new ArrayList<>();
            blobs.forEach(left::add);
            assertThat(left).containsExactlyInAnyOrder(completedPart.blobId(), openPart.blobId()).doesNotContain(orphan);
        }
    }

    /**
     * The cold tier is covered too: a transition that crashed after writing the cold blob but before
     * switching the metadata leaves an unreferenced cold blob; a restored copy is referenced by its
     * restore row (docs/lifecycle.md#archive-tier-and-restore).
     */
    @Test
    void coldTierOrphansGoAndArchivedBlobsAndRestoredCopiesStay() throws IOException {
        var blobs = new TieredBlobStore(new DiskBlobStore(dir.resolve("data")), new DiskBlobStore(dir.resolve("data/cold")));
        try (MetadataStore meta = JdbcMetadataStore.openSqlite(dir.resolve("data/meta.db"))) {
            var account = meta.identity().createAccount("100000000001", "1250000000");
            meta.buckets().create(new Bucket("b-1250000000", account.rootUin(), account.appId(), "ap-guangzhou",
                    Instant.EPOCH, VersioningState.UNVERSIONED));
            BlobStore.Writer w = blobs.createCold();
            w.write(ByteBuffer.wrap(new byte[]{1}));
            String archived = w.commit();
            assertThat(archived).startsWith("cold-");
            ObjectVersion v = meta.objects().put(ObjectVersion.builder("b-1250000000", "k").size(1).etag("e")
                    .storageClass(StorageClass.ARCHIVE).content(ContentHeaders.ofType("x/y")).blobId(archived)
                    .lastModified(Instant.EPOCH).build(), VersioningState.UNVERSIONED).stored();
            String copy = commit(blobs);
            meta.lifecycle().startRestore(new LifecycleRepository.Restore("b-1250000000", "k", "null",
                    "ONGOING", "Standard", 1, Instant.EPOCH, Instant.EPOCH, null, null));
            assertThat(meta.lifecycle().completeRestore("b-1250000000", "k", "null", v.seq(), Instant.EPOCH, copy, Instant.EPOCH.plusSeconds(86400))).isTrue();
            BlobStore.Writer crashed = blobs.createCold();
            crashed.write(ByteBuffer.wrap(new byte[]{2}));
            String orphan = crashed.commit();

            StartupCleanup.Result result = StartupCleanup.run(blobs, meta);

            assertThat(result.orphanBlobs()).isEqualTo(1);
            List<String> left = new ArrayList<>();
            blobs.forEach(left::add);
            assertThat(left).containsExactlyInAnyOrder(archived, copy).doesNotContain(orphan);
        }
    }

    /**
     * The merge walk over every tier at once (ST-G1..G2): hot files on both sides of {@code cold-} in
     * the id order, cold files and inline rows; referenced ones (one of them named by two versions, as
     * a copy sharing its source's blob would) all stay, every unreferenced one goes.
     */
    @Test
    void everyTierIsWalkedInOneOrderAndOnlyUnreferencedBlobsGo_ST_G1_ST_G2() throws Exception {
        try (var meta = (JdbcMetadataStore) JdbcMetadataStore.openSqlite(dir.resolve("data/meta.db"))) {
            var blobs = new TieredBlobStore(new DiskBlobStore(dir.resolve("data")), new DiskBlobStore(dir.resolve("data/cold")),
                    meta.inlineBlobs(), 8);
            var account = meta.identity().createAccount("100000000001", "1250000000");
            meta.buckets().create(new Bucket("b-1250000000", account.rootUin(), account.appId(), "ap-guangzhou",
                    Instant.EPOCH, VersioningState.ENABLED));
            List<String> kept = new ArrayList<>(), orphans = new ArrayList<>();
            int n = 0;
            // Hot ids share their first four digits for 1,024 writes (DiskBlobStore.fanOut): enough
            // writes to land on both sides of "cold-" with near certainty is many; write the files
            // straight into place instead, at ids chosen on both sides.
            for (String first : List.of("0", "7", "c", "d", "f")) {
                for (int i = 0; i < 3; i++) {
                    String id = first + String.valueOf((char) ('a' + i)).repeat(31);
                    java.nio.file.Path d = dir.resolve("data/blobs").resolve(id.substring(0, 2)).resolve(id.substring(2, 4));
                    java.nio.file.Files.createDirectories(d);
                    java.nio.file.Files.write(d.resolve(id), new byte[]{1});
                    if (i == 0) orphans.add(id);
                    else {
                        version(meta, "hot" + n++, id);
                        if (i == 2) version(meta, "copy" + n++, id); // two versions name it
                        kept.add(id);
                    }
                }
            }
            for (int i = 0; i < 2; i++) {
                BlobStore.Writer w = blobs.createCold();
                w.write(ByteBuffer.wrap(new byte[]{1}));
                String id = w.commit();
                if (i == 0) orphans.add(id);
                else {
                    version(meta, "cold" + n++, id);
                    kept.add(id);
                }
            }
            BlobStore.Writer small = blobs.createVersion(1);
            small.write(ByteBuffer.wrap(new byte[]{1}));
            String inline = small.commit();
            assertThat(inline).startsWith("inl-");
            version(meta, "inline", inline);
            kept.add(inline);
            String strayInline = "inl-" + "0".repeat(32);
            try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/meta.db"));
                 var ps = c.prepareStatement("INSERT INTO inline_blobs (blob_id, data) VALUES (?, ?)")) {
                ps.setString(1, strayInline);
                ps.setBytes(2, new byte[]{9});
                ps.executeUpdate();
            }
            orphans.add(strayInline);

            StartupCleanup.Result result = StartupCleanup.run(blobs, meta);

            assertThat(result.orphanBlobs()).isEqualTo(orphans.size());
            List<String> left = new ArrayList<>();
            blobs.forEach(left::add);
            assertThat(left).isSorted().containsExactlyInAnyOrderElementsOf(kept);
            assertThat(StartupCleanup.run(blobs, meta).orphanBlobs()).isZero(); // a second start finds none
        }
    }

    private static void version(MetadataStore meta, String key, String blobId) {
        meta.objects().put(ObjectVersion.builder("b-1250000000", key).versionId(key + "-v").size(1).etag("e")
                .content(ContentHeaders.ofType("x/y")).blobId(blobId).lastModified(Instant.EPOCH).build(), VersioningState.ENABLED);
    }
}
