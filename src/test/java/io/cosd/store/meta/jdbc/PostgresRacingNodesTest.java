package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Account;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.object.UploadedPart;
import io.cosd.domain.object.WriteCondition;
import io.cosd.domain.Refusal;
import io.cosd.store.meta.BucketRepository.CreateResult;
import io.cosd.store.meta.ConflictException;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.ObjectRepository.PutOutcome;
import io.cosd.store.meta.ReplicationOutbox;
import io.cosd.store.meta.StoreException;
import io.cosd.store.meta.StoreFixture;
import io.cosd.store.meta.UploadRepository.CompleteStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where SQLite had one writer, PostgreSQL has many, here two stores (two pools, as two cosd nodes
 * would have) over one database, each with several threads: every race must end as it would have
 * with one writer, with exactly one winner where the contract has one (docs/scale-out.md "Transactions").
 */
class PostgresRacingNodesTest {
    static final String B = "race-1250000000";
    TwoStores nodes;
    MetadataStore a, b;

    @BeforeEach
    void open() {
        nodes = TwoStores.open("cosd_race");
        a = nodes.a();
        b = nodes.b();
    }

    @AfterEach
    void close() {
        if (nodes != null) nodes.close();
    }

    private MetadataStore node(int i) { return nodes.node(i); }

    private Bucket bucket(VersioningState state) {
        Account acc = a.identity().createAccount("100000000001", "1250000000");
        Bucket bucket = new Bucket(B, acc.rootUin(), acc.appId(), "ap-guangzhou", StoreFixture.T0, state);
        assertThat(a.buckets().create(bucket)).isEqualTo(CreateResult.CREATED);
        return bucket;
    }

    private static ObjectVersion draft(String key, String versionId) {
        return ObjectVersion.builder(B, key).versionId(versionId).size(5).etag("\"" + versionId + "\"")
                .content(ContentHeaders.ofType("text/plain")).userMetadata(Map.of()).tags(Map.of())
                .blobId(StoreFixture.newBlobId()).lastModified(StoreFixture.T0).build();
    }

    static <T> List<Object> race(int n, java.util.function.IntFunction<Callable<T>> task) throws Exception {
        return TwoStores.race(n, task);
    }

    @Test
    void unversionedPutsOfOneKeyFromTwoNodesLeaveOneVersionAndReleaseEveryOtherBlobExactlyOnce() throws Exception {
        bucket(VersioningState.UNVERSIONED);
        List<ObjectVersion> drafts = new ArrayList<>();
        for (int i = 0; i < 16; i++) drafts.add(draft("hot", "null"));
        List<Object> outs = race(16, i -> () -> node(i).objects().put(drafts.get(i), VersioningState.UNVERSIONED));
        List<String> released = new ArrayList<>();
        for (Object o : outs) released.addAll(((PutOutcome) o).releasedBlobs());
        ObjectVersion last = a.objects().latest(B, "hot").orElseThrow();
        assertThat(a.objects().listVersions(B, "hot", null, Long.MIN_VALUE, 100)).containsExactly(last);
        // Every blob but the survivor's is released once: none leaks, none is released twice.
        List<String> all = new ArrayList<>(released);
        all.add(last.blobId());
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(drafts.stream().map(ObjectVersion::blobId).toList());
    }

