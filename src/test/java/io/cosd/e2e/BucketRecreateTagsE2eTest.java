package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Bucket tags given at an owner's re-create (docs/spec/semantics.md §5b, docs/buckets.md ACC-6). In
 * us-east-1 such a re-create answers 200 only when it asks for nothing the bucket does not have;
 * Recreate.Settings compares the tags too, so tags the bucket lacks are 409 BucketAlreadyExists,
 * never dropped behind a 200 (UB-1: never ignored).
 */
@CosdServer(factory = "usEast1")
class BucketRecreateTagsE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    static E2e usEast1() throws Exception {
        return new E2e(Files.createTempDirectory("cosd-recreate-tags"), "us-east-1", null, 0);
    }

    @Test
    void reCreatingOnesOwnBucketWithTagsItDoesNotHaveIsBucketAlreadyExists_BT_6_ACC_6() {
        String b = E2e.bucket("recreate-tags");
        s3.createBucket(r -> r.bucket(b));
        S3Exception refused = catchThrowableOfType(S3Exception.class, () -> s3.createBucket(q -> q.bucket(b)
                .createBucketConfiguration(c -> c.tags(Tag.builder().key("team").value("blue").build()))));
        var stored = catchThrowableOfType(S3Exception.class, () -> s3.getBucketTagging(r -> r.bucket(b)));
        assertThat(refused)
                .as("a 200 re-create that asked for tags must leave them (GetBucketTagging: %s)",
                        stored == null ? "tags present" : stored.awsErrorDetails().errorCode())
                .isNotNull();
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("BucketAlreadyExists");
    }
}
