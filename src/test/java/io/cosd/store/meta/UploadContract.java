package io.cosd.store.meta;

import io.cosd.domain.acl.Acl;
import io.cosd.domain.acl.CannedAcl;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.object.UploadedPart;
import io.cosd.store.meta.UploadRepository.CompleteStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cosd.domain.bucket.VersioningState.UNVERSIONED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link UploadRepository} contract. */
public interface UploadContract extends StoreFixture {
    String MB = "mpu-1250000000";

    private UploadRepository uploads() { return store().uploads(); }

    private MultipartUpload upload(String id, String key) {
        var u = new MultipartUpload(id, MB, key, T0, StorageClass.STANDARD_IA, ContentHeaders.ofType("text/plain"),
                Map.of("author", "me"), Map.of("k", "v"), "100000000001");
        uploads().create(u);
        return u;
    }

    private static UploadedPart part(int n, long size) {
        return new UploadedPart(n, size, "\"" + "%032x".formatted(n) + "\"", StoreFixture.newBlobId(), T0);
    }

    private static ObjectVersion multipartDraft(String key, List<UploadedPart> parts) {
        long size = parts.stream().mapToLong(UploadedPart::size).sum();
        return ObjectVersion.builder(MB, key).latest(true).size(size).etag("\"x-" + parts.size() + "\"")
                .storageClass(StorageClass.STANDARD_IA).content(ContentHeaders.ofType("text/plain"))
                .partsCount(parts.size()).lastModified(T0).build();
    }

    @Test
    default void anUploadIsFoundOnlyUnderItsOwnBucketAndKey() {
        bucket(MB, UNVERSIONED);
        MultipartUpload u = upload("u1", "k");
        assertThat(uploads().find(MB, "k", "u1")).contains(u);
        assertThat(uploads().find(MB, "other", "u1")).isEmpty();
        assertThat(uploads().find("other-1250000000", "k", "u1")).isEmpty();
        assertThatThrownBy(() -> uploads().create(new MultipartUpload("u2", "nobucket-1250000000", "k", T0,
                StorageClass.STANDARD, ContentHeaders.ofType("a/b"), Map.of(), Map.of(), null))).isInstanceOf(ConflictException.class);
    }

    @Test
    default void anUploadKeepsTheAclItsObjectWillGet_ACL_S1() {
        bucket(MB, UNVERSIONED);
        Acl acl = CannedAcl.PUBLIC_READ.toAcl("100000000001", "100000000001");
        var u = new MultipartUpload("u9", MB, "k", T0, StorageClass.STANDARD, ContentHeaders.ofType("a/b"), Map.of(), Map.of(),
                "100000000001", acl);
        uploads().create(u);
        assertThat(uploads().find(MB, "k", "u9").orElseThrow().acl()).isEqualTo(acl);
        assertThat(upload("u1", "k").acl()).isNull();
        assertThat(uploads().find(MB, "k", "u1").orElseThrow().acl()).isNull();
    }

    @Test
    default void putPartReplacesTheSameNumberAndReturnsTheOldBlob() {
        bucket(MB, UNVERSIONED);
        upload("u1", "k");
        UploadedPart a = part(1, 10), b = part(1, 20);
        assertThat(uploads().putPart(MB, "k", "u1", a)).isEqualTo(new UploadRepository.PutPartOutcome(true, List.of()));
        assertThat(uploads().putPart(MB, "k", "u1", b).releasedBlobs()).containsExactly(a.blobId());
        assertThat(uploads().listParts("u1", 0, 10)).containsExactly(b);
    }

    @Test
    default void putPartOnAMissingUploadStoresNothing() {
        bucket(MB, UNVERSIONED);
        upload("u1", "k");
        UploadedPart p = part(1, 10);
        assertThat(uploads().putPart(MB, "k", "nope", p).stored()).isFalse();
        assertThat(uploads().putPart(MB, "other-key", "u1", p).stored()).isFalse();
        assertThat(uploads().listParts("u1", 0, 10)).isEmpty();
        assertThat(store().referencedBlobs(List.of(p.blobId()))).isEmpty();
    }

