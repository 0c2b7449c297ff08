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
import io.cosd.domain.lifecycle.LifecycleRule.NoncurrentTransition;
import io.cosd.domain.lifecycle.LifecycleRule.Transition;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.store.blob.BlobStore;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other side of LC-C1..C6 (docs/lifecycle.md "Decided on the scan, checked again on the row"): with no write
 * between the scan and the action, every kind of action the pass plans still applies, on SQLite and on PostgreSQL.
 * A re-check that compared something the scan and the action's transaction read differently (a column's
 * representation on one engine, a field the listing fills and the single-row read does not) would pass every race
 * test and make lifecycle silently do nothing. The real executor over the real store, one pass.
 */
class LifecycleEveryActionTest {
    static final Instant NOW = Instant.parse("2026-01-10T04:00:00Z"), OLD = NOW.minusSeconds(30 * 86400);
    static final String UN = "every-un-1250000000", EN = "every-en-1250000000", SU = "every-su-1250000000";
    static final SecretSealer SEALER = SecretSealer.of(SecretSealer.newKey());

    @TempDir
    Path dir;
    MetadataStore meta;
    String db;
    TieredBlobStore blobs;
    final Map<String, LifecycleConfiguration> configs = new HashMap<>();

    @AfterEach
    void close() {
        if (meta != null) meta.close();
        if (db != null) TestPostgres.get().dropDatabase(db);
    }

