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
 * docs/security.md AUTH-15: a read returns only what is in the bucket row it was authorized against.
 * A bucket deleted and created again under its name by another account, holding a key of the same
 * name, answers a read that carries the old incarnation with {@link NoSuchBucketException}: never the
 * namesake's bytes (blob id), metadata, versions, keys or uploads; on every engine.
 */
public interface BucketIncarnationReadContract extends StoreFixture {
    String RB = "reread-1250000000";

    private Bucket read(String name) {
        return store().buckets().find(name).orElseThrow();
    }

    /** Deleted (emptied first) and created again by another account, who then stores {@code key} in it. */
    private Bucket recreatedWithANamesakeKey(String name, String key) {
        for (ObjectVersion v : store().objects().listVersions(name, "", null, Long.MIN_VALUE, 1000)) {
            store().objects().deleteVersion(name, v.key(), v.versionId());
        }
        assertThat(store().buckets().delete(name)).isEqualTo(BucketRepository.DeleteResult.DELETED);
        Account other = store().identity().findAccount("100000000002").orElseGet(() -> account("100000000002", "1250000001"));
        assertThat(store().buckets().create(new Bucket(name, other.rootUin(), other.appId(), "ap-guangzhou", T0, ENABLED)))
                .isEqualTo(BucketRepository.CreateResult.CREATED);
        Bucket namesake = read(name);
        store().objects().put(draft(name, key, StoreFixture.newVersionId()), ENABLED, null, WriteCondition.NONE, namesake.incarnation());
        store().uploads().create(new MultipartUpload("secret-upload", name, key, T0, StorageClass.STANDARD, ContentHeaders.ofType("a/b"),
                Map.of(), Map.of(), other.rootUin()), namesake.incarnation());
        return namesake;
    }

