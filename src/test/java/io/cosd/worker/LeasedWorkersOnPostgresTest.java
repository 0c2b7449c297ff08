package io.cosd.worker;

import io.cosd.api.lifecycle.LifecycleXml;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.lifecycle.DayClock;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.VersionIds;
import io.cosd.service.LifecycleActions;
import io.cosd.service.LifecycleEvents;
import io.cosd.service.LifecycleExecutor;
import io.cosd.service.LifecycleService;
import io.cosd.service.ObjectService;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.SecretSealer;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import io.cosd.store.meta.jdbc.PostgresUrl;
import io.cosd.store.meta.jdbc.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes' worker runners over one PostgreSQL (docs/scale-out.md "Workers across nodes"): the
 * lifecycle pass runs on the lease holder; when the holder freezes mid-pass (its renewals stop, and
 * the step it is in stalls past the TTL) the other node takes the lease over, resumes from the
 * persisted cursor and finishes the pass, and every action is applied once (SC-L1, SC-L3, SC-L6).
 */
class LeasedWorkersOnPostgresTest {
    static final Instant T = Instant.parse("2026-01-10T04:00:00Z");
    static final int BUCKETS = 8, KEYS = 3;
    /** A healthy holder must renew within the TTL even on a loaded 2-core machine: 600 ms lapsed there before the freeze. */
    static final Duration TTL = Duration.ofMillis(1500), RENEW = Duration.ofMillis(250);
    static final SecretSealer SEALER = SecretSealer.of(SecretSealer.newKey());

    @TempDir
    Path dir;
    String db;
    final List<AutoCloseable> open = new ArrayList<>();

    /** One node: its own store (pool), services, leases and runner, as a cosd process has. */
    final class Node implements LifecycleEvents {
        final String id;
        final MetadataStore meta;
        final Leases leases;
        final WorkerRunner runner = new WorkerRunner(Clock.systemUTC());
        final AtomicInteger applied = new AtomicInteger(), cursors = new AtomicInteger(), passes = new AtomicInteger();
        final AtomicBoolean frozen = new AtomicBoolean();
        /** Counted down when the frozen step resumes, its lease lost. */
        final CountDownLatch stallOver = new CountDownLatch(1);
        volatile int freezeAfterCursors = Integer.MAX_VALUE;

        Node(String id) {
            this.id = id;
            meta = JdbcMetadataStore.openPostgres(PostgresUrl.parse(TestPostgres.get().url(db)), Clock.systemUTC(), MasterKeySource.of(SEALER));
            open.add(meta);
            var blobs = new TieredBlobStore(new DiskBlobStore(dir), new DiskBlobStore(dir.resolve("cold")));
            var xml = new LifecycleXml(DayClock.BEIJING);
            var service = new LifecycleService(meta.buckets(), xml::decode, LifecycleXml::encode, DayClock.cos());
            var executor = new LifecycleExecutor(meta, service, new LifecycleActions(meta, blobs,
                    new ObjectService(meta, blobs, Clock.fixed(T, ZoneOffset.UTC), 1 << 20)), this);
            leases = new Leases(meta.leases(), id, TTL, RENEW);
            open.add(leases);
            leases.onAcquired(runner::wake);
            runner.register(leases.gate(new LifecycleWorker(executor, meta.checkpoints(), Clock.fixed(T, ZoneOffset.UTC), this,
                    leases.fence(meta.checkpoints()))));
            open.add(runner);
        }

        void start() {
            leases.start(id + ":9000", "test");
            runner.start();
        }

        @Override
        public void applied(String kind) {
            applied.incrementAndGet();
            // A frozen node stalls once inside its step until another node holds the lease (its TTL
            // passed, and the other took it over): it comes back to a lease it lost. Waiting for the
            // take-over itself, not for a multiple of the TTL that a loaded machine may not honour.
            if (frozen.compareAndSet(true, false)) {
                await("another node took node " + id + "'s lease", () -> meta.leases().leases().stream().anyMatch(l -> !l.holder().equals(id)));
                stallOver.countDown();
            }
        }

