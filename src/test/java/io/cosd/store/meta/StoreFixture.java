package io.cosd.store.meta;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Account;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.StorageClass;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** What every metadata contract needs: a fresh store per test and a few builders. */
public interface StoreFixture {
    /** A fresh, empty store for each test. */
    MetadataStore store();

    Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    AtomicInteger BLOBS = new AtomicInteger();

    default Account account(String uin, String appId) {
        return store().identity().createAccount(uin, appId);
    }

    default Bucket bucket(String name, VersioningState state) {
        Account a = store().identity().findAccount("100000000001")
                .orElseGet(() -> account("100000000001", "1250000000"));
        Bucket b = new Bucket(name, a.rootUin(), a.appId(), "ap-guangzhou", T0, state);
        store().buckets().create(b);
        return b;
    }

    static String newBlobId() {
        return String.format("%032x", BLOBS.incrementAndGet());
    }

    static String newVersionId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    default ObjectVersion draft(String bucket, String key, String versionId) {
        return ObjectVersion.builder(bucket, key).versionId(versionId).size(5).etag("\"etag\"")
                .content(ContentHeaders.ofType("text/plain")).userMetadata(Map.of("author", "me")).tags(Map.of("k", "v"))
                .blobId(newBlobId()).lastModified(T0).build();
    }
}
