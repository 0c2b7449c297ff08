package io.cosd.worker;

import io.cosd.api.lifecycle.LifecycleXml;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.lifecycle.DayClock;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.service.LifecycleActions;
import io.cosd.service.LifecycleEvents;
import io.cosd.service.LifecycleExecutor;
import io.cosd.service.LifecycleService;
import io.cosd.service.ObjectService;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's once-per-day pass, its persisted cursor, and resuming it in a new worker (a restart). */
class LifecycleWorkerTest {
    @TempDir
    Path dir;
    MetadataStore meta;
    LifecycleExecutor executor;
    static final Instant T = Instant.parse("2026-01-10T04:00:00Z");

    @BeforeEach
    void setUp() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        var blobs = new TieredBlobStore(new DiskBlobStore(dir), new DiskBlobStore(dir.resolve("cold")));
        var xml = new LifecycleXml(DayClock.BEIJING);
        var service = new LifecycleService(meta.buckets(), xml::decode, LifecycleXml::encode, DayClock.cos());
        executor = new LifecycleExecutor(meta, service, new LifecycleActions(meta, blobs,
                new ObjectService(meta, blobs, Clock.fixed(T, ZoneOffset.UTC), 1 << 20)), LifecycleEvents.NONE);
        var a = meta.identity().createAccount("100000000001", "1250000000");
        for (String b : new String[]{"a-1250000000", "b-1250000000"}) {
            meta.buckets().create(new Bucket(b, a.rootUin(), a.appId(), "ap-guangzhou", T, VersioningState.UNVERSIONED));
            meta.buckets().putConfig(b, ConfigKind.LIFECYCLE, "<LifecycleConfiguration><Rule><ID>e</ID><Status>Enabled</Status>"
                    + "<Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>");
            meta.objects().put(ObjectVersion.builder(b, "old").etag("\"e\"")
                    .content(ContentHeaders.ofType("x/y")).lastModified(T.minusSeconds(10 * 86400)).build(), VersioningState.UNVERSIONED);
        }
    }

    @AfterEach
    void tearDown() {
        meta.close();
    }

    LifecycleWorker worker(Instant now) {
        return new LifecycleWorker(executor, meta.checkpoints(), Clock.fixed(now, ZoneOffset.UTC), LifecycleEvents.NONE);
    }

    @Test
    void aPassRunsInBoundedStepsPersistsItsCursorAndResumesAfterARestart() throws Exception {
        assertThat(worker(T).step()).isEqualTo(Worker.Outcome.MORE);
        String cursor = meta.checkpoints().cursor(LifecycleWorker.NAME).orElseThrow().cursor();
        assertThat(cursor).startsWith("run\t").contains("b-1250000000");
        assertThat(meta.objects().latest("a-1250000000", "old")).isEmpty();
        assertThat(meta.objects().latest("b-1250000000", "old")).isPresent();

        // a new worker (a restarted server) continues with bucket b, then the day's pass is done
        assertThat(worker(T).step()).isEqualTo(Worker.Outcome.IDLE);
        assertThat(meta.objects().latest("b-1250000000", "old")).isEmpty();
        assertThat(meta.checkpoints().cursor(LifecycleWorker.NAME).orElseThrow().cursor()).startsWith("done\t");
        assertThat(worker(T.plusSeconds(3600)).step()).as("once per Beijing day").isEqualTo(Worker.Outcome.IDLE);
        assertThat(meta.checkpoints().cursor(LifecycleWorker.NAME).orElseThrow().cursor()).startsWith("done\t");
        assertThat(worker(T.plusSeconds(86400)).step()).as("the next day starts a new pass").isEqualTo(Worker.Outcome.MORE);
    }

    @Test
    void cursorsRoundTripWithAnyKey() {
        var c = new LifecycleWorker.Cursor(true, 42, new LifecycleExecutor.Position("b-1250000000", "k\twith\ttabs", true, "u1"));
        assertThat(LifecycleWorker.Cursor.parse(c.encode())).isEqualTo(c);
        var start = new LifecycleWorker.Cursor(true, 42, new LifecycleExecutor.Position("b-1250000000", null));
        assertThat(LifecycleWorker.Cursor.parse(start.encode())).isEqualTo(start);
        assertThat(LifecycleWorker.Cursor.parse("garbage")).isNull();
    }
}