    @Test
    default void listPartsPagesByPartNumberMarker() {
        bucket(MB, UNVERSIONED);
        upload("u1", "k");
        for (int n : List.of(3, 1, 2, 10)) uploads().putPart(MB, "k", "u1", part(n, n));
        assertThat(uploads().listParts("u1", 0, 2)).extracting(UploadedPart::partNumber).containsExactly(1, 2);
        assertThat(uploads().listParts("u1", 2, 5)).extracting(UploadedPart::partNumber).containsExactly(3, 10);
        assertThat(uploads().listParts("u1", 10, 5)).isEmpty();
    }

    @Test
    default void listOrdersByKeyThenUploadIdAndResumesAfterAMarkerPair() {
        bucket(MB, UNVERSIONED);
        upload("002", "b");
        upload("001", "b");
        upload("003", "a");
        upload("004", "c/d");
        upload("005", "z");
        assertThat(uploads().list(MB, "", null, null, 10)).extracting(u -> u.key() + "#" + u.uploadId())
                .containsExactly("a#003", "b#001", "b#002", "c/d#004", "z#005");
        assertThat(uploads().list(MB, "", "b", "001", 10)).extracting(MultipartUpload::uploadId).containsExactly("002", "004", "005");
        assertThat(uploads().list(MB, "", "b", null, 10)).extracting(MultipartUpload::uploadId).containsExactly("004", "005");
        assertThat(uploads().list(MB, "c/", null, null, 10)).extracting(MultipartUpload::key).containsExactly("c/d");
        assertThat(uploads().list(MB, "", null, null, 2)).hasSize(2);
    }

    @Test
    default void abortRemovesTheUploadAndReturnsEveryPartBlob() {
        bucket(MB, UNVERSIONED);
        upload("u1", "k");
        UploadedPart a = part(1, 10), b = part(2, 10);
        uploads().putPart(MB, "k", "u1", a);
        uploads().putPart(MB, "k", "u1", b);
        assertThat(store().referencedBlobs(List.of(a.blobId(), b.blobId()))).containsExactlyInAnyOrder(a.blobId(), b.blobId());
        assertThat(uploads().abort(MB, "k", "u1")).contains(List.of(a.blobId(), b.blobId()));
        assertThat(uploads().find(MB, "k", "u1")).isEmpty();
        assertThat(uploads().listParts("u1", 0, 10)).isEmpty();
        assertThat(uploads().abort(MB, "k", "u1")).isEmpty();
        assertThat(store().referencedBlobs(List.of(a.blobId(), b.blobId()))).isEmpty();
    }

    @Test
    default void partCrc64sSurviveListingAndCompletionAndTheVersionKeepsItsOwn() {
        bucket(MB, UNVERSIONED);
        upload("u1", "k");
        // 0x995DC9BBDF1939FA is above 2^63 - 1: stored as a negative BIGINT, read back unchanged.
        UploadedPart a = withCrc(part(1, 10), 0x995DC9BBDF1939FAL), b = part(2, 20); // b: a part without one
        uploads().putPart(MB, "k", "u1", a);
        uploads().putPart(MB, "k", "u1", b);
        assertThat(uploads().listParts("u1", 0, 10)).extracting(UploadedPart::crc64).containsExactly(0x995DC9BBDF1939FAL, null);
        ObjectVersion d = multipartDraft("k", List.of(a, b));
        d = d.toBuilder().seq(0).latest(true).deleteMarker(false).replicationStatus(null).blobId(null).partsCount(2)
                .noncurrentSince(null).crc64(42L).build();
        ObjectVersion v = uploads().complete("u1", List.of(a, b), d, UNVERSIONED).stored();
        assertThat(v.crc64()).isEqualTo(42L);
        assertThat(store().objects().latest(MB, "k").orElseThrow().crc64()).isEqualTo(42L);
        assertThat(uploads().objectParts(MB, "k", "null", v.seq()).orElseThrow()).extracting(UploadedPart::crc64)
                .containsExactly(0x995DC9BBDF1939FAL, null);
    }