    private void open(String engine) {
        if (engine.equals("postgresql")) {
            db = TestPostgres.get().createDatabase("cosd_every");
            meta = JdbcMetadataStore.openPostgres(PostgresUrl.parse(TestPostgres.get().url(db)), Clock.systemUTC(), MasterKeySource.of(SEALER));
        } else {
            meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        }
        blobs = new TieredBlobStore(new DiskBlobStore(dir.resolve("hot")), new DiskBlobStore(dir.resolve("cold")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void withNoWriteBetweenScanAndActionEveryKindOfActionApplies(String engine) throws Exception {
        open(engine);
        var acc = meta.identity().createAccount("100000000001", "1250000000");
        // Unversioned: an expiration under a tag and size filter, transitions to ARCHIVE (a cold copy) and
        // STANDARD_IA (the class only), and the abort of an incomplete upload.
        bucket(acc, UN, VersioningState.UNVERSIONED,
                new LifecycleRule("tagged", true, new Filter(FilterForm.AND, "x/", Map.of("expire", "yes"), 5L, 100L), List.of(),
                        new Expiration(1, null, false), List.of(), null, null),
                new LifecycleRule("arch", true, prefix("t/"), List.of(new Transition(1, null, "ARCHIVE", StorageClass.ARCHIVE)), null,
                        List.of(), null, null),
                new LifecycleRule("ia", true, prefix("i/"), List.of(new Transition(1, null, "STANDARD_IA", StorageClass.STANDARD_IA)), null,
                        List.of(), null, null),
                new LifecycleRule("abort", true, prefix("u/"), List.of(), null, List.of(), null, 1));
        put(UN, "x/a", "null", 10, Map.of("expire", "yes"), VersioningState.UNVERSIONED);
        put(UN, "x/b", "null", 10, Map.of("expire", "no"), VersioningState.UNVERSIONED);
        put(UN, "x/c", "null", 200, Map.of("expire", "yes"), VersioningState.UNVERSIONED);
        putWithBlob(UN, "t/a");
        put(UN, "i/a", "null", 64 * 1024, Map.of(), VersioningState.UNVERSIONED); // LC-E3: 64 KB at least
        meta.uploads().create(new MultipartUpload("up-1", UN, "u/big", OLD, StorageClass.STANDARD, ContentHeaders.ofType("a/b"),
                Map.of(), Map.of(), "100000000001"));

        // Enabled: expiration (a marker), noncurrent expiration keeping one newer version, ExpiredObjectDeleteMarker,
        // a noncurrent transition, and COS's lone-marker cleanup after a noncurrent expiration (LC-E5).
        bucket(acc, EN, VersioningState.ENABLED,
                new LifecycleRule("x", true, prefix("x/"), List.of(), new Expiration(1, null, false), List.of(), null, null),
                new LifecycleRule("n", true, prefix("n/"), List.of(), null, List.of(), new NoncurrentExpiration(1, 1), null),
                new LifecycleRule("m", true, prefix("m/"), List.of(), new Expiration(null, null, true), List.of(), null, null),
                new LifecycleRule("nt", true, prefix("nt/"), List.of(), null,
                        List.of(new NoncurrentTransition(1, "STANDARD_IA", StorageClass.STANDARD_IA)), null, null),
                new LifecycleRule("e", true, prefix("e/"), List.of(), null, List.of(), new NoncurrentExpiration(1, null), null));
        ObjectVersion xa = put(EN, "x/a", id(), 10, Map.of("k", "v"), VersioningState.ENABLED);
        ObjectVersion n1 = put(EN, "n/a", id(), 10, Map.of(), VersioningState.ENABLED);
        ObjectVersion n2 = put(EN, "n/a", id(), 10, Map.of(), VersioningState.ENABLED);
        put(EN, "n/a", id(), 10, Map.of(), VersioningState.ENABLED);
        ObjectVersion m = put(EN, "m/a", id(), 10, Map.of(), VersioningState.ENABLED);
        meta.objects().deleteCurrent(EN, "m/a", VersioningState.ENABLED, id(), OLD);
        meta.objects().deleteVersion(EN, "m/a", m.versionId()); // a lone marker
        ObjectVersion nt = put(EN, "nt/a", id(), 64 * 1024, Map.of(), VersioningState.ENABLED);
        put(EN, "nt/a", id(), 10, Map.of(), VersioningState.ENABLED);
        ObjectVersion e1 = put(EN, "e/a", id(), 10, Map.of(), VersioningState.ENABLED);
        meta.objects().deleteCurrent(EN, "e/a", VersioningState.ENABLED, id(), OLD);

        // Suspended: an expiration removes the null version and leaves a null marker.
        bucket(acc, SU, VersioningState.SUSPENDED,
                new LifecycleRule("x", true, prefix("x/"), List.of(), new Expiration(1, null, false), List.of(), null, null));
        put(SU, "x/a", "null", 10, Map.of(), VersioningState.SUSPENDED);

        Map<String, Integer> applied = new TreeMap<>();
        var service = new LifecycleService(meta.buckets(), configs::get, c -> "<LifecycleConfiguration/>", new DayClock(ZoneOffset.UTC, 0));
        var actions = new LifecycleActions(meta, blobs, new ObjectService(meta, blobs, Clock.fixed(NOW, ZoneOffset.UTC), 1 << 20));
        new LifecycleExecutor(meta, service, actions, LifecycleEvents.NONE).runPass(NOW,
                (b, p, done) -> applied.merge(b + " " + p.key() + " " + p.action().kind() + (done ? "" : " NOT APPLIED"), 1, Integer::sum));

        assertThat(applied).as("every planned action applied once").containsOnlyKeys(
                UN + " x/a DELETE_VERSION", UN + " t/a TRANSITION", UN + " i/a TRANSITION", UN + " u/big ABORT_UPLOAD",
                EN + " x/a EXPIRE_CURRENT", EN + " n/a DELETE_VERSION", EN + " m/a DELETE_VERSION", EN + " nt/a TRANSITION",
                EN + " e/a DELETE_VERSION", SU + " x/a EXPIRE_CURRENT");
        assertThat(applied.get(EN + " e/a DELETE_VERSION")).as("the version and then the lone marker").isEqualTo(2);

        assertThat(meta.objects().latest(UN, "x/a")).isEmpty();
        assertThat(meta.objects().latest(UN, "x/b")).as("tags not matched").isPresent();
        assertThat(meta.objects().latest(UN, "x/c")).as("too large").isPresent();
        assertThat(meta.objects().latest(UN, "t/a").orElseThrow().storageClass()).isEqualTo(StorageClass.ARCHIVE);
        assertThat(meta.objects().latest(UN, "i/a").orElseThrow().storageClass()).isEqualTo(StorageClass.STANDARD_IA);
        assertThat(meta.uploads().find(UN, "u/big", "up-1")).isEmpty();
        assertThat(meta.objects().latest(EN, "x/a").orElseThrow().deleteMarker()).isTrue();
        assertThat(meta.objects().version(EN, "x/a", xa.versionId())).isPresent();
        assertThat(meta.objects().version(EN, "n/a", n1.versionId())).isEmpty();
        assertThat(meta.objects().version(EN, "n/a", n2.versionId())).as("the one newer noncurrent version kept").isPresent();
        assertThat(meta.objects().latest(EN, "m/a")).isEmpty();
        assertThat(meta.objects().version(EN, "nt/a", nt.versionId()).orElseThrow().storageClass()).isEqualTo(StorageClass.STANDARD_IA);
        assertThat(meta.objects().version(EN, "e/a", e1.versionId())).isEmpty();
        assertThat(meta.objects().latest(EN, "e/a")).isEmpty();
        assertThat(meta.objects().version(SU, "x/a", "null")).hasValueSatisfying(v -> assertThat(v.deleteMarker()).isTrue());
    }

    private static Filter prefix(String p) {
        return new Filter(FilterForm.PREFIX, p, Map.of(), null, null);
    }

    private void bucket(io.cosd.domain.identity.Account acc, String name, VersioningState state, LifecycleRule... rules) {
        meta.buckets().create(new Bucket(name, acc.rootUin(), acc.appId(), "ap-guangzhou", OLD.minusSeconds(86400), state),
                Map.of(ConfigKind.LIFECYCLE, name)); // the document names its configuration below
        configs.put(name, new LifecycleConfiguration(List.of(rules)));
    }

    private ObjectVersion put(String bucket, String key, String versionId, long size, Map<String, String> tags, VersioningState mode) {
        return meta.objects().put(ObjectVersion.builder(bucket, key).versionId(versionId).size(size).etag("\"e\"")
                .content(ContentHeaders.ofType("text/plain")).tags(tags).lastModified(OLD).build(), mode).stored();
    }

    private void putWithBlob(String bucket, String key) throws Exception {
        BlobStore.Writer w = blobs.create(64 * 1024);
        w.write(ByteBuffer.allocate(64 * 1024));
        String blob = w.commit();
        meta.objects().put(ObjectVersion.builder(bucket, key).versionId("null").size(64 * 1024).etag("\"e\"")
                .content(ContentHeaders.ofType("text/plain")).blobId(blob).lastModified(OLD).build(), VersioningState.UNVERSIONED);
    }

    private static String id() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
