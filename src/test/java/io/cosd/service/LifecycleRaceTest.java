package io.cosd.service;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.lifecycle.DayClock;
import io.cosd.domain.lifecycle.LifecycleConfiguration;
import io.cosd.domain.lifecycle.LifecycleRule;
import io.cosd.domain.lifecycle.LifecycleRule.Expiration;
import io.cosd.domain.lifecycle.LifecycleRule.Filter;
import io.cosd.domain.lifecycle.LifecycleRule.FilterForm;
import io.cosd.domain.lifecycle.LifecycleRule.NoncurrentExpiration;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.LifecycleRepository;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/lifecycle.md LC-C1..C5: a pass decides on what its scan read, and a user writes between the scan and the
 * action's transaction without giving the version a new seq (a delete of the newer version, a versioning change,
 * new tags, a legal hold, a delete of a newer noncurrent version). The real executor over the real SQLite store;
 * the only hook runs the user's write once, right before the step's first action transaction, which is exactly
 * the window a concurrent request has. Every test failed before the action re-checked what the plan decided on.
 */
class LifecycleRaceTest {
    static final Instant NOW = Instant.parse("2026-01-10T04:00:00Z"), OLD = NOW.minusSeconds(30 * 86400);
    static final String B = "race-1250000000";
    static final DayClock UTC = new DayClock(ZoneOffset.UTC, 0);
    static final LifecycleRule NONCURRENT = new LifecycleRule("nc", true, Filter.ALL, List.of(), null, List.of(),
            new NoncurrentExpiration(1, null), null);
    static final LifecycleRule EXPIRE = new LifecycleRule("x", true, Filter.ALL, List.of(), new Expiration(1, null, false), List.of(),
            null, null);

    @TempDir
    Path dir;
    MetadataStore meta;
    LifecycleConfiguration config;
    /** The user's write, run once just before the step's first action transaction. */
    final AtomicReference<Runnable> between = new AtomicReference<>();

    TieredBlobStore blobs;