    private static UploadedPart withCrc(UploadedPart p, long crc) {
        return new UploadedPart(p.partNumber(), p.size(), p.etag(), p.blobId(), p.lastModified(), crc);
    }

    @Test
    default void completeMovesChosenPartsToTheObjectAndReleasesTheRest() {
        bucket(MB, UNVERSIONED);
        upload("u1", "k");
        UploadedPart a = part(1, 10), b = part(2, 20), c = part(3, 30);
        for (UploadedPart p : List.of(a, b, c)) uploads().putPart(MB, "k", "u1", p);
        var out = uploads().complete("u1", List.of(a, c), multipartDraft("k", List.of(a, c)), UNVERSIONED);
        assertThat(out.status()).isEqualTo(CompleteStatus.COMPLETED);
        assertThat(out.releasedBlobs()).containsExactly(b.blobId());
        ObjectVersion v = store().objects().latest(MB, "k").orElseThrow();
        assertThat(v).isEqualTo(out.stored());
        assertThat(v.blobId()).isNull();
        assertThat(v.partsCount()).isEqualTo(2);
        assertThat(v.size()).isEqualTo(40);
        assertThat(uploads().objectParts(MB, "k", "null", v.seq()).orElseThrow())
                .extracting(p -> p.partNumber() + ":" + p.blobId() + ":" + p.size())
                .containsExactly("1:" + a.blobId() + ":10", "3:" + c.blobId() + ":30");
        assertThat(uploads().find(MB, "k", "u1")).isEmpty();
        assertThat(store().referencedBlobs(List.of(a.blobId(), b.blobId(), c.blobId()))).containsExactlyInAnyOrder(a.blobId(), c.blobId());
        assertThat(uploads().complete("u1", List.of(a), multipartDraft("k", List.of(a)), UNVERSIONED).status())
                .isEqualTo(CompleteStatus.NO_SUCH_UPLOAD);
    }

    @Test
    default void replacingOrDeletingAMultipartObjectReleasesAllItsPartBlobs() {
        bucket(MB, UNVERSIONED);
        upload("u1", "k");
        UploadedPart a = part(1, 10), b = part(2, 20);
        uploads().putPart(MB, "k", "u1", a);
        uploads().putPart(MB, "k", "u1", b);
        ObjectVersion v = uploads().complete("u1", List.of(a, b), multipartDraft("k", List.of(a, b)), UNVERSIONED).stored();
        var put = store().objects().put(draft(MB, "k", "null"), UNVERSIONED);
        assertThat(put.releasedBlobs()).containsExactlyInAnyOrder(a.blobId(), b.blobId());
        assertThat(uploads().objectParts(MB, "k", "null", v.seq())).isEmpty();

        upload("u2", "k");
        UploadedPart c = part(1, 10);
        uploads().putPart(MB, "k", "u2", c);
        var done = uploads().complete("u2", List.of(c), multipartDraft("k", List.of(c)), UNVERSIONED);
        assertThat(done.releasedBlobs()).containsExactly(put.stored().blobId()); // the replaced simple object
        var del = store().objects().deleteCurrent(MB, "k", UNVERSIONED, null, T0);
        assertThat(del.releasedBlobs()).containsExactly(c.blobId());
    }

    @Test
    default void completeIsRefusedWholeWhenAPartWasReplacedMeanwhile() {
        bucket(MB, UNVERSIONED);
        upload("u1", "k");
        UploadedPart a = part(1, 10), a2 = part(1, 11);
        uploads().putPart(MB, "k", "u1", a);
        uploads().putPart(MB, "k", "u1", a2);
        var out = uploads().complete("u1", List.of(a), multipartDraft("k", List.of(a)), UNVERSIONED);
        assertThat(out.status()).isEqualTo(CompleteStatus.PARTS_CHANGED);
        assertThat(out.releasedBlobs()).isEmpty();
        assertThat(store().objects().latest(MB, "k")).isEmpty();
        assertThat(uploads().listParts("u1", 0, 10)).containsExactly(a2);
    }

