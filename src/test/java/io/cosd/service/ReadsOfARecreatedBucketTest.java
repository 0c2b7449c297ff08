package io.cosd.service;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.NoSuchBucketException;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/security.md AUTH-15 at the service layer, made deterministic: every read a request makes with
 * the bucket row it authorized against (GET/HEAD and the copy source's lookup, the tag/ACL/retention
 * reads' resolve, the object ACL read, ListObjects, ListObjectVersions, ListMultipartUploads,
 * ListParts) runs after that bucket was deleted and created again by another account, who stored a
 * key and an upload of the same names. Each is NoSuchBucket (the api answers 404 NoSuchBucket,
 * ApiHandler); none returns the namesake's version, key or upload.
 */
class ReadsOfARecreatedBucketTest {
    private static final String NAME = "reread-1250000000";
    @TempDir
    Path dir;
    MetadataStore meta;
    ObjectService objects;
    MultipartService uploads;
    ListingService listing;
    Bucket authorized;
    Bucket namesake;
    String uploadId;

    @BeforeEach
    void open() {
        meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        DiskBlobStore blobs = new DiskBlobStore(dir);
        objects = new ObjectService(meta, blobs, Clock.systemUTC(), 1 << 20);
        uploads = new MultipartService(meta, blobs, objects, Clock.systemUTC(), 1 << 20, 1, 10_000);
        listing = new ListingService(meta);
        var a = meta.identity().createAccount("100000000001", "1250000000");
        meta.buckets().create(new Bucket(NAME, a.rootUin(), a.appId(), "ap-guangzhou", Instant.now(), VersioningState.ENABLED));
        authorized = meta.buckets().find(NAME).orElseThrow(); // the row A's public-read policy was decided on

        meta.buckets().delete(NAME);
        var b = meta.identity().createAccount("100000000002", "1250000001");
        meta.buckets().create(new Bucket(NAME, b.rootUin(), b.appId(), "ap-guangzhou", Instant.now(), VersioningState.ENABLED));
        namesake = meta.buckets().find(NAME).orElseThrow();
        objects.put(namesake, put("secret"), new ByteArrayInputStream("B's bytes".getBytes(StandardCharsets.UTF_8)));
        uploadId = uploads.initiate(namesake, "secret", StorageClass.STANDARD, ContentHeaders.ofType("text/plain"), Map.of(), Map.of(),
                b.rootUin()).uploadId();
    }

    @AfterEach
    void close() {
        meta.close();
    }

    private static PutCommand put(String key) {
        return new PutCommand(NAME, key, 9, null, StorageClass.STANDARD, ContentHeaders.ofType("text/plain"), Map.of(), Map.of());
    }

    @Test
    void everyReadCarryingTheDeletedBucketsRowIsNoSuchBucketAndNoneReturnsTheNamesakesData_AUTH_15() {
        ObjectVersion theirs = objects.lookup(namesake, "secret", null);
        List<ThrowingCallable> reads = List.of(
                () -> objects.lookup(authorized, "secret", null), // GET/HEAD, the copy source
                () -> objects.lookup(authorized, "secret", theirs.versionId()), // GET ?versionId=
                () -> objects.resolve(authorized, "secret", null), // GetObjectTagging/Acl/Retention/LegalHold
                () -> new AclService(meta).version(authorized, "secret", null), // the object ACL authorization reads
                () -> listing.list(NAME, authorized.incarnation(), "", null, null, 1000),
                () -> listing.list(NAME, authorized.incarnation(), "", "/", null, 1000),
                () -> listing.listVersions(NAME, authorized.incarnation(), "", null, "secret", theirs.versionId(), 1000),
                () -> uploads.listUploads(authorized, "", null, null, null, 1000),
                () -> uploads.listParts(authorized, "secret", uploadId, 0, 1000));
        for (ThrowingCallable read : reads) assertThatThrownBy(read).isInstanceOf(NoSuchBucketException.class);

        // the same reads with the namesake's own row see its data: the refusal is about the row, not the name
        assertThat(objects.lookup(namesake, "secret", null).versionId()).isEqualTo(theirs.versionId());
        assertThat(listing.list(NAME, namesake.incarnation(), "", null, null, 1000).objects()).hasSize(1);
        assertThat(uploads.listUploads(namesake, "", null, null, null, 1000).uploads()).hasSize(1);
        assertThat(uploads.listParts(namesake, "secret", uploadId, 0, 1000).upload().uploadId()).isEqualTo(uploadId);
    }
}