    @Test
    default void aGetOrHeadCarryingAnOldIncarnationIsNoSuchBucketAndNeverTheNamesakesVersion_AUTH_15() {
        bucket(RB, ENABLED);
        Bucket authorized = read(RB);
        ObjectVersion mine = store().objects().put(draft(RB, "k", StoreFixture.newVersionId()), ENABLED, null, WriteCondition.NONE,
                authorized.incarnation()).stored();
        // while the row is the authorized one, the same reads find what is there
        assertThat(store().objects().latest(RB, "k", authorized.incarnation()).orElseThrow().blobId()).isEqualTo(mine.blobId());
        assertThat(store().objects().version(RB, "k", mine.versionId(), authorized.incarnation())).isPresent();
        assertThat(store().objects().latest(RB, "missing", authorized.incarnation())).isEmpty();

        Bucket namesake = recreatedWithANamesakeKey(RB, "k");
        ObjectVersion theirs = store().objects().latest(RB, "k", namesake.incarnation()).orElseThrow();
        assertThatThrownBy(() -> store().objects().latest(RB, "k", authorized.incarnation())).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> store().objects().version(RB, "k", theirs.versionId(), authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        // a key the namesake lacks is NoSuchBucket too, not NoSuchKey: the bucket authorized against is gone
        assertThatThrownBy(() -> store().objects().latest(RB, "missing", authorized.incarnation())).isInstanceOf(NoSuchBucketException.class);
        // a caller with no bucket read (ANY_INCARNATION) keeps seeing whatever the name holds
        assertThat(store().objects().latest(RB, "k", Bucket.ANY_INCARNATION)).contains(theirs);
    }

    @Test
    default void aListingCarryingAnOldIncarnationIsNoSuchBucketAndNamesNoneOfTheNamesakesKeysVersionsOrUploads_AUTH_15() {
        bucket(RB, ENABLED);
        Bucket authorized = read(RB);
        assertThat(store().objects().listLatest(RB, "", null, 10, authorized.incarnation())).isEmpty(); // empty, and still the row
        assertThat(store().uploads().list(RB, "", null, null, 10, authorized.incarnation())).isEmpty();
        Bucket namesake = recreatedWithANamesakeKey(RB, "their-key");

        assertThatThrownBy(() -> store().objects().listLatest(RB, "", null, 10, authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> store().objects().listLatest(RB, "their", "a", 10, authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> store().objects().listVersions(RB, "", null, Long.MIN_VALUE, 10, authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        ObjectVersion theirs = store().objects().latest(RB, "their-key").orElseThrow();
        // the cursor inside a key (the rest-of-key statement) carries it too
        assertThatThrownBy(() -> store().objects().listVersions(RB, "", "their-key", theirs.seq() + 1, 10, authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> store().uploads().list(RB, "", null, null, 10, authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> store().uploads().find(RB, "their-key", "secret-upload", authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);

        // the namesake's own reads see all of it
        assertThat(store().objects().listLatest(RB, "", null, 10, namesake.incarnation())).extracting(ObjectVersion::key)
                .containsExactly("their-key");
        assertThat(store().objects().listVersions(RB, "", "their-key", theirs.seq() + 1, 10, namesake.incarnation())).hasSize(1);
        assertThat(store().uploads().list(RB, "", null, null, 10, namesake.incarnation())).hasSize(1);
        assertThat(store().uploads().find(RB, "their-key", "secret-upload", namesake.incarnation())).isPresent();
        assertThat(store().uploads().find(RB, "their-key", "no-such-upload", namesake.incarnation())).isEmpty();
    }

    /**
     * A multipart version's parts are a second read after its row: a new bucket's seqs start again, so
     * the namesake's "null" version of the same key may carry the very id and seq the GET read.
     */
    @Test
    default void thePartsOfAMultipartVersionAreReadOnlyInTheAuthorizedBucketRow_AUTH_15() {
        bucket(RB, UNVERSIONED);
        Bucket authorized = read(RB);
        Bucket namesake = recreatedWithANamesakeKey(RB, "other");
        UploadedPart p = new UploadedPart(1, 5, "\"%032x\"".formatted(1), StoreFixture.newBlobId(), T0);
        store().uploads().putPart(RB, "other", "secret-upload", p);
        ObjectVersion d = ObjectVersion.builder(RB, "other").versionId(ObjectVersion.NULL_VERSION).latest(true).size(5).etag("\"x-1\"")
                .storageClass(StorageClass.STANDARD).content(ContentHeaders.ofType("a/b")).partsCount(1).lastModified(T0).build();
        ObjectVersion theirs = store().uploads().complete("secret-upload", List.of(p), d, UNVERSIONED, null, WriteCondition.NONE,
                namesake.incarnation()).stored();
        assertThat(store().uploads().objectParts(RB, "other", theirs.versionId(), theirs.seq(), namesake.incarnation()).orElseThrow())
                .extracting(UploadedPart::blobId).containsExactly(p.blobId());
        assertThatThrownBy(() -> store().uploads().objectParts(RB, "other", theirs.versionId(), theirs.seq(), authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> store().uploads().objectParts(RB, "other", theirs.versionId(), theirs.seq() + 1, authorized.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(store().uploads().objectParts(RB, "other", theirs.versionId(), theirs.seq() + 1, namesake.incarnation())).isEmpty();
    }

    @Test
    default void aReadCarryingAnIncarnationNoBucketOfTheNameEverHadIsNoSuchBucketEvenOnAnUnversionedBucket_AUTH_15() {
        bucket(RB, UNVERSIONED);
        Bucket b = read(RB);
        store().objects().put(draft(RB, "k", ObjectVersion.NULL_VERSION), UNVERSIONED, null, WriteCondition.NONE, b.incarnation());
        for (long wrong : List.of(b.incarnation() + 1, -b.incarnation())) {
            assertThatThrownBy(() -> store().objects().latest(RB, "k", wrong)).isInstanceOf(NoSuchBucketException.class);
            assertThatThrownBy(() -> store().objects().version(RB, "k", ObjectVersion.NULL_VERSION, wrong))
                    .isInstanceOf(NoSuchBucketException.class);
        }
        assertThatThrownBy(() -> store().objects().latest("no-such-bucket-1250000000", "k", b.incarnation()))
                .isInstanceOf(NoSuchBucketException.class);
    }
}