    /** Every part either lands in the upload (and abort returns its blob) or is refused: no row of a dead upload. */
    @Test
    default void partsRacingAnAbortAreEitherReleasedByTheAbortOrRefused() throws Exception {
        bucket(MB, UNVERSIONED);
        upload("u1", "k");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<UploadRepository.PutPartOutcome>> puts = new ArrayList<>();
            List<UploadedPart> parts = new ArrayList<>();
            for (int n = 1; n <= 40; n++) {
                UploadedPart p = part(n, n);
                parts.add(p);
                puts.add(pool.submit(() -> {
                    go.await();
                    return uploads().putPart(MB, "k", "u1", p);
                }));
            }
            Future<Optional<List<String>>> abort = pool.submit(() -> {
                go.await();
                Thread.sleep(2);
                return uploads().abort(MB, "k", "u1");
            });
            go.countDown();
            Set<String> released = new HashSet<>(abort.get().orElseThrow());
            for (int i = 0; i < parts.size(); i++) {
                boolean stored = puts.get(i).get().stored();
                assertThat(released.contains(parts.get(i).blobId())).as("part %d", i + 1).isEqualTo(stored);
            }
            assertThat(uploads().listParts("u1", 0, 100)).isEmpty();
            assertThat(store().referencedBlobs(parts.stream().map(UploadedPart::blobId).toList())).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void anUploadInitiatedInABucketDeletedMeanwhileIsNoSuchBucketAndStoresNothing() {
        bucket(MB, UNVERSIONED);
        store().buckets().delete(MB);
        assertThatThrownBy(() -> upload("u1", "k")).isInstanceOf(NoSuchBucketException.class);
        assertThat(uploads().list(MB, "", null, null, 10)).isEmpty();
    }

    @Test
    default void aCompletionIsRememberedWithTheVersionItMadeUntilItsBucketIsDeleted() {
        bucket(MB, UNVERSIONED);
        upload("u1", "k");
        UploadedPart a = part(1, 10);
        uploads().putPart(MB, "k", "u1", a);
        ObjectVersion v = uploads().complete("u1", List.of(a), multipartDraft("k", List.of(a)), UNVERSIONED).stored();
        var done = uploads().completed(MB, "k", "u1").orElseThrow();
        assertThat(done.versionId()).isEqualTo(v.versionId());
        assertThat(done.seq()).isEqualTo(v.seq());
        assertThat(uploads().completed(MB, "other", "u1")).isEmpty();
        assertThat(uploads().find(MB, "k", "u1")).isEmpty(); // no longer an upload in progress
        store().objects().deleteVersion(MB, "k", v.versionId());
        assertThat(store().buckets().delete(MB)).isEqualTo(BucketRepository.DeleteResult.DELETED);
        bucket(MB, UNVERSIONED);
        assertThat(uploads().completed(MB, "k", "u1")).isEmpty();
    }

    @Test
    default void completionsOlderThanTheRetentionAreForgottenByLaterCompletions() {
        bucket(MB, UNVERSIONED);
        upload("old", "k1");
        UploadedPart a = part(1, 10), b = part(1, 10);
        uploads().putPart(MB, "k1", "old", a);
        uploads().complete("old", List.of(a), multipartDraft("k1", List.of(a)), UNVERSIONED);
        upload("new", "k2");
        uploads().putPart(MB, "k2", "new", b);
        var d = multipartDraft("k2", List.of(b));
        var later = ObjectVersion.builder(MB, "k2").versionId(d.versionId()).latest(true).size(d.size()).etag(d.etag())
                .storageClass(d.storageClass()).content(d.content()).partsCount(1)
                .lastModified(T0.plus(UploadRepository.COMPLETION_RETENTION).plusSeconds(1)).build();
        uploads().complete("new", List.of(b), later, UNVERSIONED);
        assertThat(uploads().completed(MB, "k1", "old")).isEmpty();
        assertThat(uploads().completed(MB, "k2", "new")).isPresent();
    }
}
