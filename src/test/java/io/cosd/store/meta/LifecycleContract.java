package io.cosd.store.meta;

import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.cosd.domain.bucket.VersioningState.ENABLED;
import static io.cosd.domain.bucket.VersioningState.UNVERSIONED;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link LifecycleRepository}: every action is conditional on the seq the scan saw, so replays are harmless. */
public interface LifecycleContract extends StoreFixture {
    @Test
    default void expiringTheCurrentVersionActsOnlyOnTheVersionTheScanSaw() {
        bucket("lc-1250000000", UNVERSIONED);
        ObjectVersion old = store().objects().put(draft("lc-1250000000", "k", "null"), UNVERSIONED).stored();
        ObjectVersion now = store().objects().put(draft("lc-1250000000", "k", "null"), UNVERSIONED).stored();
        assertThat(store().lifecycle().expireCurrent("lc-1250000000", "k", old.seq(), UNVERSIONED, null, T0)).isEmpty();
        assertThat(store().objects().latest("lc-1250000000", "k")).contains(now);
        var out = store().lifecycle().expireCurrent("lc-1250000000", "k", now.seq(), UNVERSIONED, null, T0).orElseThrow();
        assertThat(out.releasedBlobs()).containsExactly(now.blobId());
        assertThat(store().objects().latest("lc-1250000000", "k")).isEmpty();
        assertThat(store().lifecycle().expireCurrent("lc-1250000000", "k", now.seq(), UNVERSIONED, null, T0)).as("a replay").isEmpty();
    }

    @Test
    default void expiringInAnEnabledBucketAddsAMarkerOnceAndNeverExpiresAMarker() {
        bucket("lc-1250000000", ENABLED);
        ObjectVersion v = store().objects().put(draft("lc-1250000000", "k", StoreFixture.newVersionId()), ENABLED).stored();
        assertThat(store().lifecycle().expireCurrent("lc-1250000000", "k", v.seq(), ENABLED, StoreFixture.newVersionId(), T0)).isPresent();
        ObjectVersion marker = store().objects().latest("lc-1250000000", "k").orElseThrow();
        assertThat(marker.deleteMarker()).isTrue();
        assertThat(store().lifecycle().expireCurrent("lc-1250000000", "k", marker.seq(), ENABLED, StoreFixture.newVersionId(), T0)).isEmpty();
        assertThat(store().lifecycle().expireCurrent("lc-1250000000", "k", v.seq(), ENABLED, StoreFixture.newVersionId(), T0)).isEmpty();
    }

    @Test
    default void expiringAPageInOneBatchActsPerKeyOnlyOnTheVersionTheScanSaw() {
        bucket("lc-1250000000", UNVERSIONED);
        ObjectVersion a = store().objects().put(draft("lc-1250000000", "a", "null"), UNVERSIONED).stored();
        ObjectVersion bSeen = store().objects().put(draft("lc-1250000000", "b", "null"), UNVERSIONED).stored();
        ObjectVersion bNow = store().objects().put(draft("lc-1250000000", "b", "null"), UNVERSIONED).stored(); // rewritten after the scan
        ObjectVersion c = store().objects().put(draft("lc-1250000000", "c", "null"), UNVERSIONED).stored();
        var out = store().lifecycle().expireCurrents(List.of(
                new LifecycleRepository.ExpireRef("lc-1250000000", "a", a.seq(), null),
                new LifecycleRepository.ExpireRef("lc-1250000000", "b", bSeen.seq(), null),
                new LifecycleRepository.ExpireRef("lc-1250000000", "c", c.seq(), null)), UNVERSIONED, T0);
        assertThat(out.applied()).containsExactly(true, false, true);
        assertThat(out.releasedBlobs()).containsExactly(a.blobId(), c.blobId());
        assertThat(store().objects().latest("lc-1250000000", "a")).isEmpty();
        assertThat(store().objects().latest("lc-1250000000", "b")).contains(bNow);
        assertThat(store().objects().latest("lc-1250000000", "c")).isEmpty();
        assertThat(store().lifecycle().expireCurrents(List.of(new LifecycleRepository.ExpireRef("lc-1250000000", "a", a.seq(), null)),
                UNVERSIONED, T0).applied()).as("a replay").containsExactly(false);
    }

