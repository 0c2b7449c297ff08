package io.cosd.store.meta;

import io.cosd.domain.Refusal;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.DeleteCondition;
import io.cosd.domain.object.MultipartUpload;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.domain.object.UploadedPart;
import io.cosd.domain.object.WriteCondition;
import io.cosd.store.meta.UploadRepository.CompleteStatus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cosd.domain.bucket.VersioningState.ENABLED;
import static io.cosd.domain.bucket.VersioningState.UNVERSIONED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store's half of conditional writes and deletes (docs/spec/semantics.md §2.8): the condition is
 * checked in the transaction that writes, so a refused write changes nothing and of racing
 * create-only writers exactly one commits (OBJ-CW3, OBJ-CD3).
 */
public interface ConditionalWriteContract extends StoreFixture {
    String CB = "cond-1250000000";
    WriteCondition CREATE_ONLY = new WriteCondition(true, null, null);

    private ObjectRepository objects() { return store().objects(); }

    private static Refusal.Reason reason(Throwable t) {
        return ((Refusal) t).reason();
    }

    private ObjectVersion putWith(String key, String versionId, String etag, WriteCondition c) {
        ObjectVersion d = draft(CB, key, versionId).toBuilder().etag(etag).build();
        return objects().put(d, versionId.equals("null") ? UNVERSIONED : ENABLED, null, c).stored();
    }