        @Override
        public void cursor(long versionsScanned, String bucket) {
            if (cursors.incrementAndGet() == freezeAfterCursors) {
                leases.stopRenewing();
                frozen.set(true);
            }
        }

        @Override
        public void passFinished(Duration took, long versionsScanned) {
            passes.incrementAndGet();
        }
    }

    @BeforeEach
    void createDatabase() {
        db = TestPostgres.get().createDatabase("cosd_workers");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
        TestPostgres.get().dropDatabase(db);
    }

    /** Polls {@code state} until it holds; 90 s is a bound on a hang, not a speed claim (docs/testing.md). */
    private static void await(String what, BooleanSupplier state) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        try {
            while (!state.getAsBoolean()) {
                if (System.nanoTime() > deadline) throw new AssertionError("not within 90 s: " + what);
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void whenTheLeaseHolderFreezesMidPassTheOtherNodeFinishesItAndAppliesEachActionOnce() throws Exception {
        Node a = new Node("node-a"), b = new Node("node-b");
        var acc = a.meta.identity().createAccount("100000000001", "1250000000");
        for (int i = 0; i < BUCKETS; i++) {
            String name = "lc" + i + "-1250000000";
            a.meta.buckets().create(new Bucket(name, acc.rootUin(), acc.appId(), "ap-guangzhou", T, VersioningState.ENABLED));
            a.meta.buckets().putConfig(name, ConfigKind.LIFECYCLE, "<LifecycleConfiguration><Rule><ID>e</ID><Status>Enabled</Status>"
                    + "<Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>");
            for (int k = 0; k < KEYS; k++) {
                a.meta.objects().put(ObjectVersion.builder(name, "k" + k).versionId(VersionIds.format(1_000_000 + k)).etag("\"e\"")
                        .content(ContentHeaders.ofType("x/y")).lastModified(T.minusSeconds(10 * 86400)).build(), VersioningState.ENABLED);
            }
        }
        a.freezeAfterCursors = 3; // after its third bucket: mid-pass
        a.start(); // first: it takes the lease
        await("node-a holds the lease before node-b starts", () -> a.meta.leases().leases().stream().anyMatch(l -> l.holder().equals("node-a")));
        b.start();

        await("node-b finished the pass", () -> b.passes.get() > 0);
        // node-a's stalled step is over too: it resumed (its lease lost) and then left the step, its
        // late writes refused; its runner no longer runs it (it waits, or backs off after a refusal).
        await("node-a's frozen step resumed", () -> a.stallOver.getCount() == 0);
        await("node-a's step ended", () -> a.runner.status().stream().noneMatch(st -> st.state().equals("running")));

        assertThat(b.passes.get()).as("node-b finished the pass").isEqualTo(1);
        assertThat(a.passes.get()).isZero();
        assertThat(a.cursors.get()).as("node-a's cursor after the freeze was refused (SC-L3)").isEqualTo(3);
        assertThat(a.applied.get() + b.applied.get()).as("each expiration applied once").isEqualTo(BUCKETS * KEYS);
        assertThat(b.applied.get()).isPositive();
        for (int i = 0; i < BUCKETS; i++) {
            for (int k = 0; k < KEYS; k++) {
                assertThat(a.meta.objects().listVersions("lc" + i + "-1250000000", "k" + k, null, Long.MIN_VALUE, 10))
                        .as("one delete marker over the version").hasSize(2).first().satisfies(v -> assertThat(v.deleteMarker()).isTrue());
            }
        }
        assertThat(a.meta.checkpoints().cursor(LifecycleWorker.NAME).orElseThrow().cursor()).startsWith("done\t");
        assertThat(a.meta.leases().leases()).singleElement().satisfies(l -> assertThat(l.holder()).isEqualTo("node-b"));
    }
}