    /**
     * ST-W7 on PostgreSQL: a new key skips the null version's read and the demote only when its probe,
     * run after the bump that locks the bucket row and as a statement of its own at READ COMMITTED,
     * finds no row. Two nodes putting the same new key at the same moment: the second waits for the
     * lock, its probe then sees the first's committed row and takes the full path, so each key ends
     * with exactly one version, latest, and the loser's blob released once (no unique conflict, no
     * second latest, VER-I4), in an unversioned and in a suspended bucket alike.
     */
    @Test
    void twoNodesPuttingTheSameNewKeysAtOnceLeaveOneLatestVersionPerKeyAndReleaseTheOtherBlob_ST_W7() throws Exception {
        bucket(VersioningState.UNVERSIONED);
        for (VersioningState mode : new VersioningState[] {VersioningState.UNVERSIONED, VersioningState.SUSPENDED}) {
            if (mode == VersioningState.SUSPENDED) {
                a.buckets().setVersioning(B, VersioningState.ENABLED);
                a.buckets().setVersioning(B, VersioningState.SUSPENDED);
            }
            int keys = 8;
            List<ObjectVersion> drafts = new ArrayList<>();
            for (int i = 0; i < 2 * keys; i++) drafts.add(draft(mode + "-new-" + (i / 2), "null"));
            // racers 2k and 2k+1 put key k, one from each node
            List<Object> outs = race(2 * keys, i -> () -> node(i).objects().put(drafts.get(i), mode));
            assertThat(outs).as(mode.toString()).allMatch(PutOutcome.class::isInstance);
            for (int k = 0; k < keys; k++) {
                ObjectVersion last = a.objects().latest(B, mode + "-new-" + k).orElseThrow();
                assertThat(a.objects().listVersions(B, mode + "-new-" + k, null, Long.MIN_VALUE, 10)).containsExactly(last);
                List<String> all = new ArrayList<>(((PutOutcome) outs.get(2 * k)).releasedBlobs());
                all.addAll(((PutOutcome) outs.get(2 * k + 1)).releasedBlobs());
                all.add(last.blobId());
                assertThat(all).containsExactlyInAnyOrder(drafts.get(2 * k).blobId(), drafts.get(2 * k + 1).blobId());
            }
        }
    }

