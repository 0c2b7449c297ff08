package io.cosd.store.meta;

import io.cosd.domain.Refusal;
import io.cosd.domain.lock.LockGuard;
import io.cosd.domain.lock.LockMode;
import io.cosd.domain.lock.ObjectLock;
import io.cosd.domain.object.DeleteCondition;
import io.cosd.domain.object.ObjectVersion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.cosd.domain.bucket.VersioningState.ENABLED;
import static io.cosd.domain.bucket.VersioningState.SUSPENDED;
import static io.cosd.domain.bucket.VersioningState.UNVERSIONED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store's half of object lock (docs/object-lock.md): the lock is written with the version, checked
 * and changed inside the transactions that would remove or change it, and the bucket's lock and its
 * versioning state are decided in the writing statement (LOCK-1, LOCK-4, LOCK-5, LOCK-10).
 */
public interface ObjectLockContract extends StoreFixture {
    String LB = "lock-1250000000";
    Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    ObjectLock GOVERNANCE = ObjectLock.NONE.withRetention(LockMode.GOVERNANCE, NOW.plusSeconds(3600));

    private ObjectVersion putLocked(String key, String versionId, ObjectLock lock) {
        return store().objects().put(draft(LB, key, versionId).toBuilder().lock(lock).build(), ENABLED).stored();
    }

    @Test
    default void aVersionsLockIsStoredWithItAndChangedInPlace_LOCK_4() {
        bucket(LB, ENABLED);
        ObjectVersion v = putLocked("k", StoreFixture.newVersionId(), GOVERNANCE.withLegalHold(true));
        assertThat(store().objects().version(LB, "k", v.versionId()).orElseThrow().lock()).isEqualTo(GOVERNANCE.withLegalHold(true));
        var changed = store().objects().updateLock(LB, "k", v.versionId(), l -> l.withLegalHold(false));
        assertThat(changed.orElseThrow().lock()).isEqualTo(GOVERNANCE);
        assertThat(store().objects().version(LB, "k", v.versionId()).orElseThrow().lock()).isEqualTo(GOVERNANCE);
        assertThat(store().objects().version(LB, "k", v.versionId()).orElseThrow().seq()).isEqualTo(v.seq());
        // a refusal inside the change leaves the row as it was
        assertThatThrownBy(() -> store().objects().updateLock(LB, "k", v.versionId(), l -> { throw new Refusal(Refusal.Reason.OBJECT_LOCKED); }))
                .isInstanceOf(Refusal.class);
        assertThat(store().objects().version(LB, "k", v.versionId()).orElseThrow().lock()).isEqualTo(GOVERNANCE);
    }

    @Test
    default void aGuardedDeleteOfAProtectedVersionChangesNothing_LOCK_5() {
        bucket(LB, ENABLED);
        ObjectVersion v = putLocked("k", StoreFixture.newVersionId(), GOVERNANCE);
        assertThatThrownBy(() -> store().objects().deleteVersion(LB, "k", v.versionId(), DeleteCondition.NONE, new LockGuard(false, NOW)))
                .isInstanceOfSatisfying(Refusal.class, r -> assertThat(r.reason()).isEqualTo(Refusal.Reason.OBJECT_LOCKED));
        assertThat(store().objects().version(LB, "k", v.versionId())).isPresent();
        var out = store().objects().deleteVersion(LB, "k", v.versionId(), DeleteCondition.NONE, new LockGuard(true, NOW));
        assertThat(out.removed()).isPresent();
    }

    @Test
    default void lifecycleDeletesLeaveAVersionLockedAtTheirTimeAlone_LOCK_10() {
        bucket(LB, ENABLED);
        ObjectVersion held = putLocked("k", StoreFixture.newVersionId(), ObjectLock.NONE.withLegalHold(true));
        ObjectVersion free = putLocked("j", StoreFixture.newVersionId(), ObjectLock.NONE);
        var out = store().lifecycle().deleteVersions(List.of(new LifecycleRepository.VersionRef(LB, "k", held.versionId(), held.seq()),
                new LifecycleRepository.VersionRef(LB, "j", free.versionId(), free.seq())), NOW);
        assertThat(out.applied()).containsExactly(false, true);
        assertThat(store().objects().version(LB, "k", held.versionId())).isPresent();
    }

    @Test
    default void theLockConfigurationNeedsVersioningEnabledAndThenHoldsItThere_LOCK_1() {
        bucket(LB, UNVERSIONED);
        var buckets = store().buckets();
        assertThat(buckets.putConfigIfVersioning(LB, ConfigKind.OBJECT_LOCK, "<x/>", ENABLED)).isEqualTo(BucketRepository.Guarded.REFUSED);
        assertThat(buckets.config(LB, ConfigKind.OBJECT_LOCK)).isEmpty();
        buckets.setVersioning(LB, ENABLED);
        assertThat(buckets.putConfigIfVersioning(LB, ConfigKind.OBJECT_LOCK, "<x/>", ENABLED)).isEqualTo(BucketRepository.Guarded.DONE);
        assertThat(buckets.setVersioningUnless(LB, SUSPENDED, ConfigKind.OBJECT_LOCK)).isEqualTo(BucketRepository.Guarded.REFUSED);
        assertThat(buckets.find(LB).orElseThrow().versioning()).isEqualTo(ENABLED);
        assertThat(buckets.putConfigIfVersioning("none-1250000000", ConfigKind.OBJECT_LOCK, "<x/>", ENABLED))
                .isEqualTo(BucketRepository.Guarded.NO_SUCH_BUCKET);
        assertThat(buckets.setVersioningUnless("none-1250000000", SUSPENDED, ConfigKind.OBJECT_LOCK))
                .isEqualTo(BucketRepository.Guarded.NO_SUCH_BUCKET);
    }
}
