package io.cosd.store.meta;

import io.cosd.domain.bucket.AzType;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Account;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.object.UploadedPart;
import io.cosd.store.meta.BucketRepository.CreateResult;
import io.cosd.store.meta.BucketRepository.DeleteResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public interface BucketContract extends StoreFixture {
    private Bucket newBucket(Account owner, String name) {
        return new Bucket(name, owner.rootUin(), owner.appId(), "ap-guangzhou", T0, VersioningState.UNVERSIONED);
    }

    @Test
    default void aCreatedBucketCanBeFoundAndListedByItsOwner() {
        Account a = account("100000000001", "1250000000");
        Bucket b2 = newBucket(a, "photos-1250000000");
        Bucket b1 = newBucket(a, "docs-1250000000");
        assertThat(store().buckets().create(b2)).isEqualTo(CreateResult.CREATED);
        assertThat(store().buckets().create(b1)).isEqualTo(CreateResult.CREATED);
        // the store draws each row's incarnation (AUTH-13): everything else is as created
        assertThat(store().buckets().find("photos-1250000000")).get().usingRecursiveComparison()
                .ignoringFields("incarnation").isEqualTo(b2);
        assertThat(store().buckets().find("none-1250000000")).isEmpty();
        assertThat(store().buckets().listByOwner(a.rootUin())).usingRecursiveFieldByFieldElementComparatorIgnoringFields("incarnation")
                .containsExactly(b1, b2);
        assertThat(store().buckets().listByOwner("100000000009")).isEmpty();
    }

    @Test
    default void aBucketKeepsItsAzTypeAndOldStyleBucketsAreSingleAz_REP_V9() {
        Account a = account("100000000001", "1250000000");
        Bucket maz = new Bucket("multi-1250000000", a.rootUin(), a.appId(), "ap-guangzhou", T0, VersioningState.UNVERSIONED, AzType.MAZ);
        store().buckets().create(maz);
        store().buckets().create(newBucket(a, "single-1250000000"));
        assertThat(store().buckets().find("multi-1250000000").map(Bucket::az)).contains(AzType.MAZ);
        assertThat(store().buckets().find("single-1250000000").map(Bucket::az)).contains(AzType.OAZ);
        store().buckets().setVersioning("multi-1250000000", VersioningState.ENABLED);
        assertThat(store().buckets().listByOwner(a.rootUin())).extracting(Bucket::az).containsExactly(AzType.MAZ, AzType.OAZ);
    }

    /**
     * SC-C7: however a store remembers bucket rows (PostgreSQL: BucketRows and the change feed; SQLite:
     * the memos checked against the WAL-index header), a lookup repeated while nothing changed answers
     * the same row, and one after this store's own versioning change, deletion or re-creation by another
     * owner answers the new state at once. Looked up on a request's own (virtual) thread, as a PUT does.
     */
    @Test
    default void aRepeatedLookupOfABucketSeesEachOfTheStoresOwnChangesAtOnce_SC_C7() throws Exception {
        Account a = account("100000000001", "1250000000");
        Account other = account("100000000002", "1250000002");
        String name = "looked-1250000000";
        store().buckets().create(newBucket(a, name));
        java.util.function.Supplier<java.util.Optional<Bucket>> lookup = () -> {
            try (ExecutorService request = Executors.newVirtualThreadPerTaskExecutor()) {
                return request.submit(() -> store().buckets().find(name)).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        Bucket first = lookup.get().orElseThrow();
        assertThat(lookup.get()).contains(first);
        store().buckets().setVersioning(name, VersioningState.ENABLED);
        assertThat(lookup.get().map(Bucket::versioning)).contains(VersioningState.ENABLED);
        store().buckets().delete(name);
        assertThat(lookup.get()).isEmpty();
        store().buckets().create(newBucket(other, name));
        assertThat(lookup.get().map(Bucket::ownerUin)).contains(other.rootUin());
        assertThat(lookup.get().map(Bucket::versioning)).contains(VersioningState.UNVERSIONED);
    }

    @Test
    default void creatingAnExistingBucketTellsTheSameOwnerFromAnother() {
        Account a = account("100000000001", "1250000000");
        Account other = account("100000000002", "1250000002");
        store().buckets().create(newBucket(a, "x-1250000000"));
        assertThat(store().buckets().create(newBucket(a, "x-1250000000"))).isEqualTo(CreateResult.EXISTS_SAME_OWNER);
        Bucket theirs = new Bucket("x-1250000000", other.rootUin(), other.appId(), "ap-beijing", T0, VersioningState.UNVERSIONED);
        assertThat(store().buckets().create(theirs)).isEqualTo(CreateResult.EXISTS_OTHER_OWNER);
        assertThat(store().buckets().find("x-1250000000").map(Bucket::ownerUin)).contains(a.rootUin());
    }

    @Test
    default void ofTwoConcurrentCreatesOfOneNameExactlyOneIsCreated() throws Exception {
        Account a = account("100000000001", "1250000000");
        Account other = account("100000000002", "1250000002");
        for (int round = 0; round < 20; round++) {
            String name = "race" + round + "-1250000000";
            CountDownLatch start = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                List<Future<CreateResult>> results = new ArrayList<>();
                for (Account owner : List.of(a, other)) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return store().buckets().create(newBucket(owner, name));
                    }));
                }
                start.countDown();
                List<CreateResult> got = new ArrayList<>();
                for (Future<CreateResult> f : results) got.add(f.get());
                assertThat(got).containsOnlyOnce(CreateResult.CREATED).contains(CreateResult.EXISTS_OTHER_OWNER);
            }
        }
    }

    @Test
    default void deletingReportsNotFoundAndNotEmpty() {
        Bucket b = bucket("del-1250000000", VersioningState.UNVERSIONED);
        assertThat(store().buckets().delete("nope-1250000000")).isEqualTo(DeleteResult.NOT_FOUND);
        store().objects().put(draft(b.name(), "k", "null"), VersioningState.UNVERSIONED);
        assertThat(store().buckets().delete(b.name())).isEqualTo(DeleteResult.NOT_EMPTY);
        store().objects().deleteCurrent(b.name(), "k", VersioningState.UNVERSIONED, null, T0);
        store().buckets().putConfig(b.name(), ConfigKind.CORS, "<CORSConfiguration/>");
        assertThat(store().buckets().delete(b.name())).isEqualTo(DeleteResult.DELETED);
        assertThat(store().buckets().find(b.name())).isEmpty();
        assertThat(store().buckets().delete(b.name())).isEqualTo(DeleteResult.NOT_FOUND);
    }

    @Test
    default void deletingAbortingUploadsRemovesTheUploadsAndReturnsTheirPartBlobsButNeverDeletesObjects() {
        Bucket b = bucket("abort-1250000000", VersioningState.UNVERSIONED);
        var u = new MultipartUpload("up1", b.name(), "big", T0, StorageClass.STANDARD,
                ContentHeaders.ofType("text/plain"), Map.of(), Map.of(), "100000000001");
        store().uploads().create(u);
        var p1 = new UploadedPart(1, 5, "\"p1\"", StoreFixture.newBlobId(), T0);
        var p2 = new UploadedPart(2, 5, "\"p2\"", StoreFixture.newBlobId(), T0);
        store().uploads().putPart(b.name(), "big", "up1", p1);
        store().uploads().putPart(b.name(), "big", "up1", p2);
        assertThat(store().buckets().delete(b.name())).isEqualTo(DeleteResult.NOT_EMPTY);

        store().objects().put(draft(b.name(), "k", "null"), VersioningState.UNVERSIONED);
        assertThat(store().buckets().deleteAbortingUploads(b.name()))
                .isEqualTo(new BucketRepository.Deleted(DeleteResult.NOT_EMPTY, List.of()));
        assertThat(store().uploads().find(b.name(), "big", "up1")).isPresent();

        store().objects().deleteCurrent(b.name(), "k", VersioningState.UNVERSIONED, null, T0);
        var d = store().buckets().deleteAbortingUploads(b.name());
        assertThat(d.result()).isEqualTo(DeleteResult.DELETED);
        assertThat(d.releasedBlobs()).containsExactlyInAnyOrder(p1.blobId(), p2.blobId());
        assertThat(store().buckets().find(b.name())).isEmpty();
        assertThat(store().uploads().find(b.name(), "big", "up1")).isEmpty();
        // An UploadPart that streamed meanwhile finds no upload and stores nothing.
        var late = new UploadedPart(3, 5, "\"p3\"", StoreFixture.newBlobId(), T0);
        assertThat(store().uploads().putPart(b.name(), "big", "up1", late).stored()).isFalse();
        assertThat(store().buckets().deleteAbortingUploads(b.name()).result()).isEqualTo(DeleteResult.NOT_FOUND);
    }

    @Test
    default void aBucketWithOnlyADeleteMarkerIsNotEmpty() {
        Bucket b = bucket("dm-1250000000", VersioningState.ENABLED);
        store().objects().deleteCurrent(b.name(), "gone", VersioningState.ENABLED, StoreFixture.newVersionId(), T0);
        assertThat(store().buckets().delete(b.name())).isEqualTo(DeleteResult.NOT_EMPTY);
    }

    @Test
    default void aBucketCreatedWithConfigurationsHasThemAndAnExistingNameGetsNone_BT_6() {
        Account a = account("100000000001", "1250000000");
        Account other = account("100000000002", "1250000002");
        assertThat(store().buckets().create(newBucket(a, "tagged-1250000000"), Map.of(ConfigKind.TAGGING, "<Tagging/>")))
                .isEqualTo(CreateResult.CREATED);
        assertThat(store().buckets().config("tagged-1250000000", ConfigKind.TAGGING)).contains("<Tagging/>");
        // a create that finds the name taken writes none of its documents over the existing bucket's
        assertThat(store().buckets().create(newBucket(other, "tagged-1250000000"), Map.of(ConfigKind.TAGGING, "<Tagging>x</Tagging>",
                ConfigKind.CORS, "<CORSConfiguration/>"))).isEqualTo(CreateResult.EXISTS_OTHER_OWNER);
        assertThat(store().buckets().config("tagged-1250000000", ConfigKind.TAGGING)).contains("<Tagging/>");
        assertThat(store().buckets().config("tagged-1250000000", ConfigKind.CORS)).isEmpty();
    }

    @Test
    default void aRecreatedBucketDoesNotInheritTheOldConfig() {
        Bucket b = bucket("cfg-1250000000", VersioningState.UNVERSIONED);
        store().buckets().putConfig(b.name(), ConfigKind.POLICY, "{}");
        store().buckets().delete(b.name());
        store().buckets().create(b);
        assertThat(store().buckets().config(b.name(), ConfigKind.POLICY)).isEmpty();
    }

    @Test
    default void versioningStateCanBeChanged() {
        Bucket b = bucket("ver-1250000000", VersioningState.UNVERSIONED);
        assertThat(store().buckets().setVersioning(b.name(), VersioningState.ENABLED)).isTrue();
        assertThat(store().buckets().find(b.name()).map(Bucket::versioning)).contains(VersioningState.ENABLED);
        assertThat(store().buckets().setVersioning("none-1250000000", VersioningState.ENABLED)).isFalse();
    }

    @Test
    default void configDocumentsArePutReplacedReadAndDeletedPerKind() {
        Bucket b = bucket("cors-1250000000", VersioningState.UNVERSIONED);
        assertThat(store().buckets().config(b.name(), ConfigKind.CORS)).isEmpty();
        store().buckets().putConfig(b.name(), ConfigKind.CORS, "<a/>");
        store().buckets().putConfig(b.name(), ConfigKind.CORS, "<b>中</b>");
        store().buckets().putConfig(b.name(), ConfigKind.LIFECYCLE, "<l/>");
        assertThat(store().buckets().config(b.name(), ConfigKind.CORS)).contains("<b>中</b>");
        assertThat(store().buckets().deleteConfig(b.name(), ConfigKind.CORS)).isTrue();
        assertThat(store().buckets().deleteConfig(b.name(), ConfigKind.CORS)).isFalse();
        assertThat(store().buckets().config(b.name(), ConfigKind.CORS)).isEmpty();
        assertThat(store().buckets().config(b.name(), ConfigKind.LIFECYCLE)).contains("<l/>");
    }

    @Test
    default void configForAMissingBucketIsAConflict() {
        account("100000000001", "1250000000");
        assertThatThrownBy(() -> store().buckets().putConfig("none-1250000000", ConfigKind.CORS, "<a/>"))
                .isInstanceOf(ConflictException.class);
    }
}
