package io.cosd.store.meta;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Account;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.object.UploadedPart;
import io.cosd.domain.object.WriteCondition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.cosd.domain.bucket.VersioningState.ENABLED;
import static io.cosd.domain.bucket.VersioningState.UNVERSIONED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/security.md AUTH-13: a write commits into the bucket row it was authorized against, never
 * into a namesake created after that row was deleted. Each creation draws the row a new incarnation;
 * a write carrying an older one is {@link NoSuchBucketException} and stores nothing, on every engine.
 */
public interface BucketIncarnationContract extends StoreFixture {
    String IB = "reborn-1250000000";

    /** The bucket as a request reads it before authorizing (its owner, its incarnation). */
    private Bucket read(String name) {
        return store().buckets().find(name).orElseThrow();
    }

    /** Deleted (empty) and created again under the same name by another account. */
    private Bucket recreatedByAnotherAccount(String name) {
        assertThat(store().buckets().delete(name)).isEqualTo(BucketRepository.DeleteResult.DELETED);
        Account other = store().identity().findAccount("100000000002").orElseGet(() -> account("100000000002", "1250000001"));
        Bucket b = new Bucket(name, other.rootUin(), other.appId(), "ap-guangzhou", T0, UNVERSIONED);
        assertThat(store().buckets().create(b)).isEqualTo(BucketRepository.CreateResult.CREATED);
        return read(name);
    }

    @Test
    default void everyCreationOfANameGetsItsOwnNonZeroIncarnationAndEveryReadSeesIt_AUTH_13() {
        bucket(IB, UNVERSIONED);
        Bucket first = read(IB);
        assertThat(first.incarnation()).isNotEqualTo(Bucket.ANY_INCARNATION);
        assertThat(read(IB).incarnation()).isEqualTo(first.incarnation());
        Bucket second = recreatedByAnotherAccount(IB);
        assertThat(second.incarnation()).isNotIn(Bucket.ANY_INCARNATION, first.incarnation());
    }

    @Test
    default void aPutCarryingTheIncarnationOfADeletedBucketIsRefusedByItsRecreatedNamesakeAndStoresNothing_AUTH_13() {
        for (var mode : List.of(UNVERSIONED, ENABLED)) {
            String name = (mode == ENABLED ? "v" : "u") + IB;
            bucket(name, mode);
            Bucket authorized = read(name);
            Bucket namesake = recreatedByAnotherAccount(name);
            ObjectVersion d = draft(name, "k", mode == ENABLED ? StoreFixture.newVersionId() : ObjectVersion.NULL_VERSION);
            assertThatThrownBy(() -> store().objects().put(d, mode, null, WriteCondition.NONE, authorized.incarnation()))
                    .isInstanceOf(NoSuchBucketException.class);
            assertThat(store().objects().latest(name, "k")).isEmpty();
            assertThat(store().objects().hasAny(name)).isFalse();
            assertThat(store().referencedBlobs(List.of(d.blobId()))).isEmpty();
            // the namesake itself is untouched and takes its own writes
            ObjectVersion d2 = draft(name, "k", ObjectVersion.NULL_VERSION);
            store().objects().put(d2, UNVERSIONED, null, WriteCondition.NONE, namesake.incarnation());
            assertThat(store().objects().latest(name, "k").orElseThrow().blobId()).isEqualTo(d2.blobId());
        }
    }

    @Test
    default void aPutCarryingTheCurrentIncarnationCommitsAndTheRefusedOneDidNotAdvanceTheBucketsSeq_AUTH_13() {
        bucket(IB, UNVERSIONED);
        Bucket b = read(IB);
        ObjectVersion first = store().objects().put(draft(IB, "a", ObjectVersion.NULL_VERSION), UNVERSIONED, null,
                WriteCondition.NONE, b.incarnation()).stored();
        assertThatThrownBy(() -> store().objects().put(draft(IB, "b", ObjectVersion.NULL_VERSION), UNVERSIONED, null,
                WriteCondition.NONE, b.incarnation() + 1)).isInstanceOf(NoSuchBucketException.class);
        ObjectVersion second = store().objects().put(draft(IB, "c", ObjectVersion.NULL_VERSION), UNVERSIONED, null,
                WriteCondition.NONE, b.incarnation()).stored();
        assertThat(second.seq()).isEqualTo(first.seq() + 1); // the refused bump was rolled back with its write
        assertThat(store().objects().latest(IB, "b")).isEmpty();
    }

