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
import io.cosd.store.meta.BucketRepository.CreateResult;
import io.cosd.store.meta.BucketRepository.DeleteResult;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.NoSuchBucketException;
import io.cosd.store.meta.ObjectRepository.PutOutcome;
import io.cosd.store.meta.ReplicationOutbox;
import io.cosd.store.meta.StoreFixture;
import io.cosd.store.meta.UploadRepository.PutPartOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.cosd.store.meta.jdbc.TwoStores.race;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SC-T1..T5 (docs/scale-out.md "Transactions"): writers of one hot bucket, from two stores (two
 * pools, as two nodes) over one PostgreSQL, queue behind the bucket's row lock under READ COMMITTED
 * instead of aborting each other. Every write succeeds, the bucket's sequence and versions stay
 * consistent, every overwritten blob is released exactly once, and no transaction is run again.
 */
class PostgresHotBucketTest {
    static final String B = "hot-1250000000";
    static final String B2 = "warm-1250000000";
    TwoStores nodes;
    MetadataStore a, b;
    Account acc;

    @BeforeEach
    void open() {
        nodes = TwoStores.open("cosd_hot");
        a = nodes.a();
        b = nodes.b();
        acc = a.identity().createAccount("100000000001", "1250000000");
    }

    @AfterEach
    void close() {
        if (nodes != null) nodes.close();
    }

    private MetadataStore node(int i) { return nodes.node(i); }

    private void bucket(String name, VersioningState state) {
        Bucket bucket = new Bucket(name, acc.rootUin(), acc.appId(), "ap-guangzhou", StoreFixture.T0, state);
        assertThat(a.buckets().create(bucket)).isEqualTo(CreateResult.CREATED);
    }

    private static ObjectVersion draft(String bucket, String key, String versionId) {
        return ObjectVersion.builder(bucket, key).versionId(versionId).size(5).etag("\"e\"")
                .content(ContentHeaders.ofType("text/plain")).userMetadata(Map.of()).tags(Map.of())
                .blobId(StoreFixture.newBlobId()).lastModified(StoreFixture.T0).build();
    }

    private long retries() { return a.writeRetries() + b.writeRetries(); }