    @Test
    default void aCreateOnlyPutCommitsOnceAndTheSecondIsRefusedLeavingTheFirstCurrent_OBJ_CW3() {
        bucket(CB, UNVERSIONED);
        ObjectVersion first = putWith("k", "null", "\"e1\"", CREATE_ONLY);
        assertThatThrownBy(() -> putWith("k", "null", "\"e2\"", CREATE_ONLY))
                .isInstanceOf(Refusal.class).satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.PRECONDITION_FAILED));
        assertThat(objects().latest(CB, "k")).contains(first);
        assertThat(store().referencedBlobs(List.of(first.blobId()))).containsExactly(first.blobId());
    }

    @Test
    default void ifMatchReplacesOnlyTheVersionWithThatEtagAndNeedsAnObject_OBJ_CW1() {
        bucket(CB, UNVERSIONED);
        assertThatThrownBy(() -> putWith("k", "null", "\"e1\"", new WriteCondition(false, "\"e0\"", null)))
                .satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.NO_SUCH_KEY));
        assertThat(objects().latest(CB, "k")).isEmpty();
        putWith("k", "null", "\"e1\"", WriteCondition.NONE);
        assertThatThrownBy(() -> putWith("k", "null", "\"e2\"", new WriteCondition(false, "\"other\"", null)))
                .satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.PRECONDITION_FAILED));
        assertThat(objects().latest(CB, "k").orElseThrow().etag()).isEqualTo("\"e1\"");
        putWith("k", "null", "\"e2\"", new WriteCondition(false, "e1", null)); // quotes optional
        assertThat(objects().latest(CB, "k").orElseThrow().etag()).isEqualTo("\"e2\"");
    }

    @Test
    default void aCurrentDeleteMarkerIsNoObjectForAWriteCondition_OBJ_CW2() {
        bucket(CB, ENABLED);
        putWith("k", "v1", "\"e1\"", WriteCondition.NONE);
        objects().deleteCurrent(CB, "k", ENABLED, "m1", T0);
        assertThatThrownBy(() -> putWith("k", "v2", "\"e2\"", new WriteCondition(false, "*", null)))
                .satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.NO_SUCH_KEY));
        ObjectVersion v3 = putWith("k", "v3", "\"e3\"", CREATE_ONLY);
        assertThat(objects().latest(CB, "k")).contains(v3);
        assertThat(objects().version(CB, "k", "v2")).isEmpty();
    }

    @Test
    default void aVersionCommittedAfterTheWriteBeganIsAConflictNotAPlainFailure_OBJ_CW4() {
        bucket(CB, UNVERSIONED);
        putWith("k", "null", "\"e1\"", WriteCondition.NONE); // lastModified T0
        assertThatThrownBy(() -> putWith("k", "null", "\"e2\"", CREATE_ONLY.since(T0.minusSeconds(1))))
                .satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.CONDITIONAL_CONFLICT));
        assertThatThrownBy(() -> putWith("k", "null", "\"e2\"", CREATE_ONLY.since(T0)))
                .satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.PRECONDITION_FAILED));
    }

    @Test
    default void ofManyRacingCreateOnlyPutsExactlyOneCommits_OBJ_CW3() throws Exception {
        bucket(CB, ENABLED);
        int n = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ObjectVersion>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                String vid = "v" + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return putWith("hot", vid, "\"" + vid + "\"", CREATE_ONLY);
                }));
            }
            start.countDown();
            List<ObjectVersion> won = new ArrayList<>();
            int refused = 0;
            for (Future<ObjectVersion> f : futures) {
                try {
                    won.add(f.get());
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(Refusal.class);
                    refused++;
                }
            }
            assertThat(won).hasSize(1);
            assertThat(refused).isEqualTo(n - 1);
            assertThat(objects().latest(CB, "hot")).contains(won.get(0));
            assertThat(objects().listVersions(CB, "hot", null, Long.MIN_VALUE, 100)).containsExactly(won.get(0));
        }
    }

    @Test
    default void aRefusedCompletionChangesNothingAndTheUploadStays_OBJ_CW3() {
        bucket(CB, UNVERSIONED);
        ObjectVersion existing = putWith("k", "null", "\"e1\"", WriteCondition.NONE);
        store().uploads().create(new MultipartUpload("u1", CB, "k", T0, StorageClass.STANDARD, ContentHeaders.ofType("text/plain"),
                Map.of(), Map.of(), "100000000001"));
        UploadedPart p = new UploadedPart(1, 10, "\"p1\"", StoreFixture.newBlobId(), T0);
        store().uploads().putPart(CB, "k", "u1", p);
        ObjectVersion draft = ObjectVersion.builder(CB, "k").latest(true).size(10).etag("\"m-1\"").partsCount(1).lastModified(T0).build();
        assertThatThrownBy(() -> store().uploads().complete("u1", List.of(p), draft, UNVERSIONED, null, CREATE_ONLY))
                .satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.PRECONDITION_FAILED));
        assertThat(objects().latest(CB, "k")).contains(existing);
        assertThat(store().uploads().find(CB, "k", "u1")).isPresent();
        assertThat(store().uploads().listParts("u1", 0, 10)).extracting(UploadedPart::blobId).containsExactly(p.blobId());
        var ok = store().uploads().complete("u1", List.of(p), draft, UNVERSIONED, null, new WriteCondition(false, "\"e1\"", null));
        assertThat(ok.status()).isEqualTo(CompleteStatus.COMPLETED);
        assertThat(objects().latest(CB, "k").orElseThrow().etag()).isEqualTo("\"m-1\"");
    }

    @Test
    default void aConditionalDeleteRemovesOnlyWhatMatchesAndLeavesAMissingKeyAlone_OBJ_CD2_OBJ_CD3() {
        bucket(CB, UNVERSIONED);
        ObjectVersion v = putWith("k", "null", "\"e1\"", WriteCondition.NONE); // size 5, T0
        for (DeleteCondition wrong : List.of(new DeleteCondition("\"e2\"", null, null), new DeleteCondition(null, T0.plusSeconds(1), null),
                new DeleteCondition(null, null, 6L), new DeleteCondition("\"e1\"", null, 6L))) {
            assertThatThrownBy(() -> objects().deleteCurrent(CB, "k", UNVERSIONED, null, T0, null, wrong))
                    .satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.PRECONDITION_FAILED));
            assertThat(objects().latest(CB, "k")).contains(v);
        }
        var out = objects().deleteCurrent(CB, "k", UNVERSIONED, null, T0, null, new DeleteCondition("\"e1\"", T0.plusMillis(500), 5L));
        assertThat(out.removed()).contains(v);
        assertThat(out.releasedBlobs()).containsExactly(v.blobId());
        var none = objects().deleteCurrent(CB, "k", UNVERSIONED, null, T0, null, new DeleteCondition("\"e1\"", null, null));
        assertThat(none.removed()).isEmpty();
        assertThat(none.marker()).isEmpty();
    }

    @Test
    default void aConditionalDeleteInAVersionedBucketAddsNoMarkerOverAMissingKeyAndMatchesAMarkerOnlyByStar_OBJ_CD2() {
        bucket(CB, ENABLED);
        var none = objects().deleteCurrent(CB, "k", ENABLED, "m0", T0, null, new DeleteCondition("*", null, null));
        assertThat(none.marker()).isEmpty();
        assertThat(objects().latest(CB, "k")).isEmpty();
        putWith("k", "v1", "\"e1\"", WriteCondition.NONE);
        var marked = objects().deleteCurrent(CB, "k", ENABLED, "m1", T0, null, new DeleteCondition("\"e1\"", null, null));
        assertThat(marked.marker()).isPresent();
        assertThatThrownBy(() -> objects().deleteCurrent(CB, "k", ENABLED, "m2", T0, null, new DeleteCondition("\"e1\"", null, null)))
                .satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.PRECONDITION_FAILED));
        assertThat(objects().deleteCurrent(CB, "k", ENABLED, "m3", T0, null, new DeleteCondition("*", null, null)).marker()).isPresent();
        // by version id: the condition is the named version's
        assertThatThrownBy(() -> objects().deleteVersion(CB, "k", "v1", new DeleteCondition("\"e9\"", null, null)))
                .satisfies(t -> assertThat(reason(t)).isEqualTo(Refusal.Reason.PRECONDITION_FAILED));
        assertThat(objects().deleteVersion(CB, "k", "v1", new DeleteCondition("\"e1\"", null, 5L)).removed()).isPresent();
        assertThat(objects().deleteVersion(CB, "k", "v1", new DeleteCondition("\"e9\"", null, null)).removed()).isEmpty();
    }
}
