package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Account;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.object.UploadedPart;
import io.cosd.store.meta.BucketRepository.CreateResult;
import io.cosd.store.meta.LifecycleRepository;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LC-C3 on PostgreSQL (docs/lifecycle.md): an expiration checks the tags its rule matched on the row it
 * reads in its transaction, under the bucket's lock, and then removes the row. That re-check holds only if
 * no write can change the tags between that read and the removal: PutObjectTagging must queue behind the
 * bucket's lock as every other write of the bucket's versions does (SC-T1). Two stores (two pools, as two
 * nodes) on a real PostgreSQL.
 */
class PostgresLifecycleTaggingRaceTest {
    static final String B = "lctags-1250000000";
    TwoStores stores;
    String db;
    MetadataStore a, b;

    @BeforeEach
    void open() {
        stores = TwoStores.open("cosd_lctags"); // two pools on one fresh database, as two nodes
        db = stores.db();
        a = stores.a();
        b = stores.b();
        Account acc = a.identity().createAccount("100000000778", "1250000778");
        assertThat(a.buckets().create(new Bucket(B, acc.rootUin(), acc.appId(), "ap-guangzhou", StoreFixture.T0, VersioningState.UNVERSIONED)))
                .isEqualTo(CreateResult.CREATED);
    }

    @AfterEach
    void close() {
        if (stores != null) stores.close();
    }

    /**
     * The expiration of a multipart object reads the row (tags still match), then deletes its parts; a third
     * transaction holds the part row, so the expiration stops there, between its re-check and its delete of the
     * version. A PutObjectTagging that removes the matched tag comes then. Before the fix it committed at once
     * (an unscoped SERIALIZABLE UPDATE, which the READ COMMITTED expiration neither sees nor blocks), was
     * acknowledged, and the expiration then removed an object its rule no longer matched. Now the tagging waits
     * for the bucket's lock: either it ran first and the expiration does nothing, or the expiration ran first
     * and the tagging finds no object; never an acknowledged tagging of an object then expired on its old tags.
     */
    @Test
    void aTaggingThatComesBetweenAnExpirationsRecheckAndItsDeleteWaitsForTheBucketsLock_LC_C3() throws Exception {
        a.uploads().create(new MultipartUpload("u1", B, "k", StoreFixture.T0, StorageClass.STANDARD, ContentHeaders.ofType("a/b"),
                Map.of(), Map.of(), "100000000001"));
        UploadedPart part = new UploadedPart(1, 5, "\"p1\"", StoreFixture.newBlobId(), StoreFixture.T0);
        assertThat(a.uploads().putPart(B, "k", "u1", part).stored()).isTrue();
        ObjectVersion draft = ObjectVersion.builder(B, "k").versionId(ObjectVersion.NULL_VERSION).latest(true).size(5).etag("\"m-1\"")
                .content(ContentHeaders.ofType("a/b")).userMetadata(Map.of()).tags(Map.of("expire", "yes")).partsCount(1)
                .lastModified(StoreFixture.T0).build();
        a.uploads().complete("u1", List.of(part), draft, VersioningState.UNVERSIONED);
        ObjectVersion seen = a.objects().latest(B, "k").orElseThrow(); // the scan
        assertThat(seen.tags()).containsEntry("expire", "yes");
        long incarnation = a.buckets().find(B).orElseThrow().incarnation();

        ExecutorService threads = Executors.newFixedThreadPool(2); // not the common pool: one thread on a 2-core machine
        try (Connection holder = DriverManager.getConnection(TestPostgres.get().jdbcUrl(db))) {
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT 1 FROM object_parts WHERE bucket = '" + B + "' AND key = 'k' FOR UPDATE");
            }
            var ref = new LifecycleRepository.ExpireRef(B, "k", seen.seq(), null, incarnation,
                    LifecycleRepository.Scanned.of(seen, VersioningState.UNVERSIONED, 0));
            CompletableFuture<LifecycleRepository.BatchOutcome> expiring = CompletableFuture.supplyAsync(
                    () -> a.lifecycle().expireCurrents(List.of(ref), VersioningState.UNVERSIONED, StoreFixture.T0), threads);
            TestPostgres.get().awaitLockWaits(db, 1); // the expiration has re-checked the row and waits on the part
            CompletableFuture<Optional<ObjectVersion>> tagging = CompletableFuture.supplyAsync(
                    () -> b.objects().setTags(B, "k", ObjectVersion.NULL_VERSION, Map.of("expire", "no"), incarnation), threads);
            try {
                tagging.get(2, TimeUnit.SECONDS); // before the fix: committed at once
            } catch (java.util.concurrent.TimeoutException queued) {
                // queued behind the expiration's lock on the bucket
            }
            holder.rollback();
            boolean expired = expiring.get(30, TimeUnit.SECONDS).applied()[0];
            Optional<ObjectVersion> tagged = tagging.get(30, TimeUnit.SECONDS);
            Optional<ObjectVersion> now = a.objects().latest(B, "k");
            if (tagged.isPresent()) {
                assertThat(now).as("an acknowledged tagging leaves an object the rule no longer matches in place")
                        .hasValueSatisfying(v -> assertThat(v.tags()).containsEntry("expire", "no"));
                assertThat(expired).isFalse();
            } else {
                assertThat(expired).as("the tagging found no object only because the expiration ran first").isTrue();
                assertThat(now).isEmpty();
            }
        } finally {
            threads.shutdown();
        }
    }
}
