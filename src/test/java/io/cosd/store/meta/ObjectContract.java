package io.cosd.store.meta;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.acl.Acl;
import io.cosd.domain.acl.CannedAcl;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.VersionIds;
import io.cosd.domain.replication.ReplicationStatus;
import io.cosd.store.meta.ObjectRepository.DeleteOutcome;
import io.cosd.store.meta.ObjectRepository.PutOutcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.cosd.domain.bucket.VersioningState.ENABLED;
import static io.cosd.domain.bucket.VersioningState.SUSPENDED;
import static io.cosd.domain.bucket.VersioningState.UNVERSIONED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public interface ObjectContract extends StoreFixture {
    String B = "objs-1250000000";

    private ObjectRepository objects() { return store().objects(); }


    @Test
    default void anUnversionedPutStoresTheDraftAsTheLatestNullVersion() {
        bucket(B, UNVERSIONED);
        ObjectVersion d = draft(B, "a.txt", "null");
        PutOutcome out = objects().put(d, UNVERSIONED);
        assertThat(out.releasedBlobs()).isEmpty();
        assertThat(out.stored().latest()).isTrue();
        assertThat(out.stored().seq()).isPositive();
        ObjectVersion got = objects().latest(B, "a.txt").orElseThrow();
        assertThat(got).isEqualTo(out.stored());
        assertThat(got.userMetadata()).isEqualTo(Map.of("author", "me"));
        assertThat(got.content().contentType()).isEqualTo("text/plain");
        assertThat(got.blobId()).isEqualTo(d.blobId());
        assertThat(objects().version(B, "a.txt", "null")).contains(got);
    }

    @Test
    default void aVersionsCrc64IsStoredAsGivenAndAbsentStaysAbsent() {
        bucket(B, UNVERSIONED);
        ObjectVersion d = draft(B, "crc", "null");
        d = d.toBuilder().crc64(-1L).build(); // 2^64 - 1
        assertThat(objects().put(d, UNVERSIONED).stored().crc64()).isEqualTo(-1L);
        assertThat(objects().latest(B, "crc").orElseThrow().crc64()).isEqualTo(-1L);
        objects().put(draft(B, "nocrc", "null"), UNVERSIONED);
        assertThat(objects().latest(B, "nocrc").orElseThrow().crc64()).isNull();
    }

    @Test
    default void tagsKeepTheirInsertionOrder() {
        bucket(B, UNVERSIONED);
        var tags = new LinkedHashMap<String, String>();
        for (String k : List.of("z", "a", "m")) tags.put(k, k + "1");
        ObjectVersion d = draft(B, "t", "null");
        d = d.toBuilder().tags(tags).replicationStatus(ReplicationStatus.PENDING).partsCount(3).build();
        objects().put(d, UNVERSIONED);
        ObjectVersion got = objects().latest(B, "t").orElseThrow();
        assertThat(got.tags().keySet()).containsExactly("z", "a", "m");
        assertThat(got.replicationStatus()).isEqualTo(ReplicationStatus.PENDING);
        assertThat(got.partsCount()).isEqualTo(3);
    }

    @Test
    default void listVersionsOrdersKeysAndNewestFirstAndResumesInsideAKey() {
        bucket(B, ENABLED);
        objects().put(draft(B, "a", "a1"), ENABLED);
        objects().put(draft(B, "b", "b1"), ENABLED);
        objects().put(draft(B, "a", "a2"), ENABLED);
        objects().deleteCurrent(B, "a", ENABLED, "a3", Instant.now());
        objects().put(draft(B, "c/x", "c1"), ENABLED);
        List<ObjectVersion> all = objects().listVersions(B, "", null, 0, 100);
        assertThat(all).extracting(ObjectVersion::versionId).containsExactly("a3", "a2", "a1", "b1", "c1");
        assertThat(all).extracting(ObjectVersion::latest).containsExactly(true, false, false, true, true);
        ObjectVersion a2 = all.get(1);
        assertThat(objects().listVersions(B, "", "a", a2.seq(), 2)).extracting(ObjectVersion::versionId).containsExactly("a1", "b1");
        assertThat(objects().listVersions(B, "", "a", Long.MIN_VALUE, 10)).extracting(ObjectVersion::versionId).containsExactly("b1", "c1");
        assertThat(objects().listVersions(B, "c/", null, 0, 10)).extracting(ObjectVersion::versionId).containsExactly("c1");
        assertThat(objects().listVersions(B, "", "a", all.get(0).seq(), 1)).extracting(ObjectVersion::versionId).containsExactly("a2");
    }

    @Test
    default void setTagsReplacesTheTagsOfExactlyThatVersionInPlace() {
        bucket(B, ENABLED);
        ObjectVersion v1 = objects().put(draft(B, "k", "v1"), ENABLED).stored();
        ObjectVersion v2 = objects().put(draft(B, "k", "v2"), ENABLED).stored();
        var tags = new LinkedHashMap<String, String>();
        tags.put("b", "2");
        tags.put("a", "1");
        ObjectVersion got = objects().setTags(B, "k", "v1", tags).orElseThrow();
        assertThat(got.tags().keySet()).containsExactly("b", "a");
        assertThat(got.seq()).isEqualTo(v1.seq());
        assertThat(got.etag()).isEqualTo(v1.etag());
        assertThat(got.lastModified()).isEqualTo(v1.lastModified());
        assertThat(objects().version(B, "k", "v2").orElseThrow().tags()).isEqualTo(v2.tags());
        assertThat(objects().setTags(B, "k", "v1", Map.of()).orElseThrow().tags()).isEmpty();
    }

    @Test
    default void setTagsOnAMissingVersionOrADeleteMarkerChangesNothing() {
        bucket(B, ENABLED);
        objects().put(draft(B, "k", "v1"), ENABLED);
        ObjectVersion marker = objects().deleteCurrent(B, "k", ENABLED, "m1", Instant.now()).marker().orElseThrow();
        assertThat(objects().setTags(B, "k", "nope", Map.of("a", "1"))).isEmpty();
        assertThat(objects().setTags(B, "other", "v1", Map.of("a", "1"))).isEmpty();
        assertThat(objects().setTags(B, "k", marker.versionId(), Map.of("a", "1"))).isEmpty();
        assertThat(objects().version(B, "k", "m1").orElseThrow().tags()).isEmpty();
    }

    @Test
    default void aVersionKeepsTheAclItWasWrittenWithAndSetAclReplacesExactlyThatVersionsInPlace_ACL_S1() {
        bucket(B, ENABLED);
        Acl publicRead = CannedAcl.PUBLIC_READ.toAcl("100000000001", "100000000001");
        ObjectVersion v1 = objects().put(draft(B, "k", "v1").toBuilder().acl(publicRead).build(), ENABLED).stored();
        ObjectVersion v2 = objects().put(draft(B, "k", "v2"), ENABLED).stored();
        assertThat(v1.acl()).isEqualTo(publicRead);
        assertThat(objects().version(B, "k", "v1").orElseThrow().acl()).isEqualTo(publicRead);
        assertThat(v2.acl()).as("written without one: inherits the bucket's").isNull();
        Acl owner = Acl.ownerOnly("100000000001");
        ObjectVersion got = objects().setAcl(B, "k", "v2", owner).orElseThrow();
        assertThat(got.acl()).isEqualTo(owner);
        assertThat(got.seq()).isEqualTo(v2.seq());
        assertThat(got.etag()).isEqualTo(v2.etag());
        assertThat(objects().latest(B, "k").orElseThrow().acl()).isEqualTo(owner);
        assertThat(objects().version(B, "k", "v1").orElseThrow().acl()).isEqualTo(publicRead);
        assertThat(objects().setAcl(B, "k", "v1", null).orElseThrow().acl()).isNull();
        ObjectVersion marker = objects().deleteCurrent(B, "k", ENABLED, "m1", Instant.now()).marker().orElseThrow();
        assertThat(objects().setAcl(B, "k", marker.versionId(), owner)).isEmpty();
        assertThat(objects().setAcl(B, "k", "nope", owner)).isEmpty();
    }

    @Test
    default void anUnversionedOverwriteReplacesTheNullVersionAndReleasesItsBlob() {
        bucket(B, UNVERSIONED);
        ObjectVersion first = objects().put(draft(B, "k", "null"), UNVERSIONED).stored();
        PutOutcome second = objects().put(draft(B, "k", "null"), UNVERSIONED);
        assertThat(second.releasedBlobs()).containsExactly(first.blobId());
        assertThat(second.stored().seq()).isGreaterThan(first.seq());
        assertThat(objects().latest(B, "k").map(ObjectVersion::blobId)).contains(second.stored().blobId());
    }

    @Test
    default void theVersionIdMustFitTheVersioningMode() {
        bucket(B, ENABLED);
        assertThatThrownBy(() -> objects().put(draft(B, "k", "v1"), UNVERSIONED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> objects().put(draft(B, "k", "v1"), SUSPENDED)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> objects().put(draft(B, "k", "null"), ENABLED)).isInstanceOf(IllegalArgumentException.class);
        assertThat(objects().hasAny(B)).isFalse();
    }

    @Test
    default void aPutIntoAMissingBucketIsAConflict() {
        assertThatThrownBy(() -> objects().put(draft("none-1250000000", "k", "null"), UNVERSIONED))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    default void anEnabledPutKeepsThePreviousVersionAsNoncurrent() {
        bucket(B, ENABLED);
        ObjectVersion v1 = objects().put(draft(B, "k", "v1"), ENABLED).stored();
        ObjectVersion later = draft(B, "k", "v2");
        later = ObjectVersion.builder(B, "k").versionId("v2").size(1).etag("e").storageClass(later.storageClass())
                .content(later.content()).blobId(later.blobId()).lastModified(T0.plusSeconds(60)).build();
        PutOutcome out = objects().put(later, ENABLED);
        assertThat(out.releasedBlobs()).isEmpty();
        assertThat(objects().latest(B, "k").map(ObjectVersion::versionId)).contains("v2");
        ObjectVersion old = objects().version(B, "k", "v1").orElseThrow();
        assertThat(old.latest()).isFalse();
        assertThat(old.noncurrentSince()).isEqualTo(T0.plusSeconds(60));
        assertThat(old.blobId()).isEqualTo(v1.blobId());
    }

    @Test
    default void aRepeatedVersionIdIsAConflict() {
        bucket(B, ENABLED);
        objects().put(draft(B, "k", "v1"), ENABLED);
        assertThatThrownBy(() -> objects().put(draft(B, "k", "v1"), ENABLED)).isInstanceOf(ConflictException.class);
        assertThat(objects().latest(B, "k").map(ObjectVersion::versionId)).contains("v1");
    }

    @Test
    default void aSuspendedPutReplacesOnlyTheNullVersionAndKeepsEnabledVersions() {
        bucket(B, ENABLED);
        ObjectVersion v1 = objects().put(draft(B, "k", "v1"), ENABLED).stored();
        PutOutcome n1 = objects().put(draft(B, "k", "null"), SUSPENDED);
        assertThat(n1.releasedBlobs()).isEmpty();
        PutOutcome n2 = objects().put(draft(B, "k", "null"), SUSPENDED);
        assertThat(n2.releasedBlobs()).containsExactly(n1.stored().blobId());
        assertThat(objects().latest(B, "k").map(ObjectVersion::blobId)).contains(n2.stored().blobId());
        assertThat(objects().version(B, "k", "v1")).hasValueSatisfying(v -> {
            assertThat(v.latest()).isFalse();
            assertThat(v.blobId()).isEqualTo(v1.blobId());
        });
    }

    /** ST-W7: the new-key probe matches the exact key, so a neighbour sharing its prefix is untouched. */
    @Test
    default void aNewKeyNextToKeysThatShareItsPrefixLeavesThemLatestAndReleasesNothing_ST_W7() {
        bucket(B, UNVERSIONED);
        ObjectVersion longer = objects().put(draft(B, "ab", "null"), UNVERSIONED).stored();
        ObjectVersion child = objects().put(draft(B, "a/", "null"), UNVERSIONED).stored();
        PutOutcome out = objects().put(draft(B, "a", "null"), UNVERSIONED);
        assertThat(out.releasedBlobs()).isEmpty();
        assertThat(objects().latest(B, "ab")).contains(longer);
        assertThat(objects().latest(B, "a/")).contains(child);
        assertThat(objects().latest(B, "a")).contains(out.stored());
    }

    /** ST-W7, VER-I4: a key whose only row is a noncurrent null version still has it replaced and its latest demoted. */
    @Test
    default void aSuspendedPutReplacesANoncurrentNullVersionAndDemotesTheEnabledLatest_ST_W7_VER_I4() {
        bucket(B, ENABLED);
        ObjectVersion nul = objects().put(draft(B, "k", "null"), SUSPENDED).stored();
        ObjectVersion v1 = objects().put(draft(B, "k", "v1"), ENABLED).stored();
        PutOutcome out = objects().put(draft(B, "k", "null"), SUSPENDED);
        assertThat(out.releasedBlobs()).containsExactly(nul.blobId());
        assertThat(objects().latest(B, "k")).contains(out.stored());
        assertThat(objects().version(B, "k", "null").map(ObjectVersion::blobId)).contains(out.stored().blobId());
        assertThat(objects().version(B, "k", "v1")).hasValueSatisfying(v -> {
            assertThat(v.latest()).isFalse();
            assertThat(v.blobId()).isEqualTo(v1.blobId());
        });
    }

    /** ST-W7, VER-I4: a key whose latest is a delete marker is not new: a null marker is replaced, another one demoted. */
    @Test
    default void aSuspendedPutOverADeleteMarkerReplacesANullMarkerAndDemotesAnEnabledOne_ST_W7_VER_I4() {
        bucket(B, ENABLED);
        objects().put(draft(B, "n", "null"), SUSPENDED);
        objects().deleteCurrent(B, "n", SUSPENDED, null, T0); // the null version becomes a null marker
        PutOutcome overNullMarker = objects().put(draft(B, "n", "null"), SUSPENDED);
        assertThat(overNullMarker.releasedBlobs()).isEmpty(); // a marker holds no blob
        assertThat(objects().latest(B, "n")).contains(overNullMarker.stored());
        assertThat(objects().version(B, "n", "null").orElseThrow().deleteMarker()).isFalse();

        objects().put(draft(B, "e", "v1"), ENABLED);
        ObjectVersion marker = objects().deleteCurrent(B, "e", ENABLED, "m1", T0).marker().orElseThrow();
        PutOutcome overMarker = objects().put(draft(B, "e", "null"), SUSPENDED);
        assertThat(overMarker.releasedBlobs()).isEmpty();
        assertThat(objects().latest(B, "e")).contains(overMarker.stored());
        assertThat(objects().version(B, "e", "m1")).hasValueSatisfying(m -> {
            assertThat(m.deleteMarker()).isTrue();
            assertThat(m.latest()).isFalse();
            assertThat(m.seq()).isEqualTo(marker.seq());
        });
        assertThat(objects().version(B, "e", "v1")).isPresent();
    }

    /** ST-W7, VER-I3: an Enabled write over a key whose only row is the null version keeps it as noncurrent. */
    @Test
    default void anEnabledPutOverTheNullVersionKeepsItNoncurrent_ST_W7_VER_I3() {
        bucket(B, UNVERSIONED);
        ObjectVersion nul = objects().put(draft(B, "k", "null"), UNVERSIONED).stored();
        PutOutcome out = objects().put(draft(B, "k", "v1"), ENABLED);
        assertThat(out.releasedBlobs()).isEmpty();
        assertThat(objects().latest(B, "k")).contains(out.stored());
        assertThat(objects().version(B, "k", "null")).hasValueSatisfying(v -> {
            assertThat(v.latest()).isFalse();
            assertThat(v.blobId()).isEqualTo(nul.blobId());
        });
    }

    @Test
    default void anUnversionedDeleteRemovesTheObjectAndReleasesItsBlob() {
        bucket(B, UNVERSIONED);
        ObjectVersion v = objects().put(draft(B, "k", "null"), UNVERSIONED).stored();
        DeleteOutcome out = objects().deleteCurrent(B, "k", UNVERSIONED, null, T0);
        assertThat(out.removed()).contains(v);
        assertThat(out.marker()).isEmpty();
        assertThat(out.releasedBlobs()).containsExactly(v.blobId());
        assertThat(objects().latest(B, "k")).isEmpty();
        assertThat(objects().hasAny(B)).isFalse();
        DeleteOutcome again = objects().deleteCurrent(B, "k", UNVERSIONED, null, T0);
        assertThat(again.removed()).isEmpty();
        assertThat(again.releasedBlobs()).isEmpty();
    }

    @Test
    default void anEnabledDeleteAddsADeleteMarkerAndKeepsTheData() {
        bucket(B, ENABLED);
        ObjectVersion v1 = objects().put(draft(B, "k", "v1"), ENABLED).stored();
        DeleteOutcome out = objects().deleteCurrent(B, "k", ENABLED, "m1", T0.plusSeconds(5));
        assertThat(out.removed()).isEmpty();
        assertThat(out.releasedBlobs()).isEmpty();
        assertThat(out.marker()).hasValueSatisfying(m -> {
            assertThat(m.deleteMarker()).isTrue();
            assertThat(m.latest()).isTrue();
            assertThat(m.versionId()).isEqualTo("m1");
            assertThat(m.seq()).isGreaterThan(v1.seq());
        });
        assertThat(objects().latest(B, "k")).isEqualTo(out.marker());
        assertThat(objects().version(B, "k", "v1").orElseThrow().noncurrentSince()).isEqualTo(T0.plusSeconds(5));
        assertThat(objects().listLatest(B, "", null, 10)).isEmpty();
        assertThat(objects().hasAny(B)).isTrue();
    }

    @Test
    default void aSuspendedDeleteReplacesTheNullVersionWithANullDeleteMarker() {
        bucket(B, ENABLED);
        objects().put(draft(B, "k", "v1"), ENABLED);
        ObjectVersion n = objects().put(draft(B, "k", "null"), SUSPENDED).stored();
        DeleteOutcome out = objects().deleteCurrent(B, "k", SUSPENDED, null, T0);
        assertThat(out.removed()).contains(n);
        assertThat(out.releasedBlobs()).containsExactly(n.blobId());
        assertThat(out.marker().map(ObjectVersion::versionId)).contains("null");
        assertThat(objects().latest(B, "k")).hasValueSatisfying(m -> {
            assertThat(m.deleteMarker()).isTrue();
            assertThat(m.versionId()).isEqualTo("null");
        });
        assertThat(objects().version(B, "k", "v1")).isPresent();
    }

    @Test
    default void deletingTheLatestVersionPromotesTheNextNewest() {
        bucket(B, ENABLED);
        objects().put(draft(B, "k", "v1"), ENABLED);
        ObjectVersion v2 = objects().put(draft(B, "k", "v2"), ENABLED).stored();
        objects().deleteCurrent(B, "k", ENABLED, "m3", T0);
        DeleteOutcome outMarker = objects().deleteVersion(B, "k", "m3");
        assertThat(outMarker.removed().map(ObjectVersion::deleteMarker)).contains(true);
        assertThat(outMarker.releasedBlobs()).isEmpty();
        assertThat(objects().latest(B, "k")).hasValueSatisfying(v -> {
            assertThat(v.versionId()).isEqualTo("v2");
            assertThat(v.latest()).isTrue();
            assertThat(v.noncurrentSince()).isNull();
        });
        DeleteOutcome out2 = objects().deleteVersion(B, "k", "v2");
        assertThat(out2.releasedBlobs()).containsExactly(v2.blobId());
        assertThat(objects().latest(B, "k").map(ObjectVersion::versionId)).contains("v1");
        objects().deleteVersion(B, "k", "v1");
        assertThat(objects().latest(B, "k")).isEmpty();
        assertThat(objects().hasAny(B)).isFalse();
    }

    @Test
    default void deletingANoncurrentVersionLeavesTheLatestAlone() {
        bucket(B, ENABLED);
        ObjectVersion v1 = objects().put(draft(B, "k", "v1"), ENABLED).stored();
        objects().put(draft(B, "k", "v2"), ENABLED);
        DeleteOutcome out = objects().deleteVersion(B, "k", "v1");
        assertThat(out.releasedBlobs()).containsExactly(v1.blobId());
        assertThat(objects().latest(B, "k").map(ObjectVersion::versionId)).contains("v2");
        assertThat(objects().deleteVersion(B, "k", "v1").removed()).isEmpty();
    }

    @Test
    default void thirtyTwoConcurrentEnabledPutsOfOneKeyLeaveExactlyOneLatest() throws Exception {
        bucket(B, ENABLED);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<PutOutcome>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < 32; i++) {
                String vid = "v" + i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return objects().put(draft(B, "hot", vid), ENABLED);
                }));
            }
            start.countDown();
            List<PutOutcome> outs = new ArrayList<>();
            for (Future<PutOutcome> f : futures) outs.add(f.get());
            PutOutcome newest = outs.stream().max(Comparator.comparingLong(o -> o.stored().seq())).orElseThrow();
            assertThat(outs.stream().map(o -> o.stored().seq()).distinct()).hasSize(32);
            assertThat(objects().latest(B, "hot")).contains(objects().version(B, "hot", newest.stored().versionId()).orElseThrow());
            int latestCount = 0;
            for (int i = 0; i < 32; i++) {
                if (objects().version(B, "hot", "v" + i).orElseThrow().latest()) latestCount++;
            }
            assertThat(latestCount).isEqualTo(1);
        }
    }

    @Test
    default void listLatestPagesThroughKeysWithAPrefixAndAMarker() {
        bucket(B, UNVERSIONED);
        for (String k : List.of("a/1", "a/2", "a/3", "a0", "b/1", "a")) objects().put(draft(B, k, "null"), UNVERSIONED);
        assertThat(keys(objects().listLatest(B, "", null, 100))).containsExactly("a", "a/1", "a/2", "a/3", "a0", "b/1");
        assertThat(keys(objects().listLatest(B, "a/", null, 2))).containsExactly("a/1", "a/2");
        assertThat(keys(objects().listLatest(B, "a/", "a/2", 2))).containsExactly("a/3");
        assertThat(keys(objects().listLatest(B, "a/", "a/3", 2))).isEmpty();
        assertThat(keys(objects().listLatest(B, "a/", "0", 10))).containsExactly("a/1", "a/2", "a/3");
        assertThat(keys(objects().listLatest(B, "", "a0", 10))).containsExactly("b/1");
        assertThat(keys(objects().listLatest(B, "c", null, 10))).isEmpty();
        assertThat(objects().listLatest(B, "", null, 0)).isEmpty();
    }

    @Test
    default void listLatestSkipsDeleteMarkersAndNoncurrentVersions() {
        bucket(B, ENABLED);
        objects().put(draft(B, "x", "v1"), ENABLED);
        objects().put(draft(B, "x", "v2"), ENABLED);
        objects().put(draft(B, "y", "v3"), ENABLED);
        objects().deleteCurrent(B, "y", ENABLED, "m4", T0);
        assertThat(objects().listLatest(B, "", null, 10)).extracting(ObjectVersion::versionId).containsExactly("v2");
    }

    @Test
    default void keysSortByTheirUtf8Bytes() {
        bucket(B, UNVERSIONED);
        List<String> keys = new ArrayList<>(List.of("😀", "中", "z", "é", "aa", "a/b", "a", "\uE000", "A"));
        for (String k : keys) objects().put(draft(B, k, "null"), UNVERSIONED);
        keys.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        assertThat(keys).containsExactly("A", "a", "a/b", "aa", "z", "é", "中", "\uE000", "😀");
        assertThat(keys(objects().listLatest(B, "", null, 100))).containsExactlyElementsOf(keys);
        // Markers compare in the same order: after U+E000 comes only the emoji, which UTF-16 order would put first.
        assertThat(keys(objects().listLatest(B, "", "\uE000", 100))).containsExactly("😀");
        assertThat(keys(objects().listLatest(B, "", "é", 100))).containsExactly("中", "\uE000", "😀");
    }

    @Test
    default void prefixesWithMultiByteAndMaximalCharactersMatchExactly() {
        bucket(B, UNVERSIONED);
        List<String> keys = List.of("中", "中/a", "中文", "丮", "\uD7FF", "\uD7FFx", "\uE000", "\uDBFF\uDFFF", "\uDBFF\uDFFFz", "x");
        for (String k : keys) objects().put(draft(B, k, "null"), UNVERSIONED);
        assertThat(keys(objects().listLatest(B, "中", null, 100))).containsExactly("中", "中/a", "中文");
        assertThat(keys(objects().listLatest(B, "\uD7FF", null, 100))).containsExactly("\uD7FF", "\uD7FFx");
        assertThat(keys(objects().listLatest(B, "\uDBFF\uDFFF", null, 100))).containsExactly("\uDBFF\uDFFF", "\uDBFF\uDFFFz");
    }

    @Test
    default void hasAnyIsFalseForAnEmptyBucketAndTrueOnceAVersionExists() {
        bucket(B, UNVERSIONED);
        bucket("other-1250000000", UNVERSIONED);
        assertThat(objects().hasAny(B)).isFalse();
        objects().put(draft("other-1250000000", "k", "null"), UNVERSIONED);
        assertThat(objects().hasAny(B)).isFalse();
        objects().put(draft(B, "k", "null"), UNVERSIONED);
        assertThat(objects().hasAny(B)).isTrue();
    }

    @Test
    default void referencedBlobsNamesOnlyBlobsThatAVersionHolds() {
        bucket(B, ENABLED);
        ObjectVersion v1 = objects().put(draft(B, "k", "v1"), ENABLED).stored();
        ObjectVersion v2 = objects().put(draft(B, "k", "v2"), ENABLED).stored();
        objects().deleteVersion(B, "k", "v2");
        List<String> candidates = new ArrayList<>();
        for (int i = 0; i < 1200; i++) candidates.add(StoreFixture.newBlobId());
        candidates.add(v1.blobId());
        candidates.add(v2.blobId());
        assertThat(store().referencedBlobs(candidates)).containsExactly(v1.blobId());
        assertThat(store().referencedBlobs(List.of())).isEmpty();
    }

    /**
     * The start-up orphan scan's sorted source (ST-G2): every id a version or an upload part names,
     * ascending, an id named twice given twice, delete markers naming nothing left out, a deleted
     * version's id gone; all while the iterator is read lazily inside the walk.
     */
    @Test
    default void walkReferencedBlobsGivesEveryReferencedIdInAscendingOrderDuplicatesIncluded_ST_G2() {
        bucket(B, ENABLED);
        String hot = "f".repeat(32), cold = "cold-" + "0".repeat(32);
        objects().put(draft(B, "a", "v1").toBuilder().blobId(hot).build(), ENABLED);
        objects().put(draft(B, "b", "v2").toBuilder().blobId(cold).build(), ENABLED);
        objects().put(draft(B, "d", "v4").toBuilder().blobId(cold).build(), ENABLED); // as a tool sharing one blob might
        ObjectVersion gone = objects().put(draft(B, "c", "v3"), ENABLED).stored();
        objects().deleteVersion(B, "c", "v3");
        objects().deleteCurrent(B, "a", ENABLED, "m1", Instant.EPOCH); // a marker: no blob
        store().uploads().create(new io.cosd.domain.object.MultipartUpload("u1", B, "up", Instant.EPOCH,
                io.cosd.domain.object.StorageClass.STANDARD, io.cosd.domain.object.ContentHeaders.ofType("x/y"), Map.of(), Map.of(), null));
        String part = "0".repeat(32);
        store().uploads().putPart(B, "up", "u1", new io.cosd.domain.object.UploadedPart(1, 3, "\"e\"", part, Instant.EPOCH));
        store().uploads().putPart(B, "up", "u1", new io.cosd.domain.object.UploadedPart(2, 3, "\"e\"", hot, Instant.EPOCH));
        List<String> walked = store().walkReferencedBlobs(it -> {
            List<String> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            return out;
        });
        assertThat(walked).containsExactly(part, cold, cold, hot, hot).doesNotContain(gone.blobId()).isSorted();
        Boolean twice = store().walkReferencedBlobs(it -> it.hasNext() && it.hasNext() && part.equals(it.next()));
        assertThat(twice).isTrue(); // hasNext steps once, however often it is asked
    }

    /** A replica as the worker delivers it: COS version id and creation time from the source (REP-R2). */
    private ObjectVersion replica(String key, long seconds) {
        ObjectVersion d = draft(B, key, VersionIds.format(seconds * 1_000_000));
        return d.toBuilder().latest(true).replicationStatus(ReplicationStatus.REPLICA)
                .lastModified(Instant.ofEpochSecond(seconds)).build();
    }

    @Test
    default void lateReplicasAreListedInVersionOrderNotArrivalOrder_REP_S3() {
        bucket(B, ENABLED);
        ObjectVersion v1 = replica("k", 100), v3 = replica("k", 300), v5 = replica("k", 500);
        objects().putReplica(v5);
        objects().putReplica(replica("j", 50)); // another key in between: seqs stay unique in the bucket
        objects().putReplica(v1);
        String marker = VersionIds.format(400_000_000L);
        objects().putMarkerReplica(B, "k", marker, Instant.ofEpochSecond(400));
        ObjectVersion late = objects().putReplica(v3).stored();
        objects().putReplica(v3); // a repeated delivery changes nothing

        List<ObjectVersion> k = objects().listVersions(B, "k", null, Long.MIN_VALUE, 10);
        assertThat(k).extracting(ObjectVersion::versionId).containsExactly(v5.versionId(), marker, v3.versionId(), v1.versionId());
        assertThat(k).extracting(ObjectVersion::latest).containsExactly(true, false, false, false);
        assertThat(k.get(2).seq()).isEqualTo(late.seq());
        // Each version is noncurrent since the creation of the one that superseded it.
        assertThat(k).extracting(ObjectVersion::noncurrentSince).containsExactly(null, Instant.ofEpochSecond(500),
                Instant.ofEpochSecond(400), Instant.ofEpochSecond(300));
        List<ObjectVersion> all = objects().listVersions(B, "", null, Long.MIN_VALUE, 10);
        assertThat(all).extracting(ObjectVersion::seq).doesNotHaveDuplicates();
        // A cursor inside the key (key + seq, as the store pages) walks the same order one at a time.
        List<String> paged = new ArrayList<>();
        String afterKey = null;
        long afterSeq = Long.MIN_VALUE;
        while (true) {
            List<ObjectVersion> page = objects().listVersions(B, "k", afterKey, afterSeq, 1);
            if (page.isEmpty()) break;
            paged.add(page.get(0).versionId());
            afterKey = page.get(0).key();
            afterSeq = page.get(0).seq();
        }
        assertThat(paged).containsExactly(v5.versionId(), marker, v3.versionId(), v1.versionId());
        assertThat(objects().latest(B, "k").orElseThrow().versionId()).isEqualTo(v5.versionId());
        // A replica newer than everything simply goes on top.
        ObjectVersion v6 = replica("k", 600);
        assertThat(objects().putReplica(v6).stored().latest()).isTrue();
        assertThat(objects().listVersions(B, "k", null, Long.MIN_VALUE, 10)).extracting(ObjectVersion::versionId)
                .containsExactly(v6.versionId(), v5.versionId(), marker, v3.versionId(), v1.versionId());
    }

    @Test
    default void aDamageMarkSticksToExactlyThatVersionAndSeqAndCanBeCleared() {
        bucket(B, UNVERSIONED);
        ObjectVersion v = objects().put(draft(B, "d.txt", "null"), UNVERSIONED).stored();
        assertThat(objects().latest(B, "d.txt").orElseThrow().damage()).isNull();
        assertThat(objects().markDamaged(v, "crc64: mismatch", Instant.ofEpochSecond(5))).isTrue();
        assertThat(objects().latest(B, "d.txt").orElseThrow().damage()).isEqualTo("crc64: mismatch");
        // An overwrite is a new version (new seq, no mark); a mark aimed at the old seq changes nothing.
        ObjectVersion w = objects().put(draft(B, "d.txt", "null"), UNVERSIONED).stored();
        assertThat(objects().latest(B, "d.txt").orElseThrow().damage()).isNull();
        assertThat(objects().markDamaged(v, "size: short", Instant.ofEpochSecond(6))).isFalse();
        assertThat(objects().markDamaged(w, "size: short", Instant.ofEpochSecond(6))).isTrue();
        assertThat(objects().markDamaged(w, null, Instant.ofEpochSecond(7))).isTrue();
        assertThat(objects().latest(B, "d.txt").orElseThrow().damage()).isNull();
    }

    /**
     * AUTH-13: the mark's "still the version read" check is the UPDATE's own condition (one statement,
     * so no write can slip in between a check and the mark). A row of the same key, version id and seq
     * that is another version (a re-created namesake's seqs start at 1 again; a multipart version has no
     * blob id) differs in write time or ETag, and the mark leaves it alone.
     */
    @Test
    default void aDamageMarkChangesNothingWhenTheRowOfThatKeyAndSeqIsAnotherVersionSinceItWasRead_AUTH_13() {
        String name = "dmg-ns-1250000000";
        bucket(name, UNVERSIONED);
        ObjectVersion seen = objects().put(draft(name, "k", "null"), UNVERSIONED).stored();
        objects().deleteVersion(name, "k", "null");
        assertThat(store().buckets().delete(name)).isEqualTo(io.cosd.store.meta.BucketRepository.DeleteResult.DELETED);
        bucket(name, UNVERSIONED);
        // the namesake's multipart-like version: same key, version id and seq; no blob id; another write time and ETag
        ObjectVersion theirs = objects().put(ObjectVersion.builder(name, "k").versionId("null").size(3).etag("\"theirs-2\"")
                .content(io.cosd.domain.object.ContentHeaders.ofType("a/b")).partsCount(2).blobId(null)
                .lastModified(seen.lastModified().plusSeconds(1)).build(), UNVERSIONED).stored();
        assertThat(theirs.seq()).as("a re-created bucket's seqs start again").isEqualTo(seen.seq());

        assertThat(objects().markDamaged(seen, "missing: blob file is missing", Instant.ofEpochSecond(5))).isFalse();
        assertThat(objects().latest(name, "k").orElseThrow().damage()).isNull();
        // the same seq, blob id and ETag but another write time is another version too
        ObjectVersion sameButTime = ObjectVersion.builder(name, "k").versionId("null").size(3).etag(theirs.etag()).blobId(null)
                .content(io.cosd.domain.object.ContentHeaders.ofType("a/b")).partsCount(2).seq(theirs.seq())
                .lastModified(theirs.lastModified().minusMillis(1)).build();
        assertThat(objects().markDamaged(sameButTime, "size: short", Instant.ofEpochSecond(6))).isFalse();
        assertThat(objects().latest(name, "k").orElseThrow().damage()).isNull();
        // the version as read is marked, and cleared
        assertThat(objects().markDamaged(theirs, "size: short", Instant.ofEpochSecond(7))).isTrue();
        assertThat(objects().latest(name, "k").orElseThrow().damage()).isEqualTo("size: short");
        assertThat(objects().markDamaged(theirs, null, Instant.ofEpochSecond(8))).isTrue();
        assertThat(objects().latest(name, "k").orElseThrow().damage()).isNull();
    }

    @Test
    default void nextBucketWithVersionsWalksBucketsThatHoldVersionsInNameOrder() {
        bucket("nb-a-1250000000", UNVERSIONED);
        bucket("nb-b-1250000000", UNVERSIONED);
        bucket("nb-c-1250000000", UNVERSIONED);
        objects().put(draft("nb-a-1250000000", "k", "null"), UNVERSIONED);
        objects().put(draft("nb-c-1250000000", "k", "null"), UNVERSIONED);
        assertThat(objects().nextBucketWithVersions("nb-")).contains("nb-a-1250000000");
        assertThat(objects().nextBucketWithVersions("nb-a-1250000000")).contains("nb-c-1250000000");
        assertThat(objects().nextBucketWithVersions("nb-c-1250000000")).isEmpty();
    }

    private static List<String> keys(List<ObjectVersion> versions) {
        return versions.stream().map(ObjectVersion::key).toList();
    }

    @Test
    default void aVersionPutIntoABucketDeletedMeanwhileIsNoSuchBucketAndStoresNothing() {
        bucket("gone-1250000000", VersioningState.UNVERSIONED);
        store().buckets().delete("gone-1250000000");
        var d = draft("gone-1250000000", "k", ObjectVersion.NULL_VERSION);
        assertThatThrownBy(() -> objects().put(d, VersioningState.UNVERSIONED))
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(store().referencedBlobs(List.of(d.blobId()))).isEmpty();
    }
}
