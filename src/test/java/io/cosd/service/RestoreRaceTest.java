package io.cosd.service;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.lifecycle.DayClock;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.LifecycleRepository;
import io.cosd.store.meta.LifecycleRepository.Restore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/lifecycle.md LC-R7: the restore worker decompresses the version it read, then records the copy. Meanwhile
 * the user overwrites the "null" version (an unversioned bucket: same key, same version id) with another archived
 * object and restores that one. The real RestoreService over the real SQLite store and blob files; the only hook
 * runs the user's two requests right before the worker's completing transaction. Before the fix that transaction
 * found "an ONGOING restore of (bucket, key, null)" (the new one) and gave it the old version's bytes, which GET
 * would then have served as the new object.
 */
class RestoreRaceTest {
    static final Instant T = Instant.parse("2026-01-10T04:00:00Z");
    static final String B = "restore-1250000000";
    @TempDir
    Path dir;

    @Test
    void aRestoreFinishingAfterItsNullVersionWasOverwrittenAndRestoredAgainNeverGivesTheNewRestoreTheOldBytes_LC_R7() throws IOException {
        var blobs = new TieredBlobStore(new DiskBlobStore(dir), new DiskBlobStore(dir.resolve("cold")));
        try (MetadataStore meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"))) {
            var a = meta.identity().createAccount("100000000001", "1250000000");
            meta.buckets().create(new Bucket(B, a.rootUin(), a.appId(), "ap-guangzhou", T.minusSeconds(86400), VersioningState.UNVERSIONED));
            putArchived(meta, blobs, "old bytes!");
            meta.lifecycle().startRestore(new Restore(B, "k", "null", Restore.ONGOING, "Expedited", 1, T, T, null, null));
            AtomicReference<Runnable> between = new AtomicReference<>(() -> {
                putArchived(meta, blobs, "new bytes!"); // same length: nothing but the bytes tells them apart
                meta.lifecycle().startRestore(new Restore(B, "k", "null", Restore.ONGOING, "Expedited", 1, T.plusSeconds(5),
                        T.plusSeconds(65), null, null));
            });
            MetadataStore hooked = hooked(meta, between);
            var objects = new ObjectService(meta, blobs, Clock.fixed(T.plusSeconds(10), ZoneOffset.UTC), 1 << 20);
            var restores = new RestoreService(hooked, blobs, objects, new DayClock(ZoneOffset.UTC, 0),
                    new RestoreService.Delays(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3)), LifecycleEvents.NONE);

            restores.work(T.plusSeconds(10), 10);

            Restore now = meta.lifecycle().restore(B, "k", "null").orElseThrow();
            assertThat(now.ongoing()).as("the new object's restore is still to be done, from its own bytes").isTrue();
            assertThat(now.blobId()).isNull();
            ObjectVersion current = meta.objects().latest(B, "k").orElseThrow();
            assertThat(restores.readableCopy(current, T.plusSeconds(10))).as("nothing is served as the new object yet").isEmpty();
            try (var files = Files.walk(dir.resolve("blobs"))) {
                assertThat(files.filter(Files::isRegularFile).count())
                        .as("the old version's copy was released: only the new version's blob is left").isEqualTo(1);
            }
        }
    }

    private static ObjectVersion putArchived(MetadataStore meta, TieredBlobStore blobs, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            BlobStore.Writer w = blobs.create(bytes.length);
            w.write(ByteBuffer.wrap(bytes));
            String id = w.commit();
            var out = meta.objects().put(ObjectVersion.builder(B, "k").size(bytes.length).etag("\"e\"")
                    .storageClass(StorageClass.ARCHIVE).content(ContentHeaders.ofType("text/plain")).blobId(id)
                    .lastModified(T).build(), VersioningState.UNVERSIONED);
            out.releasedBlobs().forEach(blobs::delete); // as the PUT path does after its commit
            return out.stored();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The restorer's store: its completeRestore runs the user's requests first (once). */
    private static MetadataStore hooked(MetadataStore meta, AtomicReference<Runnable> between) {
        LifecycleRepository real = meta.lifecycle();
        LifecycleRepository lifecycle = (LifecycleRepository) Proxy.newProxyInstance(RestoreRaceTest.class.getClassLoader(),
                new Class<?>[]{LifecycleRepository.class}, (p, m, args) -> {
                    if (m.getName().equals("completeRestore")) {
                        Runnable user = between.getAndSet(null);
                        if (user != null) user.run();
                    }
                    return invoke(m, real, args);
                });
        return (MetadataStore) Proxy.newProxyInstance(RestoreRaceTest.class.getClassLoader(), new Class<?>[]{MetadataStore.class},
                (p, m, args) -> m.getName().equals("lifecycle") ? lifecycle : invoke(m, meta, args));
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
