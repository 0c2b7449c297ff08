package io.cosd.service;

import io.cosd.api.lifecycle.LifecycleXml;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.lifecycle.DayClock;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.BucketRepository;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/security.md AUTH-15 (and AUTH-13): a lifecycle step lists the versions of the bucket row it
 * read its rules beside, never a namesake created after that read. The real SQLite store; the only
 * hook deletes the bucket and creates it again right after the step has read its row.
 */
class LifecycleNamesakeStepTest {
    static final Instant NOW = Instant.parse("2026-01-10T04:00:00Z"), OLD = NOW.minusSeconds(30 * 86400);
    static final String B = "namesake-1250000000";
    static final String RULES = "<LifecycleConfiguration><Rule><ID>x</ID><Filter><Prefix></Prefix></Filter><Status>Enabled</Status>"
            + "<Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>";
    @TempDir
    Path dir;
    MetadataStore meta;
    final AtomicBoolean recreateAfterNextRead = new AtomicBoolean();

    @BeforeEach
    void setUp() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
    }

    @AfterEach
    void tearDown() {
        meta.close();
    }

    @Test
    void aStepWhoseBucketIsRecreatedAfterItsRowWasReadPlansNothingInTheNamesakeAndTheNextStepReadsTheNewRow_AUTH_15() {
        var a = meta.identity().createAccount("100000000001", "1250000000");
        Bucket old = new Bucket(B, a.rootUin(), a.appId(), "ap-guangzhou", OLD, VersioningState.SUSPENDED);
        meta.buckets().create(old, Map.of(ConfigKind.LIFECYCLE, RULES));
        LifecycleExecutor executor = executor(hooked(old, a.rootUin(), a.appId()));

        LifecycleExecutor.Position start = executor.start();
        recreateAfterNextRead.set(true);
        List<String> planned = new ArrayList<>();
        var s = executor.step(start, NOW, true, (b, p, applied) -> planned.add(p.version().key()));

        assertThat(planned).as("nothing planned from the namesake's versions under the old row's rules").isEmpty();
        assertThat(s.next()).as("the same position again, for the row there is now").isEqualTo(start);
        var again = executor.step(s.next(), NOW, true, (b, p, applied) -> planned.add(p.version().key()));
        assertThat(planned).as("the next step reads the namesake's row and rules").containsExactly("k");
        assertThat(again.scanned()).isEqualTo(1);
    }

    /**
     * AUTH-15 with a node's cached rules: node B's lifecycle rules cache holds row 1's (expire after a
     * day); row 1 is deleted and another account creates the bucket again without rules, then stores an
     * old object, and B has not heard of it (a second SQLite store, which no change of the first
     * reaches, as a PostgreSQL node before its change feed delivers). B's step reads row 2 and row 2's
     * rules, so it plans nothing; by name alone it would have applied row 1's rules to the namesake's object.
     */
    @Test
    void aStepOnANodeThatStillCachesTheDeletedBucketsRulesAppliesOnlyTheNamesakesRules_AUTH_15() {
        meta.close();
        try (var two = io.cosd.store.meta.jdbc.SqliteTwoStores.open(dir.resolve("two.db"))) {
            MetadataStore a = two.a(), b = two.b();
            var first = a.identity().createAccount("100000000001", "1250000000");
            var other = a.identity().createAccount("100000000002", "1250000001");
            a.buckets().create(new Bucket(B, first.rootUin(), first.appId(), "ap-guangzhou", OLD, VersioningState.SUSPENDED),
                    Map.of(ConfigKind.LIFECYCLE, RULES));
            LifecycleService atB = new LifecycleService(b.buckets(), new LifecycleXml(DayClock.BEIJING)::decode, LifecycleXml::encode, DayClock.cos());
            assertThat(atB.find(b.buckets().find(B).orElseThrow())).as("B caches row 1's rules").isPresent();

            assertThat(a.buckets().delete(B)).isEqualTo(BucketRepository.DeleteResult.DELETED);
            a.buckets().create(new Bucket(B, other.rootUin(), other.appId(), "ap-guangzhou", NOW, VersioningState.SUSPENDED));
            a.objects().put(ObjectVersion.builder(B, "k").versionId(ObjectVersion.NULL_VERSION).size(1).etag("\"e\"")
                    .content(ContentHeaders.ofType("x/y")).lastModified(OLD).build(), VersioningState.SUSPENDED);
            assertThat(atB.find(B)).as("by name alone: the deleted row's rules, still cached").isPresent();

            var blobs = new TieredBlobStore(new DiskBlobStore(dir), new DiskBlobStore(dir.resolve("cold")));
            var executor = new LifecycleExecutor(b, atB, new LifecycleActions(b, blobs,
                    new ObjectService(b, blobs, Clock.fixed(NOW, ZoneOffset.UTC), 1 << 20)), LifecycleEvents.NONE, 3);
            List<String> planned = new ArrayList<>();
            // a pass that reached this bucket (it was listed while row 1 had its rules)
            var s = executor.step(new LifecycleExecutor.Position(B, null), NOW, true, (bk, p, applied) -> planned.add(p.version().key()));
            assertThat(s.scanned()).as("row 2's rules touch no key: nothing scanned").isZero();
            assertThat(planned).as("row 2 has no rules: nothing of the namesake's is planned").isEmpty();
        }
    }

    /** The executor's store, whose bucket read deletes the bucket and creates a namesake holding "k" just after, once armed. */
    private MetadataStore hooked(Bucket old, String uin, String appId) {
        BucketRepository real = meta.buckets();
        BucketRepository buckets = (BucketRepository) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{BucketRepository.class},
                (p, m, args) -> {
                    Object out = invoke(m, real, args);
                    if (m.getName().equals("find") && recreateAfterNextRead.getAndSet(false)) {
                        real.delete(B);
                        real.create(new Bucket(B, uin, appId, "ap-guangzhou", NOW, VersioningState.SUSPENDED), Map.of(ConfigKind.LIFECYCLE, RULES));
                        meta.objects().put(ObjectVersion.builder(B, "k").versionId(ObjectVersion.NULL_VERSION).size(1).etag("\"e\"")
                                .content(ContentHeaders.ofType("x/y")).lastModified(OLD).build(), VersioningState.SUSPENDED);
                    }
                    return out;
                });
        return (MetadataStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{MetadataStore.class},
                (p, m, args) -> m.getName().equals("buckets") ? buckets : invoke(m, meta, args));
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private LifecycleExecutor executor(MetadataStore store) {
        var blobs = new TieredBlobStore(new DiskBlobStore(dir), new DiskBlobStore(dir.resolve("cold")));
        var xml = new LifecycleXml(DayClock.BEIJING);
        var service = new LifecycleService(meta.buckets(), xml::decode, LifecycleXml::encode, DayClock.cos());
        return new LifecycleExecutor(store, service, new LifecycleActions(meta, blobs,
                new ObjectService(meta, blobs, Clock.fixed(NOW, ZoneOffset.UTC), 1 << 20)), LifecycleEvents.NONE, 3);
    }
}