    @BeforeEach
    void setUp() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        blobs = new TieredBlobStore(new DiskBlobStore(dir), new DiskBlobStore(dir.resolve("cold")));
    }

    @AfterEach
    void tearDown() {
        meta.close();
    }

    @Test
    void aNoncurrentVersionMadeCurrentByAnUndeleteAfterTheScanIsNotExpired_LC_C1() {
        bucket(VersioningState.ENABLED, NONCURRENT);
        ObjectVersion v1 = put("k", id(), OLD, VersioningState.ENABLED, Map.of());
        String marker = id();
        meta.objects().deleteCurrent(B, "k", VersioningState.ENABLED, marker, OLD.plusSeconds(3600));
        // planned: v1 (noncurrent for a month) and then the marker, left alone (LC-E5); the user undeletes meanwhile
        between.set(() -> meta.objects().deleteVersion(B, "k", marker));

        run();

        assertThat(meta.objects().latest(B, "k")).as("the undeleted object is the user's current version")
                .hasValueSatisfying(v -> assertThat(v.versionId()).isEqualTo(v1.versionId()));
    }

    @Test
    void aNoncurrentVersionMadeCurrentByADeleteOfTheNewerVersionAfterTheScanIsNotExpired_LC_C1() {
        bucket(VersioningState.ENABLED, NONCURRENT);
        ObjectVersion v1 = put("k", id(), OLD, VersioningState.ENABLED, Map.of());
        ObjectVersion v2 = put("k", id(), OLD.plusSeconds(3600), VersioningState.ENABLED, Map.of());
        between.set(() -> meta.objects().deleteVersion(B, "k", v2.versionId()));

        run();

        assertThat(meta.objects().latest(B, "k")).hasValueSatisfying(v -> assertThat(v.versionId()).isEqualTo(v1.versionId()));
    }

    @Test
    void anUnversionedObjectIsNotRemovedWhenItsBucketGainedVersioningAfterTheScan_LC_C2() {
        bucket(VersioningState.UNVERSIONED, EXPIRE);
        put("k", ObjectVersion.NULL_VERSION, OLD, VersioningState.UNVERSIONED, Map.of());
        // the user enables versioning so that nothing is lost for good any more; the plan was a permanent delete
        between.set(() -> meta.buckets().setVersioning(B, VersioningState.ENABLED));

        run();

        assertThat(meta.objects().version(B, "k", ObjectVersion.NULL_VERSION)).as("kept; the next pass expires it with a delete marker")
                .isPresent();
        assertThat(run()).as("the next pass, in the Enabled bucket").isEqualTo(1);
        assertThat(meta.objects().latest(B, "k")).hasValueSatisfying(v -> assertThat(v.deleteMarker()).isTrue());
        assertThat(meta.objects().version(B, "k", ObjectVersion.NULL_VERSION)).as("a noncurrent version now, as in any Enabled bucket")
                .isPresent();
    }

    @ParameterizedTest
    @EnumSource(value = VersioningState.class, names = {"UNVERSIONED", "ENABLED"})
    void anObjectWhoseTagsNoLongerMatchTheRuleAfterTheScanIsNotExpired_LC_C3(VersioningState mode) {
        LifecycleRule tagged = new LifecycleRule("t", true, new Filter(FilterForm.TAG, "", Map.of("expire", "yes"), null, null),
                List.of(), new Expiration(1, null, false), List.of(), null, null);
        bucket(mode, tagged);
        ObjectVersion v = put("k", mode == VersioningState.ENABLED ? id() : ObjectVersion.NULL_VERSION, OLD, mode, Map.of("expire", "yes"));
        between.set(() -> meta.objects().setTags(B, "k", v.versionId(), Map.of("expire", "no")));

        run();

        assertThat(meta.objects().latest(B, "k")).as("no longer matched by the rule: neither removed nor hidden by a marker")
                .hasValueSatisfying(now -> assertThat(now.versionId()).isEqualTo(v.versionId()));
    }

    @Test
    void aLoneMarkersCleanupKeepsTheMarkerWhenTheVersionBehindItGainedALegalHoldAfterTheScan_LC_C4() {
        bucket(VersioningState.ENABLED, NONCURRENT);
        ObjectVersion v1 = put("k", id(), OLD, VersioningState.ENABLED, Map.of());
        meta.objects().deleteCurrent(B, "k", VersioningState.ENABLED, id(), OLD.plusSeconds(3600));
        between.set(() -> meta.objects().updateLock(B, "k", v1.versionId(), l -> l.withLegalHold(true)));

        run();

        assertThat(meta.objects().version(B, "k", v1.versionId())).as("LOCK-10").isPresent();
        assertThat(meta.objects().latest(B, "k")).as("the key stays deleted: the held version is not brought back as current")
                .hasValueSatisfying(v -> assertThat(v.deleteMarker()).isTrue());
    }

    @Test
    void aVersionBackAmongTheNewerNoncurrentVersionsKeptAfterAUserDeleteIsNotExpired_LC_C5() {
        bucket(VersioningState.ENABLED, new LifecycleRule("keep1", true, Filter.ALL, List.of(), null, List.of(),
                new NoncurrentExpiration(1, 1), null));
        ObjectVersion v1 = put("k", id(), OLD, VersioningState.ENABLED, Map.of());
        ObjectVersion v2 = put("k", id(), OLD.plusSeconds(3600), VersioningState.ENABLED, Map.of());
        put("k", id(), OLD.plusSeconds(7200), VersioningState.ENABLED, Map.of());
        // planned: v1 (one newer noncurrent version, v2, is kept); the user deletes v2, so v1 is the one to keep
        between.set(() -> meta.objects().deleteVersion(B, "k", v2.versionId()));

        run();

        assertThat(meta.objects().version(B, "k", v1.versionId())).isPresent();
    }

    @Test
    void aNoncurrentVersionMadeCurrentByAnUndeleteAfterTheScanIsNotArchived_LC_C1() throws java.io.IOException {
        bucket(VersioningState.ENABLED, new LifecycleRule("nt", true, Filter.ALL, List.of(), null,
                List.of(new LifecycleRule.NoncurrentTransition(1, "ARCHIVE", io.cosd.domain.object.StorageClass.ARCHIVE)), null, null));
        io.cosd.store.blob.BlobStore.Writer w = blobs.create(64 * 1024);
        w.write(java.nio.ByteBuffer.allocate(64 * 1024));
        String blob = w.commit();
        ObjectVersion v1 = meta.objects().put(ObjectVersion.builder(B, "k").versionId(id()).size(64 * 1024).etag("\"e\"")
                .content(ContentHeaders.ofType("text/plain")).blobId(blob).lastModified(OLD).build(), VersioningState.ENABLED).stored();
        String marker = id();
        meta.objects().deleteCurrent(B, "k", VersioningState.ENABLED, marker, OLD.plusSeconds(3600));
        // planned: archive v1 (noncurrent for a month); its cold copy is written, then the user undeletes
        between.set(() -> meta.objects().deleteVersion(B, "k", marker));

        run();

        assertThat(meta.objects().latest(B, "k")).as("the user's current version stays readable, not archived")
                .hasValueSatisfying(v -> {
                    assertThat(v.versionId()).isEqualTo(v1.versionId());
                    assertThat(v.storageClass()).isEqualTo(io.cosd.domain.object.StorageClass.STANDARD);
                    assertThat(v.blobId()).isEqualTo(blob);
                });
        try (var cold = java.nio.file.Files.walk(dir.resolve("cold"))) {
            assertThat(cold.filter(java.nio.file.Files::isRegularFile)).as("the unused cold copy was deleted").isEmpty();
        }
    }

    /**
     * REP-R6 (lifecycle does not cancel replication) is decided on the scanned versions' replication status, which
     * an operator's resync (enqueueExisting) or requeue of failed copies sets to PENDING without a new seq: the
     * removal that was planned on a COMPLETED (or never replicated) version must wait for the copy now queued.
     */
    @ParameterizedTest
    @EnumSource(value = VersioningState.class) // Suspended: the expiration that removes the "null" version
    void aVersionQueuedForReplicationByAResyncAfterTheScanIsNotRemoved_REP_R6_LC_C6(VersioningState mode) {
        bucket(mode, mode == VersioningState.ENABLED ? NONCURRENT : EXPIRE);
        ObjectVersion v = put("k", mode == VersioningState.ENABLED ? id() : ObjectVersion.NULL_VERSION, OLD, mode, Map.of());
        if (mode == VersioningState.ENABLED) put("k", id(), OLD.plusSeconds(3600), mode, Map.of()); // v noncurrent for a month
        between.set(() -> assertThat(meta.replication().enqueueExisting(B, "", "ap-shanghai/dest-1250000000", NOW)).isPositive());

        run();

        assertThat(meta.objects().version(B, "k", v.versionId())).as("kept until its copy is done")
                .hasValueSatisfying(now -> assertThat(now.replicationStatus()).isEqualTo(io.cosd.domain.replication.ReplicationStatus.PENDING));
    }

    /** LC-C6 for a transition: a move to another class rewrites what the replication worker streams (REP-R6). */
    @Test
    void aVersionQueuedForReplicationByAResyncAfterTheScanIsNotTransitioned_REP_R6_LC_C6() {
        bucket(VersioningState.UNVERSIONED, new LifecycleRule("ia", true, Filter.ALL, List.of(new LifecycleRule.Transition(1, null,
                "STANDARD_IA", io.cosd.domain.object.StorageClass.STANDARD_IA)), null, List.of(), null, null));
        ObjectVersion v = meta.objects().put(ObjectVersion.builder(B, "k").versionId(ObjectVersion.NULL_VERSION).size(64 * 1024).etag("\"e\"")
                .content(ContentHeaders.ofType("text/plain")).lastModified(OLD).build(), VersioningState.UNVERSIONED).stored();
        between.set(() -> assertThat(meta.replication().enqueueExisting(B, "", "ap-shanghai/dest-1250000000", NOW)).isPositive());

        run();

        assertThat(meta.objects().version(B, "k", v.versionId())).as("moved once its copy is done")
                .hasValueSatisfying(now -> assertThat(now.storageClass()).isEqualTo(io.cosd.domain.object.StorageClass.STANDARD));
    }

    @Test
    void withNoWriteBetweenScanAndActionThePassAppliesAllOfIt() {
        bucket(VersioningState.ENABLED, new LifecycleRule("keep1", true, new Filter(FilterForm.PREFIX, "k", Map.of(), null, null), List.of(),
                null, List.of(), new NoncurrentExpiration(1, 1), null), new LifecycleRule("nc", true, new Filter(FilterForm.PREFIX, "m",
                Map.of(), null, null), List.of(), null, List.of(), new NoncurrentExpiration(1, null), null));
        ObjectVersion v1 = put("k", id(), OLD, VersioningState.ENABLED, Map.of());
        ObjectVersion v2 = put("k", id(), OLD.plusSeconds(3600), VersioningState.ENABLED, Map.of());
        put("k", id(), OLD.plusSeconds(7200), VersioningState.ENABLED, Map.of());
        ObjectVersion m1 = put("m", id(), OLD, VersioningState.ENABLED, Map.of());
        meta.objects().deleteCurrent(B, "m", VersioningState.ENABLED, id(), OLD.plusSeconds(3600));

        run();

        assertThat(meta.objects().version(B, "k", v1.versionId())).as("beyond the one kept").isEmpty();
        assertThat(meta.objects().version(B, "k", v2.versionId())).as("the one kept").isPresent();
        assertThat(meta.objects().version(B, "m", m1.versionId())).isEmpty();
        assertThat(meta.objects().latest(B, "m")).as("LC-E5: the lone marker went too").isEmpty();
    }

    private void bucket(VersioningState state, LifecycleRule... rules) {
        var a = meta.identity().createAccount("100000000001", "1250000000");
        meta.buckets().create(new Bucket(B, a.rootUin(), a.appId(), "ap-guangzhou", OLD.minusSeconds(86400), state),
                Map.of(ConfigKind.LIFECYCLE, "<LifecycleConfiguration/>"));
        config = new LifecycleConfiguration(List.of(rules));
    }

    private ObjectVersion put(String key, String versionId, Instant at, VersioningState mode, Map<String, String> tags) {
        return meta.objects().put(ObjectVersion.builder(B, key).versionId(versionId).size(10).etag("\"e\"")
                .content(ContentHeaders.ofType("text/plain")).tags(tags).lastModified(at).build(), mode).stored();
    }

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** One pass over the bucket now; the user's write (if armed) runs right before its first action transaction. */
    private long run() {
        MetadataStore hooked = hooked();
        var service = new LifecycleService(meta.buckets(), s -> config, c -> "<LifecycleConfiguration/>", UTC);
        var actions = new LifecycleActions(hooked, blobs, new ObjectService(meta, blobs, Clock.fixed(NOW, ZoneOffset.UTC), 1 << 20));
        long[] applied = {0};
        new LifecycleExecutor(meta, service, actions, LifecycleEvents.NONE).runBucket(B, NOW, (b, p, done) -> applied[0] += done ? 1 : 0);
        return applied[0];
    }

    /** The actions' store: its first transition, or deleteVersions or expireCurrents with work to do, runs {@link #between} first. */
    private MetadataStore hooked() {
        LifecycleRepository real = meta.lifecycle();
        LifecycleRepository lifecycle = (LifecycleRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{LifecycleRepository.class}, (p, m, args) -> {
                    boolean acts = m.getName().equals("transition")
                            || (m.getName().equals("deleteVersions") || m.getName().equals("expireCurrents")) && !((List<?>) args[0]).isEmpty();
                    if (acts) {
                        Runnable user = between.getAndSet(null);
                        if (user != null) user.run();
                    }
                    return invoke(m, real, args);
                });
        return (MetadataStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{MetadataStore.class},
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
