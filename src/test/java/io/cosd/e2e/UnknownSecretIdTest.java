package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A SecretId the server does not know (a COSD_ROOT_* set after the first start, a typo, a revoked key)
 * is InvalidAccessKeyId saying the key does not exist, in each dialect's words; not that its format
 * is invalid.
 */
class UnknownSecretIdTest {
    @Test
    void anUnknownSecretIdIsSaidNotToExistToTheCosSdkAndToTheAwsSdk() throws Exception {
        try (E2e env = new E2e()) {
            String b = E2e.bucket("unknown-key");
            COSClient root = env.cos();
            root.createBucket(b);
            root.shutdown();

            COSClient cos = env.cos("AKIDunknownUnknownUnknownUnknown0000", "unknownSecretKeyUnknownSecretKey");
            assertThatThrownBy(() -> cos.getObject(b, "k")).isInstanceOfSatisfying(CosServiceException.class, e -> {
                assertThat(e.getStatusCode()).isEqualTo(403);
                assertThat(e.getErrorCode()).isEqualTo("InvalidAccessKeyId");
                assertThat(e.getErrorMessage()).isEqualTo("The SecretId you provided does not exist in our records, please check.");
            });
            cos.shutdown();

            try (S3Client s3 = env.s3("AKIDunknownUnknownUnknownUnknown0000", "unknownSecretKeyUnknownSecretKey")) {
                assertThatThrownBy(() -> s3.listObjectsV2(r -> r.bucket(b))).isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The AWS Access Key Id you provided does not exist in our records.");
                });
            }
        }
    }
}
