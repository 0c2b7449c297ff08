package io.cosd.store.meta;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.VersionIds;
import io.cosd.domain.replication.ReplicationStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.cosd.domain.bucket.VersioningState.ENABLED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADM-13 (docs/replication.md "Operations", docs/security.md AUTH-15): the outbox's per-bucket reads and
 * requeues given a bucket row's incarnation touch the rows of that row only. The replication admin
 * authorizes the owner's root on the row it found by name; another account may delete-and-create the
 * name before the statements run, and then the old row's status, requeue and resync must find nothing
 * of the namesake's, while the namesake's own row finds all of it.
 */
public interface OutboxBucketRowContract extends StoreFixture {
    String OB = "adminrep-1250000000";
    String DEST = "ap-shanghai/dst-1250000000";
    String VJ = VersionIds.format(1_000_000);

    private ReplicationOutbox outbox() { return store().replication(); }

    @Test
    default void theOldRowsStatusRequeueAndResyncNeitherShowNorTouchANamesakesRows_ADM_13() {
        Instant now = Instant.ofEpochSecond(10);
        bucket(OB, VersioningState.UNVERSIONED);
        Bucket old = store().buckets().find(OB).orElseThrow();
        assertThat(store().buckets().delete(OB)).isEqualTo(BucketRepository.DeleteResult.DELETED);

        // another account creates the name: a null version whose copy FAILED, and one never replicated
        var other = store().identity().findAccount("100000000002").orElseGet(() -> account("100000000002", "1250000001"));
        store().buckets().create(new Bucket(OB, other.rootUin(), other.appId(), "ap-guangzhou", T0, VersioningState.UNVERSIONED));
        Bucket namesake = store().buckets().find(OB).orElseThrow();
        store().objects().put(draft(OB, "k", ObjectVersion.NULL_VERSION), VersioningState.UNVERSIONED);
        store().buckets().setVersioning(OB, ENABLED);
        assertThat(outbox().enqueueExisting(OB, namesake.incarnation(), "k", DEST, now)).isEqualTo(1);
        outbox().failed(outbox().due(now, 10).get(0), now, "HTTP 403 AccessDenied");
        store().objects().put(draft(OB, "j", ObjectVersion.NULL_VERSION).toBuilder().versionId(VJ).build(), ENABLED, null);

        // the old row's view: nothing, and nothing changes
        var s = outbox().stats(OB, old.incarnation(), Instant.EPOCH);
        assertThat(List.of(s.pending(), s.failed(), s.completedSince())).as("the namesake's rows are not the old row's").containsOnly(0L);
        assertThat(s.oldestPending()).isNull();
        assertThat(outbox().problems(OB, old.incarnation(), 10)).isEmpty();
        assertThat(outbox().requeueFailed(OB, old.incarnation(), now)).isZero();
        assertThat(outbox().enqueueExisting(OB, old.incarnation(), "", DEST, now)).isZero();
        assertThat(outbox().due(now, 10)).as("nothing requeued or queued for the namesake").isEmpty();
        assertThat(store().objects().version(OB, "k", ObjectVersion.NULL_VERSION).orElseThrow().replicationStatus())
                .isEqualTo(ReplicationStatus.FAILED);
        assertThat(store().objects().version(OB, "j", VJ).orElseThrow().replicationStatus()).isNull();

        // the namesake's own row sees and acts on all of it
        assertThat(outbox().stats(OB, namesake.incarnation(), Instant.EPOCH).failed()).isEqualTo(1);
        assertThat(outbox().problems(OB, namesake.incarnation(), 10)).extracting(ReplicationOutbox.Entry::key).containsExactly("k");
        assertThat(outbox().requeueFailed(OB, namesake.incarnation(), now)).isEqualTo(1);
        assertThat(outbox().enqueueExisting(OB, namesake.incarnation(), "", DEST, now)).isEqualTo(1);
        assertThat(outbox().due(now, 10)).extracting(ReplicationOutbox.Entry::key).containsExactlyInAnyOrder("k", "j");
        assertThat(outbox().stats(OB, namesake.incarnation(), Instant.EPOCH).pending()).isEqualTo(2);
    }

    /** V24: every row names the bucket row that wrote it, whether a write's own row or a resync's; the worker's source is that row. */
    @Test
    default void aWritesRowAndAResyncsRowEachNameTheBucketRowThatWroteThem_ADM_13() {
        Instant now = Instant.ofEpochSecond(10);
        bucket(OB, ENABLED);
        Bucket row = store().buckets().find(OB).orElseThrow();
        store().objects().put(draft(OB, "w", VersionIds.format(1_000_001)).toBuilder().latest(true).build(), ENABLED, new ReplicationOutbox.Request(ReplicationOutbox.PUT, DEST));
        store().objects().put(draft(OB, "r", VersionIds.format(1_000_002)).toBuilder().latest(true).build(), ENABLED, null);
        assertThat(outbox().enqueueExisting(OB, row.incarnation(), "r", DEST, now)).isEqualTo(1);
        // the write's row is due at the store clock's now, the resync's at the given one
        List<ReplicationOutbox.Entry> due = outbox().due(Instant.parse("2100-01-01T00:00:00Z"), 10);
        assertThat(due).hasSize(2);
        for (var e : due) assertThat(outbox().source(e)).hasValueSatisfying(b -> assertThat(b.incarnation()).isEqualTo(row.incarnation()));
        assertThat(outbox().stats(OB, row.incarnation(), Instant.EPOCH).pending()).isEqualTo(2);
        assertThat(outbox().stats(OB, row.incarnation() + 1, Instant.EPOCH).pending()).as("another incarnation's view").isZero();
    }
}
