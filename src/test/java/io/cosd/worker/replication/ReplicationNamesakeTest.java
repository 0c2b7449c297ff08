package io.cosd.worker.replication;

import io.cosd.api.replication.ReplicationXml;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Account;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.replication.RegionMap;
import io.cosd.service.ObjectService;
import io.cosd.service.PutCommand;
import io.cosd.service.ReplicationService;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.ReplicationOutbox;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import io.cosd.worker.Worker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/security.md AUTH-15, docs/replication.md "Deleted with its bucket": the replication worker reads
 * its source in the bucket row that wrote its outbox row, never in a bucket created again under the name
 * since. The real SQLite store and a same-deployment destination; the only hook runs right after the
 * worker claimed its row: the old bucket's object is deleted by id (REP-R4), the bucket deleted and
 * created again, and the new bucket gets a null version of the same key and a rule to the same
 * destination. By name alone the worker sent the new bucket's object, which no rule ever queued
 * (REP-R1), as the replica of the old one's, and marked it COMPLETED.
 */
class ReplicationNamesakeTest {
    static final String B = "src-1250000000", D = "dst-1250000000", REGION = "ap-guangzhou";
    static final String RULES = "<ReplicationConfiguration><Role>qcs::cam::uin/100000000001:uin/100000000001</Role><Rule><ID>r</ID>"
            + "<Status>Enabled</Status><Prefix></Prefix><Destination><Bucket>qcs::cos:" + REGION + "::" + D + "</Bucket></Destination>"
            + "</Rule></ReplicationConfiguration>";
    @TempDir
    Path dir;
    MetadataStore meta;
    ObjectService objects;
    final AtomicBoolean recreateAfterNextClaim = new AtomicBoolean();

    @BeforeEach
    void setUp() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        objects = new ObjectService(meta, new DiskBlobStore(dir.resolve("blobs")), Clock.systemUTC(), 1 << 20);
    }

    @AfterEach
    void tearDown() {
        meta.close();
    }

    @Test
    void aCopyClaimedBeforeItsBucketWasDeletedAndRecreatedSendsNothingOfTheNamesake_AUTH_15() throws Exception {
        Account a = meta.identity().createAccount("100000000001", "1250000000");
        meta.buckets().create(new Bucket(D, a.rootUin(), a.appId(), REGION, Instant.now(), VersioningState.ENABLED));
        Bucket old = bucketWithNullVersion(a, "old bytes");
        meta.buckets().putConfig(B, ConfigKind.REPLICATION, RULES, old.incarnation());
        // the null version from before versioning, queued by a resync (INT-3)
        assertThat(meta.replication().enqueueExisting(B, "", REGION + "/" + D, Instant.now())).isEqualTo(1);

        ReplicationService config = new ReplicationService(meta.buckets(), RegionMap.of(REGION), null,
                ReplicationXml::decode, ReplicationXml::encode, () -> { });
        try (ReplicationWorker worker = new ReplicationWorker(hooked(a), objects, config, Clock.systemUTC(),
                new ReplicationMetrics(new PrometheusRegistry()))) {
            recreateAfterNextClaim.set(true);
            for (int i = 0; i < 20 && worker.step() != Worker.Outcome.IDLE; i++) { }
            assertThat(recreateAfterNextClaim).as("the hook ran").isFalse();
        }

        assertThat(meta.objects().latest(D, "k")).as("nothing of the new bucket's reached the destination").isEmpty();
        assertThat(meta.objects().version(B, "k", ObjectVersion.NULL_VERSION).orElseThrow().replicationStatus())
                .as("the new bucket's object was never queued, so never copied").isNull();
        assertThat(meta.replication().stats(B, Instant.EPOCH).failed()).as("the canceled copy is no failure either").isZero();
    }

    /** Bucket B, unversioned, holding a null version of "k" with {@code body}, then versioning Enabled. */
    private Bucket bucketWithNullVersion(Account owner, String body) {
        meta.buckets().create(new Bucket(B, owner.rootUin(), owner.appId(), REGION, Instant.now(), VersioningState.UNVERSIONED));
        Bucket b = meta.buckets().find(B).orElseThrow();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        objects.put(b, new PutCommand(B, "k", bytes.length, null, StorageClass.STANDARD, ContentHeaders.ofType("text/plain"), Map.of(), Map.of()),
                new ByteArrayInputStream(bytes));
        meta.buckets().setVersioning(B, VersioningState.ENABLED, b.incarnation());
        return meta.buckets().find(B).orElseThrow();
    }

    /** The worker's store, whose claim replaces the bucket by a namesake right after it returned, once armed. */
    private MetadataStore hooked(Account owner) {
        ReplicationOutbox real = meta.replication();
        ReplicationOutbox outbox = (ReplicationOutbox) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{ReplicationOutbox.class}, (p, m, args) -> {
                    Object out = invoke(m, real, args);
                    if (m.getName().equals("claim") && !((List<?>) out).isEmpty() && recreateAfterNextClaim.getAndSet(false)) {
                        meta.objects().deleteVersion(B, "k", ObjectVersion.NULL_VERSION); // REP-R4: the row goes
                        assertThat(meta.buckets().delete(B)).isEqualTo(io.cosd.store.meta.BucketRepository.DeleteResult.DELETED);
                        Bucket again = bucketWithNullVersion(owner, "new bytes");
                        meta.buckets().putConfig(B, ConfigKind.REPLICATION, RULES, again.incarnation());
                    }
                    return out;
                });
        return (MetadataStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{MetadataStore.class},
                (p, m, args) -> m.getName().equals("replication") ? outbox : invoke(m, meta, args));
    }

    private static Object invoke(java.lang.reflect.Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