    private long scalar(String sql, Object... args) {
        return ((JdbcMetadataStore) a).tx().read(c -> {
            try (var ps = Sql.prepare(c, sql, args); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Every version's seq is unique in its bucket and below the bucket's next_seq (V1's write order). */
    private void sequenceIsConsistent(String bucket, long versions) {
        assertThat(scalar("SELECT COUNT(*) FROM objects WHERE bucket = ?", bucket)).isEqualTo(versions);
        assertThat(scalar("SELECT COUNT(DISTINCT seq) FROM objects WHERE bucket = ?", bucket)).isEqualTo(versions);
        assertThat(scalar("SELECT next_seq FROM buckets WHERE name = ?", bucket))
                .isGreaterThan(scalar("SELECT COALESCE(MAX(seq), 0) FROM objects WHERE bucket = ?", bucket));
    }

    @Test
    void thirtyTwoWritersOfTwoNodesPuttingNewKeysAndOverwritesIntoOneUnversionedBucketAllSucceedWithoutOneRetry_SC_T1() throws Exception {
        bucket(B, VersioningState.UNVERSIONED);
        int threads = 32, each = 12;
        List<List<ObjectVersion>> drafts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<ObjectVersion> mine = new ArrayList<>();
            // every third PUT overwrites one of four shared keys; the rest write keys of their own
            for (int i = 0; i < each; i++) mine.add(draft(B, i % 3 == 0 ? "shared-" + (i + t) % 4 : "k-" + t + "-" + i, "null"));
            drafts.add(mine);
        }
        long before = retries();
        List<Object> outs = race(threads, t -> () -> {
            List<String> released = new ArrayList<>();
            for (ObjectVersion d : drafts.get(t)) released.addAll(node(t).objects().put(d, VersioningState.UNVERSIONED).releasedBlobs());
            return released;
        });
        assertThat(outs).allMatch(List.class::isInstance);
        assertThat(retries() - before).as("hot writers queue on the bucket's lock instead of aborting").isZero();

        List<String> released = new ArrayList<>();
        for (Object o : outs) for (Object id : (List<?>) o) released.add((String) id);
        List<String> written = drafts.stream().flatMap(List::stream).map(ObjectVersion::blobId).toList();
        Set<String> keys = new HashSet<>();
        drafts.stream().flatMap(List::stream).forEach(d -> keys.add(d.key()));
        List<String> survivors = new ArrayList<>();
        for (String k : keys) {
            List<ObjectVersion> versions = a.objects().listVersions(B, k, null, Long.MIN_VALUE, 100).stream()
                    .filter(v -> v.key().equals(k)).toList(); // a prefix: k-1-1 also lists k-1-10
            assertThat(versions).as(k).hasSize(1);
            assertThat(versions.get(0).latest()).isTrue();
            survivors.add(versions.get(0).blobId());
        }
        // Each overwritten blob is released exactly once; the survivors are not released at all.
        List<String> all = new ArrayList<>(released);
        all.addAll(survivors);
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(written);
        sequenceIsConsistent(B, keys.size());
    }

    @Test
    void thirtyTwoWritersOfTwoNodesAddingVersionsInOneVersionedBucketKeepOneLatestPerKeyAndEveryVersion_SC_T1() throws Exception {
        bucket(B, VersioningState.ENABLED);
        int threads = 32, each = 8;
        long before = retries();
        List<Object> outs = race(threads, t -> () -> {
            for (int i = 0; i < each; i++) {
                String key = i % 2 == 0 ? "v-" + (i + t) % 3 : "own-" + t + "-" + i;
                node(t).objects().put(draft(B, key, "t" + t + "i" + i), VersioningState.ENABLED);
            }
            return true;
        });
        assertThat(outs).containsOnly(true);
        assertThat(retries() - before).isZero();
        long versions = 0;
        for (int k = 0; k < 3; k++) {
            List<ObjectVersion> list = a.objects().listVersions(B, "v-" + k, null, Long.MIN_VALUE, 1000);
            assertThat(list.stream().filter(ObjectVersion::latest)).hasSize(1);
            // newest first: the latest is the highest seq, the order the bucket's lock gave the writes
            assertThat(list.get(0).latest()).isTrue();
            for (int i = 1; i < list.size(); i++) assertThat(list.get(i - 1).seq()).isGreaterThan(list.get(i).seq());
            versions += list.size();
        }
        assertThat(versions).isEqualTo(threads * each / 2);
        sequenceIsConsistent(B, (long) threads * each);
    }

    /** SC-T3: outbox ids are MAX(id) + 1 across buckets, so writers of two buckets share the outbox-id lock. */
    @Test
    void replicatedPutsIntoTwoBucketsFromTwoNodesEachGetTheirOwnOutboxId_SC_T3() throws Exception {
        bucket(B, VersioningState.ENABLED);
        bucket(B2, VersioningState.ENABLED);
        ReplicationOutbox.Request rep = new ReplicationOutbox.Request("PUT", "peer");
        long before = retries();
        List<Object> outs = race(24, t -> () -> {
            for (int i = 0; i < 4; i++) {
                node(t).objects().put(draft(t % 3 == 0 ? B2 : B, "k" + (t % 5), "t" + t + "i" + i), VersioningState.ENABLED, rep,
                        WriteCondition.NONE);
            }
            return true;
        });
        assertThat(outs).containsOnly(true);
        assertThat(retries() - before).isZero();
        List<ReplicationOutbox.Entry> due = a.replication().due(Instant.now().plusSeconds(3600), 1000);
        assertThat(due).hasSize(96);
        assertThat(due.stream().map(ReplicationOutbox.Entry::id).distinct()).hasSize(96);
    }

    /** SC-T1: "is the bucket empty" and the delete run under the bucket's lock, so no PUT lands in a deleted bucket. */
    @Test
    void aBucketDeletedWhilePutsRaceItIsEitherNotEmptyOrDeletedWithEveryPutRefused_SC_T1() throws Exception {
        for (int round = 0; round < 5; round++) {
            bucket(B, VersioningState.UNVERSIONED);
            List<Object> outs = race(16, t -> () -> t == 5
                    ? node(t).buckets().delete(B)
                    : node(t).objects().put(draft(B, "k" + t, "null"), VersioningState.UNVERSIONED));
            DeleteResult deleted = (DeleteResult) outs.get(5);
            List<Object> puts = new ArrayList<>(outs);
            puts.remove(5);
            assertThat(puts).allMatch(o -> o instanceof PutOutcome || o instanceof NoSuchBucketException);
            long stored = puts.stream().filter(PutOutcome.class::isInstance).count();
            assertThat(scalar("SELECT COUNT(*) FROM objects WHERE bucket = ?", B)).isEqualTo(deleted == DeleteResult.DELETED ? 0 : stored);
            if (deleted == DeleteResult.DELETED) {
                assertThat(stored).isZero();
            } else {
                assertThat(deleted).isEqualTo(DeleteResult.NOT_EMPTY);
                for (Object o : puts) if (o instanceof PutOutcome p) a.objects().deleteVersion(B, p.stored().key(), "null");
                assertThat(a.buckets().delete(B)).isEqualTo(DeleteResult.DELETED);
            }
        }
    }

    /** SC-T1: re-uploads of one part queue on the upload's lock: one part row, every other blob released once. */
    @Test
    void sixteenUploadsOfOnePartFromTwoNodesLeaveOnePartAndReleaseEveryOtherBlobOnce_SC_T1() throws Exception {
        bucket(B, VersioningState.UNVERSIONED);
        a.uploads().create(new MultipartUpload("u1", B, "big", StoreFixture.T0, StorageClass.STANDARD, ContentHeaders.ofType("a/b"),
                Map.of(), Map.of(), "100000000001"));
        List<UploadedPart> parts = new ArrayList<>();
        for (int i = 0; i < 16; i++) parts.add(new UploadedPart(1, 5, "\"p" + i + "\"", StoreFixture.newBlobId(), StoreFixture.T0));
        long before = retries();
        List<Object> outs = race(16, t -> () -> node(t).uploads().putPart(B, "big", "u1", parts.get(t)));
        assertThat(retries() - before).isZero();
        List<String> released = new ArrayList<>();
        for (Object o : outs) {
            assertThat(o).isInstanceOf(PutPartOutcome.class);
            released.addAll(((PutPartOutcome) o).releasedBlobs());
        }
        List<UploadedPart> left = a.uploads().listParts("u1", 0, 10);
        assertThat(left).hasSize(1);
        List<String> all = new ArrayList<>(released);
        all.add(left.get(0).blobId());
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(parts.stream().map(UploadedPart::blobId).toList());
    }
}