    @Test
    default void expiringAPageInAnEnabledBucketAddsOneMarkerPerKeyAndSkipsMarkers() {
        bucket("lc-1250000000", ENABLED);
        ObjectVersion a = store().objects().put(draft("lc-1250000000", "a", StoreFixture.newVersionId()), ENABLED).stored();
        ObjectVersion b = store().objects().put(draft("lc-1250000000", "b", StoreFixture.newVersionId()), ENABLED).stored();
        store().lifecycle().expireCurrent("lc-1250000000", "b", b.seq(), ENABLED, StoreFixture.newVersionId(), T0);
        ObjectVersion bMarker = store().objects().latest("lc-1250000000", "b").orElseThrow();
        String aMarker = StoreFixture.newVersionId();
        var out = store().lifecycle().expireCurrents(List.of(
                new LifecycleRepository.ExpireRef("lc-1250000000", "a", a.seq(), aMarker),
                new LifecycleRepository.ExpireRef("lc-1250000000", "b", bMarker.seq(), StoreFixture.newVersionId())), ENABLED, T0);
        assertThat(out.applied()).containsExactly(true, false);
        assertThat(out.releasedBlobs()).isEmpty();
        ObjectVersion marker = store().objects().latest("lc-1250000000", "a").orElseThrow();
        assertThat(marker.deleteMarker()).isTrue();
        assertThat(marker.versionId()).isEqualTo(aMarker);
        assertThat(store().objects().version("lc-1250000000", "a", a.versionId())).isPresent();
        assertThat(store().objects().latest("lc-1250000000", "b")).contains(bMarker);
    }

    @Test
    default void lifecycleActionsQueueNoReplication_REP_R5() {
        bucket("lc-1250000000", ENABLED);
        ObjectVersion v = store().objects().put(draft("lc-1250000000", "k", StoreFixture.newVersionId()), ENABLED).stored();
        store().lifecycle().expireCurrent("lc-1250000000", "k", v.seq(), ENABLED, StoreFixture.newVersionId(), T0);
        store().lifecycle().transition("lc-1250000000", "k", v.versionId(), v.seq(), StorageClass.STANDARD_IA, null);
        store().lifecycle().deleteVersion("lc-1250000000", "k", v.versionId(), v.seq());
        assertThat(store().replication().due(T0.plusSeconds(86400), 10)).isEmpty();
    }

    @Test
    default void transitionsAndVersionDeletesCheckTheSeq() {
        bucket("lc-1250000000", ENABLED);
        ObjectVersion v = store().objects().put(draft("lc-1250000000", "k", StoreFixture.newVersionId()), ENABLED).stored();
        assertThat(store().lifecycle().transition("lc-1250000000", "k", v.versionId(), v.seq() + 1, StorageClass.STANDARD_IA, null)).isEmpty();
        assertThat(store().lifecycle().transition("lc-1250000000", "k", v.versionId(), v.seq(), StorageClass.STANDARD_IA, null)).contains(List.of());
        String cold = "cold-" + StoreFixture.newBlobId();
        assertThat(store().lifecycle().transition("lc-1250000000", "k", v.versionId(), v.seq(), StorageClass.ARCHIVE, cold))
                .contains(List.of(v.blobId()));
        ObjectVersion moved = store().objects().version("lc-1250000000", "k", v.versionId()).orElseThrow();
        assertThat(moved.storageClass()).isEqualTo(StorageClass.ARCHIVE);
        assertThat(moved.blobId()).isEqualTo(cold);
        assertThat(moved.lastModified()).as("LC-T4").isEqualTo(v.lastModified());
        assertThat(store().lifecycle().deleteVersion("lc-1250000000", "k", v.versionId(), v.seq() + 5)).isEmpty();
        assertThat(store().lifecycle().deleteVersion("lc-1250000000", "k", v.versionId(), v.seq()).orElseThrow().releasedBlobs()).containsExactly(cold);
    }

