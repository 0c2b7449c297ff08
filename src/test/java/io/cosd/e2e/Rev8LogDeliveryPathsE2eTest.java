package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Review probes (second reviewer, access control): {@code log-delivery-write} is for buckets only (ACL-C3,
 * ACL-M7); every way an object asks for a canned ACL refuses it with 400 InvalidArgument and stores nothing.
 * These pass: they record what was tried.
 */
@CosdServer
class Rev8LogDeliveryPathsE2eTest {
    @CosdServer.Inject static E2e env;

    static void refused(Runnable r) {
        S3Exception e = assertThrows(S3Exception.class, r::run);
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
    }

    @Test
    void noObjectWriteOrAclPutTakesLogDeliveryWrite_ACL_C3_ACL_M7() throws Exception {
        String b = E2e.bucket("rev8-ldw-paths");
        try (S3Client s3 = env.s3()) {
            s3.createBucket(r -> r.bucket(b));
            s3.putObject(r -> r.bucket(b).key("src"), RequestBody.fromString("v"));
            refused(() -> s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").destinationBucket(b).destinationKey("copy").acl("log-delivery-write")));
            refused(() -> s3.createMultipartUpload(r -> r.bucket(b).key("mpu").acl("log-delivery-write")));
            refused(() -> s3.putObjectAcl(r -> r.bucket(b).key("src").acl("log-delivery-write")));
            assertThat(s3.listObjectsV2(r -> r.bucket(b)).contents()).extracting(o -> o.key()).containsExactly("src");
            assertThat(s3.listMultipartUploads(r -> r.bucket(b)).uploads()).isEmpty();
            assertThat(s3.getObjectAcl(r -> r.bucket(b).key("src")).grants()).hasSize(1);
        }
        // the COS dialect, unsigned, on a public-read-write bucket
        String pub = E2e.bucket("rev8-ldw-cos");
        try (S3Client s3 = env.s3()) {
            s3.createBucket(r -> r.bucket(pub).acl(software.amazon.awssdk.services.s3.model.BucketCannedACL.PUBLIC_READ_WRITE));
        }
        var put = RawHttp.send(env.port(), "PUT", "/" + pub + "/k", Map.of("Host", "127.0.0.1:" + env.port(), "x-cos-acl", "log-delivery-write"),
                "x".getBytes());
        assertThat(put.status()).as(put.text()).isEqualTo(400);
    }
}