    @Test
    default void aCompletionOrInitiationCarryingAnotherIncarnationIsRefusedAndLeavesTheUploadAndItsParts_AUTH_13() {
        bucket(IB, UNVERSIONED);
        Bucket authorized = read(IB);
        Bucket namesake = recreatedByAnotherAccount(IB);
        store().uploads().create(new MultipartUpload("u1", IB, "k", T0, StorageClass.STANDARD, ContentHeaders.ofType("a/b"),
                Map.of(), Map.of(), namesake.ownerUin()));
        UploadedPart p = new UploadedPart(1, 5, "\"%032x\"".formatted(1), StoreFixture.newBlobId(), T0);
        store().uploads().putPart(IB, "k", "u1", p);
        ObjectVersion d = ObjectVersion.builder(IB, "k").latest(true).size(5).etag("\"x-1\"").storageClass(StorageClass.STANDARD)
                .content(ContentHeaders.ofType("a/b")).partsCount(1).lastModified(T0).build();
        assertThatThrownBy(() -> store().uploads().complete("u1", List.of(p), d, UNVERSIONED, null, WriteCondition.NONE,
                authorized.incarnation())).isInstanceOf(NoSuchBucketException.class);
        assertThat(store().objects().latest(IB, "k")).isEmpty();
        assertThat(store().uploads().listParts("u1", 0, 10)).containsExactly(p);
        // nor can an initiation authorized against the old bucket open an upload in the namesake
        assertThatThrownBy(() -> store().uploads().create(new MultipartUpload("u2", IB, "k", T0, StorageClass.STANDARD,
                ContentHeaders.ofType("a/b"), Map.of(), Map.of(), "100000000001"), authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(store().uploads().find(IB, "k", "u2")).isEmpty();
        assertThat(store().uploads().complete("u1", List.of(p), d, UNVERSIONED, null, WriteCondition.NONE,
                namesake.incarnation()).stored()).isNotNull();
    }

    @Test
    default void aDeleteCarryingAnOldIncarnationRemovesNothingFromTheNamesakeInAnyModeOrForm_AUTH_13() {
        for (var mode : List.of(UNVERSIONED, ENABLED, io.cosd.domain.bucket.VersioningState.SUSPENDED)) {
            String name = mode.name().toLowerCase(java.util.Locale.ROOT).charAt(0) + "d" + IB;
            bucket(name, UNVERSIONED);
            Bucket authorized = read(name);
            Bucket namesake = recreatedByAnotherAccount(name);
            ObjectVersion theirs = store().objects().put(draft(name, "k", ObjectVersion.NULL_VERSION), UNVERSIONED, null,
                    WriteCondition.NONE, namesake.incarnation()).stored();
            String marker = mode == ENABLED ? StoreFixture.newVersionId() : null;
            assertThatThrownBy(() -> store().objects().deleteCurrent(name, "k", mode, marker, T0, null,
                    io.cosd.domain.object.DeleteCondition.NONE, authorized.incarnation())).as(mode.name())
                    .isInstanceOf(NoSuchBucketException.class);
            assertThatThrownBy(() -> store().objects().deleteCurrent(name, "k", mode, marker, T0, null,
                    new io.cosd.domain.object.DeleteCondition(theirs.etag(), null, null), authorized.incarnation())).as(mode.name())
                    .isInstanceOf(NoSuchBucketException.class);
            assertThatThrownBy(() -> store().objects().deleteVersion(name, "k", ObjectVersion.NULL_VERSION,
                    io.cosd.domain.object.DeleteCondition.NONE, null, authorized.incarnation())).isInstanceOf(NoSuchBucketException.class);
            assertThatThrownBy(() -> store().objects().deleteVersion(name, "k", ObjectVersion.NULL_VERSION,
                    io.cosd.domain.object.DeleteCondition.NONE, new io.cosd.domain.lock.LockGuard(false, T0), authorized.incarnation()))
                    .isInstanceOf(NoSuchBucketException.class);
            assertThat(store().objects().latest(name, "k")).as(mode.name()).contains(theirs);
            // the namesake's own incarnation deletes as before
            store().objects().deleteVersion(name, "k", ObjectVersion.NULL_VERSION, io.cosd.domain.object.DeleteCondition.NONE, null,
                    namesake.incarnation());
            assertThat(store().objects().latest(name, "k")).isEmpty();
        }
    }

    @Test
    default void aConfigurationPutCarryingAnOldIncarnationLeavesTheNamesakesConfigurationAlone_AUTH_13() {
        bucket(IB, UNVERSIONED);
        Bucket authorized = read(IB);
        Bucket namesake = recreatedByAnotherAccount(IB);
        store().buckets().putConfig(IB, ConfigKind.POLICY, "{\"theirs\":1}", namesake.incarnation());
        assertThatThrownBy(() -> store().buckets().putConfig(IB, ConfigKind.POLICY, "{\"old\":1}", authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> store().buckets().putConfig(IB, ConfigKind.CORS, "<CORSConfiguration/>", authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(store().buckets().config(IB, ConfigKind.POLICY)).contains("{\"theirs\":1}");
        assertThat(store().buckets().config(IB, ConfigKind.CORS)).isEmpty();
        store().buckets().putConfig(IB, ConfigKind.POLICY, "{\"theirs\":2}", namesake.incarnation());
        assertThat(store().buckets().config(IB, ConfigKind.POLICY)).contains("{\"theirs\":2}");
    }

    @Test
    default void aVersioningOrObjectLockChangeCarryingAnOldIncarnationIsNoSuchBucketAndLeavesTheNamesakeAsItWas_AUTH_13() {
        bucket(IB, UNVERSIONED);
        Bucket authorized = read(IB);
        Bucket namesake = recreatedByAnotherAccount(IB);
        assertThat(store().buckets().setVersioning(IB, ENABLED, authorized.incarnation())).isFalse();
        assertThat(store().buckets().setVersioningUnless(IB, io.cosd.domain.bucket.VersioningState.SUSPENDED, ConfigKind.OBJECT_LOCK,
                authorized.incarnation())).isEqualTo(BucketRepository.Guarded.NO_SUCH_BUCKET);
        assertThat(read(IB).versioning()).isEqualTo(UNVERSIONED);
        assertThat(store().buckets().setVersioning(IB, ENABLED, namesake.incarnation())).isTrue();
        assertThat(store().buckets().putConfigIfVersioning(IB, ConfigKind.OBJECT_LOCK, "<ObjectLockConfiguration/>", ENABLED,
                authorized.incarnation())).isEqualTo(BucketRepository.Guarded.NO_SUCH_BUCKET);
        assertThat(store().buckets().config(IB, ConfigKind.OBJECT_LOCK)).isEmpty();
        assertThat(store().buckets().putConfigIfVersioning(IB, ConfigKind.OBJECT_LOCK, "<ObjectLockConfiguration/>", ENABLED,
                namesake.incarnation())).isEqualTo(BucketRepository.Guarded.DONE);
        assertThat(read(IB).versioning()).isEqualTo(ENABLED);
    }

    @Test
    default void aTagAclOrLockChangeOfAVersionCarryingAnOldIncarnationIsNoSuchBucketAndLeavesTheNamesakesVersionAlone_AUTH_13() {
        bucket(IB, UNVERSIONED);
        Bucket authorized = read(IB);
        Bucket namesake = recreatedByAnotherAccount(IB);
        ObjectVersion theirs = store().objects().put(draft(IB, "k", ObjectVersion.NULL_VERSION), UNVERSIONED, null,
                WriteCondition.NONE, namesake.incarnation()).stored();
        String nv = ObjectVersion.NULL_VERSION;
        assertThatThrownBy(() -> store().objects().setTags(IB, "k", nv, Map.of("stale", "1"), authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> store().objects().setAcl(IB, "k", nv, io.cosd.domain.acl.Acl.ownerOnly("100000000001"),
                authorized.incarnation())).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> store().objects().updateLock(IB, "k", nv, l -> l.withLegalHold(true), authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(store().objects().latest(IB, "k")).contains(theirs);
        // the namesake's own incarnation: the change is made; a missing version is still just empty
        assertThat(store().objects().setTags(IB, "k", nv, Map.of("a", "b"), namesake.incarnation()).orElseThrow().tags())
                .isEqualTo(Map.of("a", "b"));
        assertThat(store().objects().setTags(IB, "missing", nv, Map.of("a", "b"), namesake.incarnation())).isEmpty();
    }

    @Test
    default void aConfigurationDeleteOrBucketDeleteCarryingAnOldIncarnationLeavesTheNamesakeAndItsConfiguration_AUTH_13() {
        bucket(IB, UNVERSIONED);
        Bucket authorized = read(IB);
        Bucket namesake = recreatedByAnotherAccount(IB);
        store().buckets().putConfig(IB, ConfigKind.CORS, "<CORSConfiguration/>", namesake.incarnation());
        assertThatThrownBy(() -> store().buckets().deleteConfig(IB, ConfigKind.CORS, authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> store().buckets().deleteConfig(IB, ConfigKind.POLICY, authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(store().buckets().config(IB, ConfigKind.CORS)).contains("<CORSConfiguration/>");
        assertThat(store().buckets().delete(IB, authorized.incarnation())).isEqualTo(BucketRepository.DeleteResult.NOT_FOUND);
        assertThat(store().buckets().deleteAbortingUploads(IB, authorized.incarnation()).result())
                .isEqualTo(BucketRepository.DeleteResult.NOT_FOUND);
        assertThat(read(IB).incarnation()).isEqualTo(namesake.incarnation());
        // its own: an absent configuration is still an idempotent no-op, and the bucket goes
        assertThat(store().buckets().deleteConfig(IB, ConfigKind.POLICY, namesake.incarnation())).isFalse();
        assertThat(store().buckets().deleteConfig(IB, ConfigKind.CORS, namesake.incarnation())).isTrue();
        assertThat(store().buckets().delete(IB, namesake.incarnation())).isEqualTo(BucketRepository.DeleteResult.DELETED);
    }

    @Test
    default void aReplicaOrReplicaMarkerCarryingAnOldIncarnationIsRefusedByTheNamesake_AUTH_13() {
        bucket(IB, ENABLED);
        Bucket authorized = read(IB);
        Bucket namesake = recreatedByAnotherAccount(IB);
        store().buckets().setVersioning(IB, ENABLED, namesake.incarnation());
        ObjectVersion d = draft(IB, "k", StoreFixture.newVersionId());
        assertThatThrownBy(() -> store().objects().putReplica(d, authorized.incarnation())).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> store().objects().putMarkerReplica(IB, "k", StoreFixture.newVersionId(), T0, authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(store().objects().hasAny(IB)).isFalse();
        assertThat(store().objects().putReplica(d, namesake.incarnation()).stored().versionId()).isEqualTo(d.versionId());
    }

    /**
     * A lifecycle pass scans a bucket, then expires or deletes what it saw by key and seq. A bucket's
     * seqs start at 1 again when its name is created again, so the same key written into a namesake
     * can have the very seq the pass saw: the pass's page, planned from the old bucket's rules, must
     * leave the namesake's version alone (AUTH-13, LC-E2, LC-E4).
     */
    @Test
    default void aLifecyclePageScannedInTheOldBucketLeavesTheNamesakesVersionOfTheSameKeyAndSeqAlone_AUTH_13() {
        bucket(IB, UNVERSIONED);
        Bucket scanned = read(IB);
        ObjectVersion seen = store().objects().put(draft(IB, "k", ObjectVersion.NULL_VERSION), UNVERSIONED).stored();
        store().objects().deleteCurrent(IB, "k", UNVERSIONED, null, T0);
        Bucket namesake = recreatedByAnotherAccount(IB);
        ObjectVersion theirs = store().objects().put(draft(IB, "k", ObjectVersion.NULL_VERSION), UNVERSIONED, null,
                WriteCondition.NONE, namesake.incarnation()).stored();
        assertThat(theirs.seq()).as("a re-created bucket's seqs start again").isEqualTo(seen.seq());

        var expired = store().lifecycle().expireCurrents(List.of(new LifecycleRepository.ExpireRef(IB, "k", seen.seq(), null,
                scanned.incarnation())), UNVERSIONED, T0);
        assertThat(expired.applied()).containsExactly(false);
        var deleted = store().lifecycle().deleteVersions(List.of(new LifecycleRepository.VersionRef(IB, "k", ObjectVersion.NULL_VERSION,
                seen.seq(), scanned.incarnation())), T0);
        assertThat(deleted.applied()).containsExactly(false);
        assertThat(store().lifecycle().transition(IB, "k", ObjectVersion.NULL_VERSION, seen.seq(), StorageClass.STANDARD_IA, null,
                scanned.incarnation())).isEmpty();
        assertThat(store().objects().latest(IB, "k").orElseThrow().blobId()).isEqualTo(theirs.blobId());
        assertThat(store().objects().latest(IB, "k").orElseThrow().storageClass()).isEqualTo(theirs.storageClass());

        // the namesake's own pass (its own incarnation) still applies
        assertThat(store().lifecycle().deleteVersions(List.of(new LifecycleRepository.VersionRef(IB, "k", ObjectVersion.NULL_VERSION,
                theirs.seq(), namesake.incarnation())), T0).applied()).containsExactly(true);
    }
}
