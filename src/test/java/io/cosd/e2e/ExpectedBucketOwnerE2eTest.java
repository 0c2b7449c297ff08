package io.cosd.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * S3's expected-bucket-owner checks (docs/access-control.md "Expected bucket owner",
 * api/core/ExpectedOwner), driven by the AWS SDK v2: a request naming another account as the
 * bucket's (or the copy source bucket's) owner is 403 AccessDenied and changes nothing; the owner's
 * root uin and its canonical user id both name it.
 */
@CosdServer
class ExpectedBucketOwnerE2eTest {
    @CosdServer.Inject static S3Client s3;
    static final String B = E2e.bucket("expected-owner");
    static String canonicalId;

    @BeforeAll
    static void fixtures() {
        s3.createBucket(r -> r.bucket(B));
        s3.putObject(r -> r.bucket(B).key("a.txt"), RequestBody.fromString("a"));
        canonicalId = s3.listBuckets().owner().id();
    }

    private static void assertAccessDenied(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        });
    }

    @Test
    void theOwnersUinOrCanonicalIdLetsTheRequestRunAndAnyOtherAccountIsAccessDenied() {
        assertThat(s3.getObjectAsBytes(r -> r.bucket(B).key("a.txt").expectedBucketOwner(E2e.UIN)).asUtf8String()).isEqualTo("a");
        assertThat(s3.listObjectsV2(r -> r.bucket(B).prefix("a.").expectedBucketOwner(canonicalId)).keyCount()).isEqualTo(1);
        assertAccessDenied(() -> s3.getObjectAsBytes(r -> r.bucket(B).key("a.txt").expectedBucketOwner("100000000999")));
        assertAccessDenied(() -> s3.listObjectsV2(r -> r.bucket(B).expectedBucketOwner(canonicalId + "foo")));
        // HEAD: no body, so the status alone
        assertThatThrownBy(() -> s3.headBucket(r -> r.bucket(B).expectedBucketOwner("123456789012")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }

    @Test
    void aWriteNamingAnotherOwnerIsRefusedAndStoresNothing() {
        assertAccessDenied(() -> s3.putObject(r -> r.bucket(B).key("other.txt").expectedBucketOwner("100000000999"),
                RequestBody.fromString("x")));
        assertAccessDenied(() -> s3.deleteObject(r -> r.bucket(B).key("a.txt").expectedBucketOwner("100000000999")));
        assertThat(s3.listObjectsV2(r -> r.bucket(B).prefix("a")).contents()).extracting(o -> o.key()).containsExactly("a.txt");
        assertThat(s3.listObjectsV2(r -> r.bucket(B).prefix("other")).contents()).isEmpty();
    }

    @Test
    void aCopyChecksItsSourceBucketsOwnerApart() {
        s3.copyObject(r -> r.sourceBucket(B).sourceKey("a.txt").destinationBucket(B).destinationKey("copy-ok.txt")
                .expectedSourceBucketOwner(E2e.UIN).expectedBucketOwner(E2e.UIN));
        assertAccessDenied(() -> s3.copyObject(r -> r.sourceBucket(B).sourceKey("a.txt").destinationBucket(B)
                .destinationKey("copy-refused.txt").expectedSourceBucketOwner("100000000999")));
        assertThat(s3.listObjectsV2(r -> r.bucket(B).prefix("copy-")).contents()).extracting(o -> o.key()).containsExactly("copy-ok.txt");
    }
}
