package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Account;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.store.meta.BucketRepository.CreateResult;
import io.cosd.store.meta.LifecycleRepository.Restore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LC-R8 on PostgreSQL (docs/lifecycle.md "Archive tier and restore"): the restore worker drops an expired copy by
 * reading its restore row under the bucket's lock and then deleting it (`expireRestore`); a restore request on the
 * copy moves its expiry (`extendRestore`, LC-R4). Unscoped, the extension could commit between that read and that
 * delete: answered "extended", its copy deleted. Two stores (two pools, as two nodes) on a real PostgreSQL.
 */
class PostgresRestoreExtendRaceTest {
    static final String B = "rsext-1250000000";
    static final Instant T0 = StoreFixture.T0;
    TwoStores stores;
    String db;
    MetadataStore a, b;

    @BeforeEach
    void open() {
        stores = TwoStores.open("cosd_rsext"); // two pools on one fresh database, as two nodes
        db = stores.db();
        a = stores.a();
        b = stores.b();
        Account acc = a.identity().createAccount("100000000779", "1250000779");
        assertThat(a.buckets().create(new Bucket(B, acc.rootUin(), acc.appId(), "ap-guangzhou", T0, VersioningState.UNVERSIONED)))
                .isEqualTo(CreateResult.CREATED);
    }

    @AfterEach
    void close() {
        if (stores != null) stores.close();
    }

    /**
     * The worker's step is played by a third session with exactly its statements (the bucket's lock, the read of the
     * expired row, the delete), so the extension can come between the read and the delete. Before the fix the
     * extension committed at once, answered true, and the delete then removed the extended copy. Now it waits for
     * the bucket's lock and finds no copy to extend (the request then starts a new restore).
     */
    @Test
    void anExtensionOfARestoredCopyNeverCommitsBetweenTheWorkersReadOfItsExpiryAndItsDelete_LC_R8() throws Exception {
        ObjectVersion v = a.objects().put(ObjectVersion.builder(B, "k").versionId(ObjectVersion.NULL_VERSION).size(5).etag("\"e\"")
                .storageClass(StorageClass.ARCHIVE).content(ContentHeaders.ofType("a/b")).userMetadata(Map.of()).tags(Map.of())
                .blobId(StoreFixture.newBlobId()).lastModified(T0).build(), VersioningState.UNVERSIONED).stored();
        assertThat(a.lifecycle().startRestore(new Restore(B, "k", v.versionId(), Restore.ONGOING, "Standard", 1, T0, T0, null, null))).isTrue();
        assertThat(a.lifecycle().completeRestore(B, "k", v.versionId(), v.seq(), T0, StoreFixture.newBlobId(), T0.plusSeconds(86400))).isTrue();
        Instant extended = T0.plusSeconds(5 * 86400);

        ExecutorService threads = Executors.newFixedThreadPool(1);
        try (Connection worker = DriverManager.getConnection(TestPostgres.get().jdbcUrl(db))) {
            worker.setAutoCommit(false);
            try (PreparedStatement lock = worker.prepareStatement("SELECT 1 FROM buckets WHERE name = ? FOR UPDATE");
                 PreparedStatement read = worker.prepareStatement("SELECT expiry FROM object_restores WHERE bucket = ? AND key = 'k'")) {
                lock.setString(1, B);
                lock.executeQuery().close();
                read.setString(1, B);
                try (ResultSet rs = read.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).as("expired when the worker read it").isLessThanOrEqualTo(T0.plusSeconds(2 * 86400).toEpochMilli());
                }
            }
            CompletableFuture<Boolean> extending = CompletableFuture.supplyAsync(
                    () -> b.lifecycle().extendRestore(B, "k", v.versionId(), 5, extended), threads);
            try {
                extending.get(2, TimeUnit.SECONDS); // before the fix: committed at once
            } catch (java.util.concurrent.TimeoutException queued) {
                // queued behind the worker's lock on the bucket
            }
            try (PreparedStatement delete = worker.prepareStatement("DELETE FROM object_restores WHERE bucket = ? AND key = 'k'")) {
                delete.setString(1, B);
                delete.executeUpdate();
            }
            worker.commit();
            boolean answered = extending.get(30, TimeUnit.SECONDS);
            if (answered) {
                assertThat(a.lifecycle().restore(B, "k", v.versionId())).as("a copy answered as extended is there until its new expiry")
                        .hasValueSatisfying(r -> assertThat(r.expiry()).isEqualTo(extended));
            } else {
                assertThat(a.lifecycle().restore(B, "k", v.versionId())).isEmpty();
            }
        } finally {
            threads.shutdown();
        }
    }
}
