package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A copy of an object onto itself that changes nothing is refused, as S3 refuses it, also in a bucket with a
 * default encryption; naming an encryption is a change (docs/encryption.md, SSE-11).
 */
@CosdServer
class CopyToItselfEncryptionE2eTest {
    @CosdServer.Inject static E2e env;

    @Test
    void aCopyOntoItselfInABucketWithADefaultIsRefusedUnlessItNamesAnEncryption_SSE_11() {
        String b = E2e.bucket("copy-self-default");
        try (S3Client s3 = env.s3()) {
            s3.createBucket(r -> r.bucket(b));
            s3.putBucketEncryption(r -> r.bucket(b).serverSideEncryptionConfiguration(c -> c.rules(rule -> rule
                    .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm("AES256")))));
            s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("same"));
            var e = assertThrows(S3Exception.class, () -> s3.copyObject(r -> r.sourceBucket(b).sourceKey("k").destinationBucket(b).destinationKey("k")));
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
            var ok = s3.copyObject(r -> r.sourceBucket(b).sourceKey("k").destinationBucket(b).destinationKey("k")
                    .serverSideEncryption(ServerSideEncryption.AES256));
            assertThat(ok.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
            assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("k")).asUtf8String()).isEqualTo("same");
        }
    }
}
