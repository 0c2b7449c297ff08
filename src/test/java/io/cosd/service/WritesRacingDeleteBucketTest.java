package io.cosd.service;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.StorageClass;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.NoSuchBucketException;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The commit path of a write whose bucket was deleted after the request looked it up, made
 * deterministic: the bucket row is gone before the service commits (docs/storage.md "DeleteBucket
 * racing a write"). The write is refused with the store's NoSuchBucket reason and leaves no file.
 */
class WritesRacingDeleteBucketTest {
    @TempDir
    Path dir;
    MetadataStore meta;
    DiskBlobStore blobs;
    ObjectService objects;
    MultipartService uploads;
    Bucket bucket;

    @BeforeEach
    void open() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        blobs = new DiskBlobStore(dir);
        objects = new ObjectService(meta, blobs, Clock.systemUTC(), 1 << 20);
        uploads = new MultipartService(meta, blobs, objects, Clock.systemUTC(), 1 << 20, 1, 10_000);
        var a = meta.identity().createAccount("100000000001", "1250000000");
        bucket = new Bucket("race-1250000000", a.rootUin(), a.appId(), "ap-guangzhou", Instant.now(), VersioningState.UNVERSIONED);
        meta.buckets().create(bucket);
    }

    @AfterEach
    void close() {
        meta.close();
    }

    long files() throws Exception {
        long n = 0;
        for (String sub : new String[] {"blobs", "tmp"}) {
            Path p = dir.resolve(sub);
            if (!Files.exists(p)) continue;
            try (Stream<Path> s = Files.walk(p)) {
                n += s.filter(Files::isRegularFile).count();
            }
        }
        return n;
    }

    @Test
    void aPutWhoseBucketWasDeletedBeforeItsCommitIsNoSuchBucketAndLeavesNoBlob() throws Exception {
        meta.buckets().delete(bucket.name()); // the request looked the bucket up before this
        var put = new PutCommand(bucket.name(), "k", 5, null, StorageClass.STANDARD, ContentHeaders.ofType("text/plain"), Map.of(), Map.of());
        assertThatThrownBy(() -> objects.put(bucket, put, new ByteArrayInputStream("hello".getBytes())))
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(files()).isZero();
        assertThat(meta.objects().latest(bucket.name(), "k")).isEmpty();
    }

    @Test
    void anInitiateWhoseBucketWasDeletedBeforeItsCommitIsNoSuchBucketAndStoresNoUpload() {
        meta.buckets().delete(bucket.name());
        assertThatThrownBy(() -> uploads.initiate(bucket, "k", StorageClass.STANDARD, ContentHeaders.ofType("text/plain"),
                Map.of(), Map.of(), null)).isInstanceOf(NoSuchBucketException.class);
        assertThat(meta.uploads().list(bucket.name(), "", null, null, 10)).isEmpty();
    }

    @Test
    void aCopyWhoseTargetBucketWasDeletedBeforeItsCommitIsNoSuchBucketAndLeavesOnlyTheSource() throws Exception {
        var a = meta.identity().findAccount("100000000001").orElseThrow();
        Bucket source = new Bucket("src-1250000000", a.rootUin(), a.appId(), "ap-guangzhou", Instant.now(), VersioningState.UNVERSIONED);
        meta.buckets().create(source);
        var src = objects.put(source, new PutCommand(source.name(), "s", 5, null, StorageClass.STANDARD, ContentHeaders.ofType("text/plain"),
                Map.of(), Map.of()), new ByteArrayInputStream("hello".getBytes()));
        meta.buckets().delete(bucket.name());
        var target = new PutCommand(bucket.name(), "k", -1, null, StorageClass.STANDARD, ContentHeaders.ofType("text/plain"), Map.of(), Map.of());
        assertThatThrownBy(() -> objects.copy(bucket, src, target)).isInstanceOf(NoSuchBucketException.class);
        assertThat(files()).isEqualTo(1); // the source's blob, nothing else
    }
}
