package io.cosd.service;

import io.cosd.domain.bucket.AzType;
import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.identity.Account;
import io.cosd.store.meta.ConfigKind;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.NoSuchBucketException;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/security.md AUTH-13 for CreateBucket's own follow-up writes: PUT Bucket with an ACL header
 * stores the ACL after the bucket's transaction, by the Bucket {@link BucketService#create} returned.
 * That Bucket must carry the created row's incarnation: with "any" (the in-memory value before the
 * row existed), a bucket deleted and created again by another account in between got the first
 * request's ACL (public-read-write, say) on a bucket its owner never opened.
 */
class BucketCreationIncarnationTest {
    @TempDir
    Path dir;
    MetadataStore store;
    BucketService buckets;
    Account a, b;

    @BeforeEach
    void open() {
        store = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        a = store.identity().createAccount("100000000001", "1250000000");
        b = store.identity().createAccount("100000000002", "1250000001");
        buckets = new BucketService(store, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theCreatedBucketCarriesItsRowsIncarnationSoAWriteFollowingTheCreationCannotLandInANamesake_AUTH_13() {
        Bucket created = buckets.create(a, "shared-1250000000", "ap-guangzhou", AzType.OAZ);
        assertThat(created.incarnation()).isNotEqualTo(Bucket.ANY_INCARNATION)
                .isEqualTo(store.buckets().find("shared-1250000000").orElseThrow().incarnation());

        buckets.delete(created, false);
        store.buckets().create(new Bucket("shared-1250000000", b.rootUin(), a.appId(), "ap-guangzhou", created.createdAt(),
                created.versioning()));
        // the ACL write CreateBucket makes after its transaction, by the Bucket create returned
        assertThatThrownBy(() -> new AclService(store).putBucketAcl(created, io.cosd.domain.acl.Acl.ownerOnly(a.rootUin())))
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(store.buckets().config("shared-1250000000", ConfigKind.ACL)).as("the namesake's ACL").isEmpty();
    }
}