    /** LC-C1, LC-C4: a delete checks what the scan saw on the row again, in its transaction, on every engine. */
    @Test
    default void aVersionScannedAsNoncurrentIsNotDeletedOnceAnUndeleteMadeItCurrent_LC_C1() {
        bucket("lc-1250000000", ENABLED);
        ObjectVersion v1 = store().objects().put(draft("lc-1250000000", "k", StoreFixture.newVersionId()), ENABLED).stored();
        String marker = StoreFixture.newVersionId();
        store().objects().deleteCurrent("lc-1250000000", "k", ENABLED, marker, T0.plusSeconds(60));
        ObjectVersion seenV1 = store().objects().version("lc-1250000000", "k", v1.versionId()).orElseThrow();
        ObjectVersion seenMarker = store().objects().latest("lc-1250000000", "k").orElseThrow();
        store().objects().deleteVersion("lc-1250000000", "k", marker); // the user's undelete, after the scan

        var out = store().lifecycle().deleteVersions(List.of(
                new LifecycleRepository.VersionRef("lc-1250000000", "k", v1.versionId(), v1.seq(), io.cosd.domain.bucket.Bucket.ANY_INCARNATION,
                        LifecycleRepository.Scanned.of(seenV1, ENABLED, 0)),
                new LifecycleRepository.VersionRef("lc-1250000000", "k", marker, seenMarker.seq(), io.cosd.domain.bucket.Bucket.ANY_INCARNATION,
                        LifecycleRepository.Scanned.of(seenMarker, ENABLED, 0))), T0);

        assertThat(out.applied()).containsExactly(false, false);
        assertThat(store().objects().latest("lc-1250000000", "k")).hasValueSatisfying(v -> assertThat(v.versionId()).isEqualTo(v1.versionId()));
    }

    /** LC-R7: a restore completes only the restore it read, of the version it copied. */
    @Test
    default void aRestoreCompletesOnlyTheRestoreAndTheVersionItRead_LC_R7() {
        bucket("lc-1250000000", UNVERSIONED);
        ObjectVersion old = store().objects().put(draft("lc-1250000000", "k", "null").toBuilder().storageClass(StorageClass.ARCHIVE).build(),
                UNVERSIONED).stored();
        ObjectVersion now = store().objects().put(draft("lc-1250000000", "k", "null").toBuilder().storageClass(StorageClass.ARCHIVE).build(),
                UNVERSIONED).stored();
        store().lifecycle().startRestore(new LifecycleRepository.Restore("lc-1250000000", "k", "null", LifecycleRepository.Restore.ONGOING,
                "Standard", 1, T0.plusSeconds(5), T0.plusSeconds(5), null, null));
        String copy = StoreFixture.newBlobId();

        assertThat(store().lifecycle().completeRestore("lc-1250000000", "k", "null", old.seq(), T0.plusSeconds(5), copy, T0.plusSeconds(86400)))
                .as("the overwritten version's bytes").isFalse();
        assertThat(store().lifecycle().completeRestore("lc-1250000000", "k", "null", now.seq(), T0, copy, T0.plusSeconds(86400)))
                .as("an earlier restore's").isFalse();
        assertThat(store().lifecycle().restore("lc-1250000000", "k", "null")).hasValueSatisfying(r -> assertThat(r.ongoing()).isTrue());
        assertThat(store().lifecycle().completeRestore("lc-1250000000", "k", "null", now.seq(), T0.plusSeconds(5), copy, T0.plusSeconds(86400)))
                .isTrue();
    }

    @Test
    default void bucketsWithAConfigurationKindArePagedByName() {
        bucket("a-1250000000", UNVERSIONED);
        bucket("b-1250000000", UNVERSIONED);
        bucket("c-1250000000", UNVERSIONED);
        store().buckets().putConfig("c-1250000000", ConfigKind.LIFECYCLE, "<x/>");
        store().buckets().putConfig("a-1250000000", ConfigKind.LIFECYCLE, "<x/>");
        store().buckets().putConfig("b-1250000000", ConfigKind.CORS, "<x/>");
        assertThat(store().lifecycle().bucketsWithConfig(ConfigKind.LIFECYCLE, null, 10)).containsExactly("a-1250000000", "c-1250000000");
        assertThat(store().lifecycle().bucketsWithConfig(ConfigKind.LIFECYCLE, "a-1250000000", 1)).containsExactly("c-1250000000");
    }
}
