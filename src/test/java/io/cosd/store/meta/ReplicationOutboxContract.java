package io.cosd.store.meta;

import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.VersionIds;
import io.cosd.domain.replication.ReplicationStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;

import static io.cosd.domain.bucket.VersioningState.ENABLED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replication outbox and replica writes (ReplicationOutbox, ObjectRepository#putReplica; docs/replication.md#engine, REP-S3, REP-S4). */
public interface ReplicationOutboxContract extends StoreFixture {
    String RB = "repl-1250000000";
    ReplicationOutbox.Request TO = new ReplicationOutbox.Request(ReplicationOutbox.PUT, "ap-shanghai/dst-1250000000");

    private ReplicationOutbox outbox() { return store().replication(); }

    private ObjectVersion enabledDraft(String key, long micros, String status) {
        ObjectVersion d = draft(RB, key, VersionIds.format(micros));
        Instant t = Instant.ofEpochMilli(micros / 1000);
        return d.toBuilder().latest(true).replicationStatus(ReplicationStatus.fromStored(status)).lastModified(t).build();
    }

    @Test
    default void anEligiblePutWritesItsVersionAndOutboxRowTogether() {
        bucket(RB, ENABLED);
        ObjectVersion v = store().objects().put(enabledDraft("a", 1_000_000, "PENDING"), ENABLED, TO).stored();
        List<ReplicationOutbox.Entry> due = outbox().due(Instant.ofEpochSecond(10), 10);
        assertThat(due).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("a");
            assertThat(e.versionId()).isEqualTo(v.versionId());
            assertThat(e.destination()).isEqualTo(TO.destination());
            assertThat(e.status()).isEqualTo(ReplicationOutbox.PENDING);
        });
        assertThat(outbox().stats(RB, Instant.EPOCH).pending()).isEqualTo(1);
    }

    @Test
    default void aRefusedPutLeavesNoOutboxRow() {
        assertThatThrownBy(() -> store().objects().put(enabledDraft("a", 1_000_000, "PENDING"), ENABLED, TO))
                .isInstanceOf(ConflictException.class); // no such bucket: the whole transaction rolled back
        assertThat(outbox().due(Instant.ofEpochSecond(10), 10)).isEmpty();
    }

    @Test
    default void aDeleteMarkerGetsItsRowInItsTransaction_REP_R3() {
        bucket(RB, ENABLED);
        store().objects().deleteCurrent(RB, "gone", ENABLED, VersionIds.format(2_000_000), Instant.ofEpochSecond(2),
                new ReplicationOutbox.Request(ReplicationOutbox.DELETE_MARKER, TO.destination()));
        assertThat(outbox().due(Instant.ofEpochSecond(10), 10)).singleElement()
                .satisfies(e -> assertThat(e.operation()).isEqualTo(ReplicationOutbox.DELETE_MARKER));
    }

    @Test
    default void outcomesMoveTheVersionStatusWithTheRow_REP_S1_REP_S4() {
        bucket(RB, ENABLED);
        store().objects().put(enabledDraft("ok", 1_000_000, "PENDING"), ENABLED, TO);
        store().objects().put(enabledDraft("bad", 1_000_001, "PENDING"), ENABLED, TO);
        store().objects().put(enabledDraft("later", 1_000_002, "PENDING"), ENABLED, TO);
        Instant now = Instant.ofEpochSecond(10);
        var due = outbox().due(now, 10);
        assertThat(due).hasSize(3);
        outbox().completed(due.get(0), now);
        outbox().failed(due.get(1), now, "HTTP 403");
        outbox().retry(due.get(2), now.plusSeconds(5), "connection refused");
        assertThat(store().objects().latest(RB, "ok").orElseThrow().replicationStatus()).isEqualTo(ReplicationStatus.COMPLETED);
        assertThat(store().objects().latest(RB, "bad").orElseThrow().replicationStatus()).isEqualTo(ReplicationStatus.FAILED);
        assertThat(store().objects().latest(RB, "later").orElseThrow().replicationStatus()).isEqualTo(ReplicationStatus.PENDING);
        assertThat(outbox().due(now, 10)).isEmpty(); // the retry is not due yet
        assertThat(outbox().due(now.plusSeconds(5), 10)).singleElement().satisfies(e -> assertThat(e.attempts()).isEqualTo(1));
        var s = outbox().stats(RB, now);
        assertThat(s.pending()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.completedSince()).isEqualTo(1);
        assertThat(s.oldestPending()).isNotNull();
        assertThat(outbox().depth()).singleElement().satisfies(d -> assertThat(d.pending()).isEqualTo(1));
        // Resync: FAILED back to PENDING, due now.
        assertThat(outbox().requeueFailed(RB, now)).isEqualTo(1);
        assertThat(store().objects().latest(RB, "bad").orElseThrow().replicationStatus()).isEqualTo(ReplicationStatus.PENDING);
        assertThat(outbox().due(now, 10)).extracting(ReplicationOutbox.Entry::key).containsExactly("bad");
        assertThat(outbox().purgeCompleted(now.plusSeconds(1))).isEqualTo(1);
    }

    @Test
    default void problemsListFailedAndRetryingRowsWithTheirErrorsNewestFirst() {
        bucket(RB, ENABLED);
        for (String k : List.of("fine", "waiting", "denied", "flaky")) store().objects().put(enabledDraft(k, 1_000_000 + k.length(), "PENDING"), ENABLED, TO);
        Instant now = Instant.ofEpochSecond(10);
        var due = outbox().due(now, 10);
        var byKey = new HashMap<String, ReplicationOutbox.Entry>();
        due.forEach(e -> byKey.put(e.key(), e));
        outbox().completed(byKey.get("fine"), now);
        outbox().failed(byKey.get("denied"), now, "HTTP 403 AccessDenied");
        outbox().retry(byKey.get("flaky"), now.plusSeconds(5), "ConnectException: Connection refused");
        // "waiting" has never been tried: not a problem yet.
        assertThat(outbox().problems(RB, 10)).extracting(ReplicationOutbox.Entry::key, ReplicationOutbox.Entry::lastError)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("flaky", "ConnectException: Connection refused"),
                        org.assertj.core.groups.Tuple.tuple("denied", "HTTP 403 AccessDenied"));
        assertThat(outbox().problems(RB, 1)).hasSize(1);
        assertThat(outbox().problems("other-1250000000", 10)).isEmpty();
    }

    @Test
    default void aPendingRowRemembersItsDestinationUploadUntilToldToForget() {
        bucket(RB, ENABLED);
        store().objects().put(enabledDraft("big", 1_000_000, "PENDING"), ENABLED, TO);
        Instant now = Instant.ofEpochSecond(10);
        var row = outbox().due(now, 10).get(0);
        assertThat(row.uploadId()).isNull();
        outbox().rememberUpload(row, "upload-1");
        outbox().retry(row, now, "connection reset");
        assertThat(outbox().due(now, 10)).singleElement().satisfies(e -> assertThat(e.uploadId()).isEqualTo("upload-1"));
        outbox().rememberUpload(row, null);
        assertThat(outbox().due(now, 10).get(0).uploadId()).isNull();
        outbox().completed(row, now);
        outbox().rememberUpload(row, "too-late"); // a finished row is left alone
        assertThat(outbox().problems(RB, 10)).isEmpty();
    }

    @Test
    default void aGroupCommitCompletesManyRowsAndTheirVersionsAtOnce() {
        bucket(RB, ENABLED);
        for (int i = 0; i < 5; i++) store().objects().put(enabledDraft("g/" + i, 1_000_000 + i, "PENDING"), ENABLED, TO);
        Instant now = Instant.ofEpochSecond(10);
        outbox().completedAll(outbox().due(now, 10), now);
        assertThat(outbox().due(now, 10)).isEmpty();
        assertThat(outbox().stats(RB, now).completedSince()).isEqualTo(5);
        for (int i = 0; i < 5; i++) assertThat(store().objects().latest(RB, "g/" + i).orElseThrow().replicationStatus()).isEqualTo(ReplicationStatus.COMPLETED);
    }

    @Test
    default void resyncOfExistingObjectsQueuesEachNonReplicaVersionOnce() {
        bucket(RB, ENABLED);
        store().objects().put(enabledDraft("x/1", 1_000_000, null), ENABLED, null);
        store().objects().put(enabledDraft("x/2", 1_000_001, null), ENABLED, null);
        store().objects().put(enabledDraft("y/1", 1_000_002, null), ENABLED, null);
        store().objects().putReplica(enabledDraft("x/3", 1_000_003, "REPLICA"));
        Instant now = Instant.ofEpochSecond(10);
        assertThat(outbox().enqueueExisting(RB, "x/", TO.destination(), now)).isEqualTo(2);
        assertThat(outbox().enqueueExisting(RB, "x/", TO.destination(), now)).isZero();
        assertThat(store().objects().latest(RB, "x/1").orElseThrow().replicationStatus()).isEqualTo(ReplicationStatus.PENDING);
    }

    /**
     * REP-O1 (docs/replication.md "Order per key"): a plain COS/S3 destination makes the last copy it receives
     * current, so a key's newer row is not claimed while an older row of the same key and destination is
     * still owed: in flight on any node, or in backoff after a transient failure. Rows of other keys go on.
     * Before the rule the claim handed out both versions at once, and the newer one again while the older
     * waited for its retry.
     */
    @Test
    default void anOlderCopyInBackoffHoldsTheNewerCopiesOfItsKeyButNotOtherKeys_REP_O1() {
        bucket(RB, ENABLED);
        store().leases().register("node-a", "a:1", "v");
        store().leases().register("node-b", "b:1", "v");
        java.time.Duration ttl = java.time.Duration.ofMinutes(5);
        store().objects().put(enabledDraft("k", 1_000_000, "PENDING"), ENABLED, TO);
        store().objects().put(enabledDraft("k", 1_000_001, "PENDING"), ENABLED, TO);
        store().objects().deleteCurrent(RB, "k", ENABLED, VersionIds.format(1_000_002), Instant.ofEpochSecond(1),
                new ReplicationOutbox.Request(ReplicationOutbox.DELETE_MARKER, TO.destination()));
        store().objects().put(enabledDraft("other", 1_000_003, "PENDING"), ENABLED, TO);
        Instant now = Instant.ofEpochSecond(10);
        assertThat(outbox().claim("node-a", now, 10, ttl)).as("one row per key: the oldest")
                .extracting(ReplicationOutbox.Entry::key, ReplicationOutbox.Entry::versionId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("k", VersionIds.format(1_000_000)),
                        org.assertj.core.groups.Tuple.tuple("other", VersionIds.format(1_000_003)));
        assertThat(outbox().claim("node-b", now, 10, ttl)).as("another node: the newer rows wait for node-a's copy in flight").isEmpty();
        // The first copy of k fails transiently: in backoff for 5 s, unclaimed.
        var first = outbox().claim("node-a", now, 10, ttl).get(0);
        assertThat(outbox().retry(first, now.plusSeconds(5), "HTTP 503")).isTrue();
        assertThat(outbox().claim("node-b", now, 10, ttl)).as("the newer version must not overtake the older one in backoff").isEmpty();
        assertThat(outbox().claim("node-a", now, 10, ttl)).as("the other key goes on")
                .extracting(ReplicationOutbox.Entry::key).containsExactly("other");
        // Its retry is due: the older version again, still not the newer one.
        Instant later = now.plusSeconds(5);
        var again = outbox().claim("node-b", later, 10, ttl);
        assertThat(again).extracting(ReplicationOutbox.Entry::versionId).containsExactly(VersionIds.format(1_000_000));
        outbox().completedAll(again, later);
        var second = outbox().claim("node-b", later, 10, ttl);
        assertThat(second).as("then the newer version").extracting(ReplicationOutbox.Entry::versionId).containsExactly(VersionIds.format(1_000_001));
        // A permanent failure ends the row, so it does not hold its key: the delete marker follows.
        assertThat(outbox().failed(second.get(0), later, "HTTP 403")).isTrue();
        assertThat(outbox().claim("node-b", later, 10, ttl)).singleElement().satisfies(e -> {
            assertThat(e.operation()).isEqualTo(ReplicationOutbox.DELETE_MARKER);
            assertThat(e.versionId()).isEqualTo(VersionIds.format(1_000_002));
        });
    }

    /** Versions per batch in the store (JdbcReplicationOutbox.RESYNC_BATCH); the tests below write more than two batches. */
    int RESYNC_BATCH = 128;

    @Test
    default void aResyncOfALargeBucketQueuesEachVersionOnceInBatchesOfTheirOwn_SC_T8() {
        bucket(RB, ENABLED);
        int n = 2 * RESYNC_BATCH + 45;
        for (int i = 0; i < n; i++) store().objects().put(enabledDraft("big/" + (i % 200), 1_000_000 + i, null), ENABLED, null);
        store().objects().put(enabledDraft("big/queued", 900_000, "PENDING"), ENABLED, TO); // has its open row
        store().objects().putReplica(enabledDraft("big/replica", 900_001, "REPLICA")); // never re-replicated
        store().objects().deleteCurrent(RB, "big/0", ENABLED, VersionIds.format(5_000_000), Instant.ofEpochSecond(5), null); // a marker
        Instant now = Instant.ofEpochSecond(10);
        long transactions = store().dbTransactions();
        assertThat(outbox().enqueueExisting(RB, "big/", TO.destination(), now)).isEqualTo(n);
        // Three batches (128, 128, 45) at least, each its own write transaction, besides the reads.
        assertThat(store().dbTransactions() - transactions).isGreaterThanOrEqualTo(3);
        var open = outbox().due(Instant.ofEpochSecond(1_000_000), 10_000);
        assertThat(open).hasSize(n + 1);
        assertThat(open).extracting(ReplicationOutbox.Entry::versionId).doesNotHaveDuplicates();
        assertThat(open).extracting(ReplicationOutbox.Entry::id).doesNotHaveDuplicates();
        assertThat(outbox().enqueueExisting(RB, "big/", TO.destination(), now)).isZero();
        assertThat(store().objects().latest(RB, "big/7").orElseThrow().replicationStatus()).isEqualTo(ReplicationStatus.PENDING);
    }

    @Test
    default void aResyncRacingWritesAndDeletesQueuesEveryVersionWrittenBeforeItExactlyOnce_SC_T8() throws Exception {
        bucket(RB, ENABLED);
        int n = 3 * RESYNC_BATCH;
        List<ObjectVersion> before = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) before.add(store().objects().put(enabledDraft("r/" + (i % 97), 1_000_000 + i, null), ENABLED, null).stored());
        Instant now = Instant.ofEpochSecond(10);
        var resync = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var queued = resync.submit(() -> outbox().enqueueExisting(RB, "r/", TO.destination(), now));
            // Meanwhile: new versions of the same keys, replicated or not, and deletions of old ones by id.
            java.util.Set<String> deleted = new java.util.HashSet<>();
            for (int i = 0; i < 60; i++) {
                boolean replicated = i % 2 == 0;
                store().objects().put(enabledDraft("r/" + (i * 7 % 97), 2_000_000 + i, replicated ? "PENDING" : null), ENABLED,
                        replicated ? TO : null);
                ObjectVersion old = before.get(i * 5);
                store().objects().deleteVersion(RB, old.key(), old.versionId(), io.cosd.domain.object.DeleteCondition.NONE, null);
                deleted.add(old.versionId());
            }
            queued.get(60, java.util.concurrent.TimeUnit.SECONDS);
            var open = outbox().due(Instant.ofEpochSecond(1_000_000), 100_000);
            // No version has two open rows, and no deleted version has one.
            assertThat(open).extracting(ReplicationOutbox.Entry::versionId).doesNotHaveDuplicates().doesNotContainAnyElementsOf(deleted);
            var openVersions = new java.util.HashSet<String>();
            open.forEach(e -> openVersions.add(e.versionId()));
            // Every version written before the resync and still there has its row.
            for (ObjectVersion v : before) if (!deleted.contains(v.versionId())) assertThat(openVersions).contains(v.versionId());
        } finally {
            resync.shutdownNow();
        }
    }

    @Test
    default void aRequeueOfManyFailedCopiesRunsInBatchesAndMovesEachVersionWithItsRow_SC_T8() {
        bucket(RB, ENABLED);
        int n = 2 * RESYNC_BATCH + 3;
        for (int i = 0; i < n; i++) store().objects().put(enabledDraft("f/" + i, 1_000_000 + i, "PENDING"), ENABLED, TO);
        Instant now = Instant.ofEpochSecond(10);
        for (var e : outbox().due(now, 10_000)) outbox().failed(e, now, "HTTP 403");
        long transactions = store().dbTransactions();
        assertThat(outbox().requeueFailed(RB, now)).isEqualTo(n);
        assertThat(store().dbTransactions() - transactions).isGreaterThanOrEqualTo(3);
        assertThat(outbox().due(now, 10_000)).hasSize(n).allSatisfy(e -> assertThat(e.attempts()).isZero());
        for (int i = 0; i < n; i += 37) {
            assertThat(store().objects().latest(RB, "f/" + i).orElseThrow().replicationStatus()).isEqualTo(ReplicationStatus.PENDING);
        }
        assertThat(outbox().requeueFailed(RB, now)).isZero();
        assertThat(outbox().stats(RB, Instant.EPOCH).failed()).isZero();
    }

    @Test
    default void replicaWritesAreIdempotentAndAnOlderReplicaNeverBecomesLatest_REP_S3() {
        bucket(RB, ENABLED);
        ObjectVersion newer = enabledDraft("k", 5_000_000, "REPLICA");
        ObjectVersion older = enabledDraft("k", 4_000_000, "REPLICA");
        assertThat(store().objects().putReplica(newer).stored().latest()).isTrue();
        var late = store().objects().putReplica(older).stored();
        assertThat(late.latest()).isFalse();
        assertThat(late.noncurrentSince()).isNotNull();
        assertThat(store().objects().latest(RB, "k").orElseThrow().versionId()).isEqualTo(newer.versionId());
        // A repeated delivery changes nothing and hands back the stored version.
        var again = store().objects().putReplica(enabledDraft("k", 5_000_000, "REPLICA"));
        assertThat(again.stored().blobId()).isEqualTo(newer.blobId());
        assertThat(store().objects().listVersions(RB, "k", null, Long.MIN_VALUE, 10)).hasSize(2);
        // A newer delete marker becomes latest; a repeated one is a no-op.
        String markerId = VersionIds.format(6_000_000);
        store().objects().putMarkerReplica(RB, "k", markerId, Instant.ofEpochMilli(6_000));
        store().objects().putMarkerReplica(RB, "k", markerId, Instant.ofEpochMilli(6_000));
        assertThat(store().objects().latest(RB, "k").orElseThrow().deleteMarker()).isTrue();
        assertThat(store().objects().listVersions(RB, "k", null, Long.MIN_VALUE, 10)).hasSize(3);
    }

    @Test
    default void aDeleteByVersionIdClosesThePendingRowInItsTransaction_REP_R4() {
        bucket(RB, ENABLED);
        ObjectVersion gone = store().objects().put(enabledDraft("k", 1_000_000, "PENDING"), ENABLED, TO).stored();
        ObjectVersion done = store().objects().put(enabledDraft("k", 1_000_001, "PENDING"), ENABLED, TO).stored();
        Instant now = Instant.ofEpochSecond(10);
        var due = outbox().due(now, 10);
        assertThat(due).hasSize(2);
        outbox().completed(due.stream().filter(e -> e.versionId().equals(done.versionId())).findFirst().orElseThrow(), now);
        store().objects().deleteVersion(RB, "k", gone.versionId());
        store().objects().deleteVersion(RB, "k", done.versionId());
        var s = outbox().stats(RB, Instant.EPOCH);
        assertThat(s.pending()).isZero();      // the owed copy is not owed any more ...
        assertThat(s.failed()).isZero();      // ... and is no failure
        assertThat(s.completedSince()).isEqualTo(1); // a finished row stays as it was
        assertThat(outbox().due(now, 10)).isEmpty();
        // A worker that had the row in flight cannot turn it into a failure afterwards.
        var inFlight = due.stream().filter(e -> e.versionId().equals(gone.versionId())).findFirst().orElseThrow();
        assertThat(outbox().failed(inFlight, now, "source version no longer exists")).isFalse();
        assertThat(outbox().stats(RB, Instant.EPOCH).failed()).isZero();
    }

    /**
     * docs/security.md AUTH-15, docs/replication.md "Deleted with its bucket": a bucket can be deleted with
     * rows in its outbox (a FAILED copy stays when its version is deleted; a delete marker's row stays
     * PENDING when lifecycle removes the marker, REP-R6 never holds a marker; a row in flight on a node).
     * They go in DeleteBucket's transaction: outliving it, they would name by bucket name, key and version
     * id the null version another account writes into the name later, which a resync would requeue and the
     * worker send, and the namesake owner's status would list the old owner's keys and errors.
     */
    @Test
    default void aDeletedBucketsRowsGoWithItSoARecreatedNamesakeInheritsNoneOfThem_AUTH_15() {
        Instant now = Instant.ofEpochSecond(10);
        for (boolean abortingUploads : List.of(false, true)) {
            String b = (abortingUploads ? "a" : "d") + RB;
            bucket(b, io.cosd.domain.bucket.VersioningState.UNVERSIONED);
            // the null version from before versioning, queued by a resync (INT-3); its copy FAILED, then it was deleted
            store().objects().put(draft(b, "k", ObjectVersion.NULL_VERSION), io.cosd.domain.bucket.VersioningState.UNVERSIONED);
            store().buckets().setVersioning(b, ENABLED);
            assertThat(outbox().enqueueExisting(b, "", TO.destination(), now)).isEqualTo(1);
            outbox().failed(outbox().due(now, 10).get(0), now, "HTTP 403 AccessDenied");
            store().objects().deleteVersion(b, "k", ObjectVersion.NULL_VERSION);
            // a delete marker whose copy is still pending, in flight on a node, when lifecycle removes the marker
            ObjectVersion marker = store().objects().deleteCurrent(b, "m", ENABLED, VersionIds.format(3_000_000), now,
                    new ReplicationOutbox.Request(ReplicationOutbox.DELETE_MARKER, TO.destination())).marker().orElseThrow();
            var inFlight = outbox().claim("node-1", now, 10, java.time.Duration.ofSeconds(15)).get(0);
            store().lifecycle().deleteVersion(b, "m", marker.versionId(), marker.seq());
            assertThat(outbox().stats(b, Instant.EPOCH).pending()).isEqualTo(1);
            assertThat(outbox().stats(b, Instant.EPOCH).failed()).isEqualTo(1);

            assertThat(abortingUploads ? store().buckets().deleteAbortingUploads(b).result() : store().buckets().delete(b))
                    .isEqualTo(BucketRepository.DeleteResult.DELETED);
            var s = outbox().stats(b, Instant.EPOCH);
            assertThat(List.of(s.pending(), s.failed(), s.completedSince())).as("no row of the deleted bucket is left").containsOnly(0L);
            assertThat(outbox().problems(b, 10)).isEmpty();
            assertThat(outbox().due(now, 10)).isEmpty();
            assertThat(outbox().source(inFlight)).as("the copy in flight finds its row gone").isEmpty();

            // another account creates the name again and writes its own null version of k, then enables versioning
            var other = store().identity().findAccount("100000000002").orElseGet(() -> account("100000000002", "1250000001"));
            store().buckets().create(new io.cosd.domain.bucket.Bucket(b, other.rootUin(), other.appId(), "ap-guangzhou", T0,
                    io.cosd.domain.bucket.VersioningState.UNVERSIONED));
            store().objects().put(draft(b, "k", ObjectVersion.NULL_VERSION), io.cosd.domain.bucket.VersioningState.UNVERSIONED);
            store().buckets().setVersioning(b, ENABLED);
            assertThat(outbox().requeueFailed(b, now)).as("nothing of the old owner's to requeue onto the namesake's version").isZero();
            assertThat(outbox().due(now, 10)).isEmpty();
            assertThat(outbox().problems(b, 10)).isEmpty();
            assertThat(store().objects().version(b, "k", ObjectVersion.NULL_VERSION).orElseThrow().replicationStatus()).isNull();
        }
    }

    /**
     * AUTH-15: a copy in flight when its version was deleted by id (REP-R4) and then its bucket deleted and
     * created again by another account, holding a null version of the same key: the worker's read of its
     * source finds nothing (ReplicationOutbox.source), and its late acknowledgement marks nothing COMPLETED
     * in the namesake (by bucket name, key and version id alone it would mark the namesake's null version).
     */
    @Test
    default void aCopyInFlightWhenItsBucketWasRecreatedNeitherReadsNorMarksTheNamesakesVersion_AUTH_15() {
        Instant now = Instant.ofEpochSecond(10);
        bucket(RB, io.cosd.domain.bucket.VersioningState.UNVERSIONED);
        io.cosd.domain.bucket.Bucket old = store().buckets().find(RB).orElseThrow();
        store().objects().put(draft(RB, "k", ObjectVersion.NULL_VERSION), io.cosd.domain.bucket.VersioningState.UNVERSIONED);
        store().buckets().setVersioning(RB, ENABLED);
        assertThat(outbox().enqueueExisting(RB, "", TO.destination(), now)).isEqualTo(1);
        var inFlight = outbox().claim("node-1", now, 10, java.time.Duration.ofSeconds(15)).get(0);
        assertThat(outbox().source(inFlight)).as("the bucket row that wrote the row").hasValueSatisfying(b ->
                assertThat(b.incarnation()).isEqualTo(old.incarnation()));

        store().objects().deleteVersion(RB, "k", ObjectVersion.NULL_VERSION); // REP-R4: its row goes
        assertThat(store().buckets().delete(RB)).isEqualTo(BucketRepository.DeleteResult.DELETED);
        var other = account("100000000002", "1250000001");
        store().buckets().create(new io.cosd.domain.bucket.Bucket(RB, other.rootUin(), other.appId(), "ap-guangzhou", T0,
                io.cosd.domain.bucket.VersioningState.UNVERSIONED));
        store().objects().put(draft(RB, "k", ObjectVersion.NULL_VERSION), io.cosd.domain.bucket.VersioningState.UNVERSIONED);

        assertThat(outbox().source(inFlight)).as("never the namesake's row").isEmpty();
        outbox().completedAll(List.of(inFlight), now);
        assertThat(outbox().failed(inFlight, now, "late")).isFalse();
        assertThat(store().objects().version(RB, "k", ObjectVersion.NULL_VERSION).orElseThrow().replicationStatus())
                .as("the namesake's null version was never copied").isNull();
        assertThat(outbox().stats(RB, Instant.EPOCH).completedSince()).isZero();
    }

    @Test
    default void anOutcomeOfACanceledCopyNeverLandsOnTheRowThatReusedItsId_REP_R4() {
        bucket(RB, ENABLED);
        ObjectVersion gone = store().objects().put(enabledDraft("old", 1_000_000, "PENDING"), ENABLED, TO).stored();
        Instant now = Instant.ofEpochSecond(10);
        var inFlight = outbox().due(now, 10).get(0);
        store().objects().deleteVersion(RB, "old", gone.versionId()); // the newest row goes (REP-R4) ...
        store().objects().put(enabledDraft("new", 1_000_001, "PENDING"), ENABLED, TO);
        var owed = outbox().due(now, 10);
        assertThat(owed).singleElement().satisfies(e -> assertThat(e.id()).isEqualTo(inFlight.id())); // ... and its id is reused
        // The old copy's late news, in every form a worker sends it, leaves the new row owed and untouched.
        outbox().rememberUpload(inFlight, "upload-of-the-old-copy");
        assertThat(outbox().retry(inFlight, now.plusSeconds(60), "late")).isFalse();
        assertThat(outbox().failed(inFlight, now, "late")).isFalse();
        outbox().completed(inFlight, now);
        outbox().completedAll(List.of(inFlight), now);
        assertThat(outbox().due(now, 10)).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("new");
            assertThat(e.status()).isEqualTo(ReplicationOutbox.PENDING);
            assertThat(e.attempts()).isZero();
            assertThat(e.uploadId()).isNull();
            assertThat(e.lastError()).isNull();
        });
        var s = outbox().stats(RB, Instant.EPOCH);
        assertThat(s.pending()).isEqualTo(1);
        assertThat(s.completedSince()).isZero();
        assertThat(s.failed()).isZero();
    }

    @Test
    default void resyncLeavesAFailedCopyOfAVersionDeletedSinceAlone_REP_R6() {
        bucket(RB, ENABLED);
        ObjectVersion kept = store().objects().put(enabledDraft("kept", 1_000_000, "PENDING"), ENABLED, TO).stored();
        ObjectVersion gone = store().objects().put(enabledDraft("gone", 1_000_001, "PENDING"), ENABLED, TO).stored();
        Instant now = Instant.ofEpochSecond(10);
        for (var e : outbox().due(now, 10)) outbox().failed(e, now, "HTTP 403");
        // Lifecycle may remove a version once its copy has FAILED.
        store().lifecycle().deleteVersion(RB, "gone", gone.versionId(), gone.seq());
        assertThat(outbox().requeueFailed(RB, now)).isEqualTo(1);
        assertThat(outbox().due(now, 10)).extracting(ReplicationOutbox.Entry::versionId).containsExactly(kept.versionId());
        assertThat(outbox().stats(RB, Instant.EPOCH).failed()).isEqualTo(1);
    }
}
