package io.cosd.service;

import io.cosd.api.lifecycle.LifecycleXml;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.lifecycle.DayClock;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Steps of three versions across several key ranges and a key with more versions than a page. */
class LifecycleExecutorPagingTest {
    static final Instant NOW = Instant.parse("2026-01-10T04:00:00Z"), OLD = NOW.minusSeconds(30 * 86400);
    static final String B = "paging-1250000000";
    @TempDir
    Path dir;
    MetadataStore meta;
    LifecycleExecutor executor;

    @BeforeEach
    void setUp() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        var blobs = new TieredBlobStore(new DiskBlobStore(dir), new DiskBlobStore(dir.resolve("cold")));
        var xml = new LifecycleXml(DayClock.BEIJING);
        var service = new LifecycleService(meta.buckets(), xml::decode, LifecycleXml::encode, DayClock.cos());
        executor = new LifecycleExecutor(meta, service, new LifecycleActions(meta, blobs,
                new ObjectService(meta, blobs, Clock.fixed(NOW, ZoneOffset.UTC), 1 << 20)), LifecycleEvents.NONE, 3);
        var a = meta.identity().createAccount("100000000001", "1250000000");
        meta.buckets().create(new Bucket(B, a.rootUin(), a.appId(), "ap-guangzhou", OLD, VersioningState.ENABLED));
    }

    @AfterEach
    void tearDown() {
        meta.close();
    }

    void put(String key, int n) {
        for (int i = 0; i < n; i++) {
            meta.objects().put(ObjectVersion.builder(B, key).versionId(String.format("%032d", key.hashCode() & 0xffff) + i).size(1)
                    .etag("\"e\"").content(ContentHeaders.ofType("x/y")).lastModified(OLD).build(), VersioningState.ENABLED);
        }
    }

    @Test
    void everyRangeAndEveryVersionIsVisitedOnceAcrossSmallSteps() {
        meta.buckets().putConfig(B, ConfigKind.LIFECYCLE, "<LifecycleConfiguration>"
                + "<Rule><ID>a</ID><Filter><Prefix>a/</Prefix></Filter><Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays></NoncurrentVersionExpiration></Rule>"
                + "<Rule><ID>c</ID><Filter><Prefix>c/</Prefix></Filter><Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays></NoncurrentVersionExpiration></Rule>"
                + "</LifecycleConfiguration>");
        put("a/1", 2);
        put("a/2", 1);
        put("a/many", 7); // more versions than a step reads
        put("b/untouched", 3);
        put("c/1", 2);
        put("c/2", 2);
        List<String> planned = new ArrayList<>();
        long scanned = 0;
        int steps = 0;
        for (var p = executor.start(); p != null; steps++) {
            var s = executor.step(p, NOW, false, (b, pl, applied) -> planned.add(pl.version().key() + (applied ? "" : "?")));
            scanned += s.scanned();
            p = s.next();
        }
        assertThat(scanned).as("b/ is outside every rule's range").isEqualTo(2 + 1 + 7 + 2 + 2);
        assertThat(steps).isGreaterThan(3);
        assertThat(planned).containsExactlyInAnyOrder("a/1", "a/many", "a/many", "a/many", "a/many", "a/many", "a/many", "c/1", "c/2");
        assertThat(meta.objects().listVersions(B, "", null, Long.MIN_VALUE, 100)).extracting(ObjectVersion::key)
                .containsExactly("a/1", "a/2", "a/many", "b/untouched", "b/untouched", "b/untouched", "c/1", "c/2");
    }
}
