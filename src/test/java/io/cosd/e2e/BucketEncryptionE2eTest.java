package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.BucketEncryptionConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bucket default encryption ({@code ?encryption}, docs/encryption.md "Bucket default encryption")
 * end to end with the AWS SDK v2 and the COS Java SDK, its KMS keys made with {@code cosd admin kms
 * key} on the live server's data dir (docs/encryption.md "Key service"); raw requests only for the
 * COS error envelope.
 */
@CosdServer
class BucketEncryptionE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;

    @BeforeAll
    static void keys() {
        assertThat(admin("kms", "key", "create", "--id", "testkey-1").out()).contains("created key testkey-1");
        assertThat(admin("kms", "key", "create", "--alias", "orders").out()).contains("alias orders");
        assertThat(admin("kms", "key", "create", "--id", "retired").code()).isZero();
        assertThat(admin("kms", "key", "disable", "retired").out()).contains("disabled key retired");
    }

    static E2e.AdminRun admin(String... args) {
        return E2e.admin(env.dir, args);
    }

    private static String newBucket(String name) {
        String b = E2e.bucket(name);
        s3.createBucket(r -> r.bucket(b));
        return b;
    }

    private static Consumer<software.amazon.awssdk.services.s3.model.PutBucketEncryptionRequest.Builder> put(String b, String algorithm, String key, Boolean bucketKey) {
        return r -> r.bucket(b).serverSideEncryptionConfiguration(c -> c.rules(ServerSideEncryptionRule.builder()
                .applyServerSideEncryptionByDefault(ServerSideEncryptionByDefault.builder().sseAlgorithm(algorithm).kmsMasterKeyID(key).build())
                .bucketKeyEnabled(bucketKey).build()));
    }

    private static void assertS3Error(Executable call, int status, String code) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.requestId()).isNotBlank();
        });
    }

    private static ServerSideEncryptionRule s3Rule(String b) {
        return s3.getBucketEncryption(r -> r.bucket(b)).serverSideEncryptionConfiguration().rules().get(0);
    }

    @Test
    void theAwsSdkPutsReadsAndDeletesTheDefaultAndItsAbsenceIsNotFound_SSE_D1_SSE_D2() {
        String b = newBucket("enc-s3-crud");
        assertS3Error(() -> s3.getBucketEncryption(r -> r.bucket(b)), 404, "ServerSideEncryptionConfigurationNotFoundError");
        assertThat(s3.putBucketEncryption(put(b, "AES256", null, null)).sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(s3Rule(b).applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(s3Rule(b).bucketKeyEnabled()).isFalse();
        // a PUT replaces the whole default; the key reads back as it was named
        s3.putBucketEncryption(put(b, "aws:kms", "testkey-1", true));
        ServerSideEncryptionRule kms = s3Rule(b);
        assertThat(kms.applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(kms.applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo("testkey-1");
        assertThat(kms.bucketKeyEnabled()).isTrue();
        s3.putBucketEncryption(put(b, "aws:kms", "alias/orders", null));
        assertThat(s3Rule(b).applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo("alias/orders");
        assertThat(s3.deleteBucketEncryption(r -> r.bucket(b)).sdkHttpResponse().statusCode()).isEqualTo(204);
        assertS3Error(() -> s3.getBucketEncryption(r -> r.bucket(b)), 404, "ServerSideEncryptionConfigurationNotFoundError");
        assertThat(s3.deleteBucketEncryption(r -> r.bucket(b)).sdkHttpResponse().statusCode()).isEqualTo(204); // idempotent
    }

    @Test
    void aBadDefaultIsItsExactErrorAndChangesNothing_SSE_D1_SSE_D3_KMS_2_KMS_4() {
        String b = newBucket("enc-s3-bad");
        s3.putBucketEncryption(put(b, "AES256", null, null));
        assertS3Error(() -> s3.putBucketEncryption(put(b, "aws:kms", "fool-me-again", null)), 400, "KMS.NotFoundException");
        assertS3Error(() -> s3.putBucketEncryption(put(b, "aws:kms", "retired", null)), 400, "KMS.DisabledException");
        assertS3Error(() -> s3.putBucketEncryption(put(b, "AES256", "testkey-1", null)), 400, "InvalidArgument");
        assertS3Error(() -> s3.putBucketEncryption(put(b, "AES128", null, null)), 400, "MalformedXML");
        assertS3Error(() -> s3.putBucketEncryption(put(b, "aws:kms:dsse", "testkey-1", null)), 501, "NotImplemented");
        assertThat(s3Rule(b).applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(s3Rule(b).applyServerSideEncryptionByDefault().kmsMasterKeyID()).isNull();
        // an enabled key works again at once (KMS-4)
        assertThat(admin("kms", "key", "enable", "retired").code()).isZero();
        s3.putBucketEncryption(put(b, "aws:kms", "retired", null));
        assertThat(admin("kms", "key", "disable", "retired").code()).isZero();
    }

    /**
     * SSE-17, UB-1: S3's dual-layer SSE-KMS is a value cosd does not build, so every write asking for it is 501
     * NotImplemented (as PutBucketEncryption's default is, above), even with a key service, and writes nothing.
     * Before, PutObject, Copy and CreateMultipartUpload answered it 400 InvalidArgument, as for an unknown value.
     */
    @Test
    void dualLayerSseKmsOnAWriteIsNotImplementedAndWritesNothing_SSE_17() {
        String b = newBucket("enc-dsse");
        s3.putObject(r -> r.bucket(b).key("src"), software.amazon.awssdk.core.sync.RequestBody.fromString("plain"));
        assertS3Error(() -> s3.putObject(r -> r.bucket(b).key("put").serverSideEncryption("aws:kms:dsse").ssekmsKeyId("testkey-1"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("x")), 501, "NotImplemented");
        assertS3Error(() -> s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").destinationBucket(b).destinationKey("copy")
                .serverSideEncryption("aws:kms:dsse")), 501, "NotImplemented");
        assertS3Error(() -> s3.createMultipartUpload(r -> r.bucket(b).key("mpu").serverSideEncryption("aws:kms:dsse")), 501, "NotImplemented");
        assertThat(s3.listObjectsV2(r -> r.bucket(b)).contents()).extracting(o -> o.key()).containsExactly("src");
        assertThat(s3.listMultipartUploads(r -> r.bucket(b)).uploads()).isEmpty();
    }

    @Test
    void kmsNamingNoKeyUsesTheKeyAliasedDefaultAndIsNotFoundWithoutOne_SSE_D3_KMS_9() {
        String b = newBucket("enc-default-key");
        assertS3Error(() -> s3.putBucketEncryption(put(b, "aws:kms", null, null)), 400, "KMS.NotFoundException");
        BucketEncryptionConfiguration k = new BucketEncryptionConfiguration();
        k.setSseAlgorithm("KMS");
        assertCosError(() -> cos.putBucketEncryptionConfiguration(b, k), 400, "KMS.NotFoundException");
        assertS3Error(() -> s3.getBucketEncryption(r -> r.bucket(b)), 404, "ServerSideEncryptionConfigurationNotFoundError");
        assertThat(admin("kms", "key", "create", "--alias", "default").out()).contains("alias default");
        s3.putBucketEncryption(put(b, "aws:kms", null, null));
        assertThat(s3Rule(b).applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(s3Rule(b).applyServerSideEncryptionByDefault().kmsMasterKeyID()).isNull();
        cos.putBucketEncryptionConfiguration(b, k);
        assertThat(cos.getBucketEncryptionConfiguration(b).getSseAlgorithm()).isEqualTo("KMS");
    }

    @Test
    void theCosSdkPutsReadsAndDeletesTheDefaultInCosNames_SSE_D1_SSE_D2() {
        String b = E2e.bucket("enc-cos-crud");
        cos.createBucket(b);
        assertCosError(() -> cos.getBucketEncryptionConfiguration(b), 404, "ServerSideEncryptionConfigurationNotFoundError");
        BucketEncryptionConfiguration c = new BucketEncryptionConfiguration();
        c.setSseAlgorithm("AES256");
        cos.putBucketEncryptionConfiguration(b, c);
        assertThat(cos.getBucketEncryptionConfiguration(b).getSseAlgorithm()).isEqualTo("AES256");
        BucketEncryptionConfiguration k = new BucketEncryptionConfiguration();
        k.setSseAlgorithm("KMS");
        k.setKmsMasterKeyID("orders");
        cos.putBucketEncryptionConfiguration(b, k);
        BucketEncryptionConfiguration got = cos.getBucketEncryptionConfiguration(b);
        assertThat(got.getSseAlgorithm()).isEqualTo("KMS");
        assertThat(got.getKmsMasterKeyID()).isEqualTo("orders");
        // the same default read by an S3 client, in S3's names
        assertThat(s3Rule(b).applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AWS_KMS);
        cos.deleteBucketEncryptionConfiguration(b);
        assertCosError(() -> cos.getBucketEncryptionConfiguration(b), 404, "ServerSideEncryptionConfigurationNotFoundError");
    }

    @Test
    void cosErrorsComeInTheCosEnvelope_SSE_D1_SSE_D3_KMS_2() throws Exception {
        String b = E2e.bucket("enc-cos-bad");
        cos.createBucket(b);
        BucketEncryptionConfiguration k = new BucketEncryptionConfiguration();
        k.setSseAlgorithm("KMS");
        k.setKmsMasterKeyID("fool-me-again");
        assertCosError(() -> cos.putBucketEncryptionConfiguration(b, k), 400, "KMS.NotFoundException");
        BucketEncryptionConfiguration s = new BucketEncryptionConfiguration();
        s.setSseAlgorithm("aws:kms");
        s.setKmsMasterKeyID("testkey-1");
        assertCosError(() -> cos.putBucketEncryptionConfiguration(b, s), 400, "MalformedXML");
        var r = Raw.put(env.port(), b, "encryption", "<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
                + "<SSEAlgorithm>KMS</SSEAlgorithm><KMSMasterKeyID>testkey-1</KMSMasterKeyID><KMSAlgorithm>SM4</KMSAlgorithm>"
                + "</ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>");
        assertThat(r.status()).isEqualTo(501);
        assertThat(r.text()).contains("<Code>NotImplemented</Code>").contains("KMSAlgorithm").contains("<RequestId>");
        var none = Raw.send(env.port(), "GET", b, "", java.util.Map.of(), null, "encryption", E2e.SECRET_ID);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.text()).contains("<Code>ServerSideEncryptionConfigurationNotFoundError</Code>");
        assertThat(none.header("x-cos-request-id")).isNotBlank();
    }

    /* KMS-2: a typed reference names only its kind; UB-5: COS's documented SM4 is not built. */
    @Test
    void aTypedKeyReferenceOfTheWrongKindIsNotFoundAndCosSm4IsNotImplemented_KMS_2_SSE_D1_UB_5() {
        String b = E2e.bucket("enc-typed");
        cos.createBucket(b);
        assertS3Error(() -> s3.putBucketEncryption(put(b, "aws:kms", "alias/testkey-1", null)), 400, "KMS.NotFoundException");
        assertS3Error(() -> s3.putBucketEncryption(put(b, "aws:kms", "arn:aws:kms:us-east-1:111122223333:key/orders", null)),
                400, "KMS.NotFoundException");
        s3.putBucketEncryption(put(b, "aws:kms", "arn:aws:kms:us-east-1:111122223333:key/testkey-1", null));
        BucketEncryptionConfiguration sm4 = new BucketEncryptionConfiguration();
        sm4.setSseAlgorithm("SM4");
        assertCosError(() -> cos.putBucketEncryptionConfiguration(b, sm4), 501, "NotImplemented");
        assertThat(cos.getBucketEncryptionConfiguration(b).getKmsMasterKeyID()).isEqualTo("arn:aws:kms:us-east-1:111122223333:key/testkey-1");
    }

    @Test
    void everyWriteCreatingDataGetsTheDefaultUnlessItAsksForItsOwn_SSE_D5_SSE_D6_SSE_D7_SSE_D10() {
        String b = newBucket("enc-applied");
        s3.putObject(r -> r.bucket(b).key("before.txt"), software.amazon.awssdk.core.sync.RequestBody.fromString("plain"));
        s3.putBucketEncryption(put(b, "AES256", null, null));
        // SSE-D5: PUT, copy, multipart and the COS SDK without headers get the default
        var put = s3.putObject(r -> r.bucket(b).key("after.txt"), software.amazon.awssdk.core.sync.RequestBody.fromString("secret"));
        assertThat(put.serverSideEncryptionAsString()).isEqualTo("AES256");
        var copy = s3.copyObject(r -> r.sourceBucket(b).sourceKey("before.txt").destinationBucket(b).destinationKey("copy.txt"));
        assertThat(copy.serverSideEncryptionAsString()).isEqualTo("AES256");
        assertThat(s3.createMultipartUpload(r -> r.bucket(b).key("mp.txt")).serverSideEncryptionAsString()).isEqualTo("AES256");
        cos.putObject(b, "cos.txt", "secret");
        assertThat(cos.getObjectMetadata(b, "cos.txt").getServerSideEncryption()).isEqualTo("AES256");
        assertThat(s3.headObject(r -> r.bucket(b).key("before.txt")).serverSideEncryptionAsString()).as("existing objects stay as they were").isNull();
        // SSE-D6, D7: the request's own mode wins; SSE-KMS naming no key takes an SSE-KMS default's key
        s3.putBucketEncryption(put(b, "aws:kms", "testkey-1", null));
        assertThat(s3.putObject(r -> r.bucket(b).key("kms.txt"), software.amazon.awssdk.core.sync.RequestBody.fromString("k")).ssekmsKeyId())
                .isEqualTo("testkey-1");
        assertThat(s3.putObject(r -> r.bucket(b).key("own.txt").serverSideEncryption("AES256"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("o")).serverSideEncryptionAsString()).isEqualTo("AES256");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("kms.txt")).asUtf8String()).isEqualTo("k");
        // without the default, writes are plain again
        s3.deleteBucketEncryption(r -> r.bucket(b));
        assertThat(s3.putObject(r -> r.bucket(b).key("plain.txt"), software.amazon.awssdk.core.sync.RequestBody.fromString("p"))
                .serverSideEncryptionAsString()).isNull();
    }

    @Test
    void theDefaultGoesWithTheBucket_SSE_D2() {
        String b = newBucket("enc-gone");
        s3.putBucketEncryption(put(b, "AES256", null, null));
        s3.deleteBucket(r -> r.bucket(b));
        s3.createBucket(r -> r.bucket(b));
        assertS3Error(() -> s3.getBucketEncryption(r -> r.bucket(b)), 404, "ServerSideEncryptionConfigurationNotFoundError");
    }

    @Test
    void theKmsCommandsListRotateAndRefuseUnknownKeys_KMS_1_KMS_3() {
        assertThat(admin("kms", "key", "create", "--id", "cli-key", "--alias", "cli-alias").out()).contains("created key cli-key alias cli-alias");
        assertThat(admin("kms", "key", "rotate", "cli-alias").out()).contains("rotated key cli-key to version 2");
        assertThat(admin("kms", "key", "list").out()).containsPattern("(?m)^cli-key\tcli-alias\tenabled\tv2\t")
                .containsPattern("(?m)^retired\t-\tdisabled\tv1\t").containsPattern("(?m)^testkey-1\t-\tenabled\tv1\t");
        assertThat(admin("kms", "key", "rotate", "nope").code()).isEqualTo(1);
        assertThat(admin("kms", "key", "create", "--id", "cli-key").code()).isEqualTo(2);
        assertThat(admin("kms", "key", "create", "--id", "bad/id").code()).isEqualTo(2);
    }

    private static void assertCosError(Executable call, int status, String code) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(CosServiceException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(status);
            assertThat(e.getErrorCode()).isEqualTo(code);
            assertThat(e.getRequestId()).isNotBlank();
        });
    }
}