    /**
     * Inline bodies (docs/storage.md "Small objects inline") stay staged until their write commits, so
     * a write run again after a serialization failure stores them again: every racer succeeds, the
     * survivor's bytes are there, the others' rows went with their versions (ST-W3), nothing stays staged.
     */
    @Test
    void inlinePutsOfOneKeyFromTwoNodesKeepTheSurvivorsBytesAndStageNothing_ST_W3() throws Exception {
        bucket(VersioningState.UNVERSIONED);
        List<ObjectVersion> drafts = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String id = "inl-" + "%032x".formatted(1000 + i);
            node(i).inlineBlobs().stage(id, ("body " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            drafts.add(draft("small", "null").toBuilder().blobId(id).build());
        }
        List<Object> outs = race(16, i -> () -> node(i).objects().put(drafts.get(i), VersioningState.UNVERSIONED));
        assertThat(outs).allMatch(PutOutcome.class::isInstance);
        ObjectVersion last = a.objects().latest(B, "small").orElseThrow();
        int survivor = drafts.stream().map(ObjectVersion::blobId).toList().indexOf(last.blobId());
        assertThat(new String(b.inlineBlobs().read(last.blobId()), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("body " + survivor);
        assertThat(((JdbcMetadataStore) a).inlineBlobsStaged() + ((JdbcMetadataStore) b).inlineBlobsStaged()).isZero();
        assertThat((Long) ((JdbcMetadataStore) a).tx().read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM inline_blobs"); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        })).isEqualTo(1L);
    }

    @Test
    void createOnlyPutsFromTwoNodesHaveExactlyOneWinner() throws Exception {
        bucket(VersioningState.ENABLED);
        WriteCondition createOnly = new WriteCondition(true, null, null);
        List<Object> outs = race(12, i -> () -> node(i).objects().put(draft("once", "v" + i), VersioningState.ENABLED, null, createOnly));
        assertThat(outs.stream().filter(PutOutcome.class::isInstance)).hasSize(1);
        assertThat(outs.stream().filter(Refusal.class::isInstance)).hasSize(11);
        assertThat(a.objects().listVersions(B, "once", null, Long.MIN_VALUE, 100)).hasSize(1);
    }

    @Test
    void oneBucketCreatedFromTwoNodesAtOnceIsCreatedOnce() throws Exception {
        Account acc = a.identity().createAccount("100000000001", "1250000000");
        Bucket bucket = new Bucket(B, acc.rootUin(), acc.appId(), "ap-guangzhou", StoreFixture.T0, VersioningState.UNVERSIONED);
        List<Object> outs = race(8, i -> () -> node(i).buckets().create(bucket));
        assertThat(outs).filteredOn(CreateResult.CREATED::equals).hasSize(1);
        assertThat(outs).filteredOn(CreateResult.EXISTS_SAME_OWNER::equals).hasSize(7);
    }

    @Test
    void oneUploadCompletedFromTwoNodesAtOnceIsCompletedOnce() throws Exception {
        bucket(VersioningState.ENABLED);
        a.uploads().create(new MultipartUpload("u1", B, "big", StoreFixture.T0, StorageClass.STANDARD, ContentHeaders.ofType("a/b"),
                Map.of(), Map.of(), "100000000001"));
        UploadedPart p1 = new UploadedPart(1, 5, "\"p1\"", StoreFixture.newBlobId(), StoreFixture.T0);
        a.uploads().putPart(B, "big", "u1", p1);
        List<Object> outs = race(6, i -> () -> {
            ObjectVersion d = ObjectVersion.builder(B, "big").versionId("v" + i).latest(true).size(5).etag("\"x-1\"")
                    .storageClass(StorageClass.STANDARD).content(ContentHeaders.ofType("a/b")).partsCount(1)
                    .lastModified(StoreFixture.T0).build();
            return node(i).uploads().complete("u1", List.of(p1), d, VersioningState.ENABLED).status();
        });
        assertThat(outs).filteredOn(CompleteStatus.COMPLETED::equals).hasSize(1);
        assertThat(outs).filteredOn(CompleteStatus.NO_SUCH_UPLOAD::equals).hasSize(5);
        assertThat(a.objects().listVersions(B, "big", null, Long.MIN_VALUE, 100)).hasSize(1);
    }

    /** The outbox id is MAX(id) + 1 in the writing transaction, under the outbox-id lock (SC-T3): two nodes never take the same one. */
    @Test
    void replicatedPutsFromTwoNodesEachGetTheirOwnOutboxRow() throws Exception {
        bucket(VersioningState.ENABLED);
        ReplicationOutbox.Request rep = new ReplicationOutbox.Request("PUT", "peer");
        List<Object> outs = race(16, i -> () -> node(i).objects().put(draft("k" + (i % 4), "v" + i), VersioningState.ENABLED, rep,
                WriteCondition.NONE));
        assertThat(outs).allMatch(PutOutcome.class::isInstance);
        List<ReplicationOutbox.Entry> due = a.replication().due(Instant.now().plusSeconds(3600), 100);
        Set<Long> ids = new HashSet<>();
        for (ReplicationOutbox.Entry e : due) ids.add(e.id());
        assertThat(due).hasSize(16);
        assertThat(ids).hasSize(16);
    }

    /**
     * A transaction aborted for serializability (40001) runs again from its start and is counted
     * (SC-T5); past the bound it is a contended store error, which the edge answers 503 (SC-T4).
     */
    @Test
    void aSerializationFailureIsRunAgainUpToTheBoundThenIsAContendedStoreError_SC_T4_T5() {
        Tx tx = ((JdbcMetadataStore) a).tx();
        long before = a.writeRetries();
        AtomicInteger runs = new AtomicInteger();
        assertThat((Integer) tx.write(c -> {
            if (runs.incrementAndGet() < 3) throw new SQLException("could not serialize access", "40001");
            return runs.get();
        })).isEqualTo(3);
        assertThat(a.writeRetries() - before).isEqualTo(2);
        runs.set(0);
        assertThatThrownBy(() -> tx.write(c -> {
            runs.incrementAndGet();
            throw new SQLException("deadlock detected", "40P01");
        })).isInstanceOf(StoreException.class)
                .satisfies(e -> assertThat(StoreException.isContended(e)).isTrue())
                .satisfies(e -> assertThat(StoreException.mayHaveCommitted(e)).isFalse());
        assertThat(runs.get()).isEqualTo(PostgresSetup.ATTEMPTS);
    }

    /** A unique violation (23505) is a conflict, as SQLite's constraint errors are, and is not run again. */
    @Test
    void aUniqueViolationIsAConflictAndRunsOnce() {
        Tx tx = ((JdbcMetadataStore) a).tx();
        AtomicInteger runs = new AtomicInteger();
        a.checkpoints();
        assertThatThrownBy(() -> tx.write(c -> {
            runs.incrementAndGet();
            Sql.update(c, "INSERT INTO worker_checkpoints (worker, cursor, updated_at) VALUES ('w', NULL, 0)");
            return Sql.update(c, "INSERT INTO worker_checkpoints (worker, cursor, updated_at) VALUES ('w', NULL, 0)");
        })).isInstanceOf(ConflictException.class);
        assertThat(runs.get()).isEqualTo(1);
    }
}
