package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.store.blob.TieredBlobStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SSE-13: lifecycle archive transitions and restores of encrypted objects (docs/encryption.md). */
@CosdServer(factory = "server")
class SseLifecycleE2eTest {
    static final String BUCKET = E2e.bucket("sse-lc");

    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static COSClient cos;

    static E2e server() throws Exception {
        return SseServers.plainHttpWithLifecycle();
    }

    @BeforeAll
    static void bucket() throws Exception {
        cos.createBucket(BUCKET);
        SseServers.archiveAtOnce(env, cos, BUCKET);
    }

    @Test
    void anEncryptedVersionArchivedAndRestoredReadsBackTheSame_SSE_13() throws Exception {
        byte[] single = SseE2eTest.data(150_000, "LC-SINGLE");
        s3.putObject(b -> b.bucket(BUCKET).key("single").serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(single));
        int part = SseE2eTest.PART;
        byte[] multi = SseE2eTest.data(part + 4000, "LC-MULTI");
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("multi").serverSideEncryption(ServerSideEncryption.AES256)).uploadId();
        var p1 = s3.uploadPart(b -> b.bucket(BUCKET).key("multi").uploadId(id).partNumber(1), RequestBody.fromBytes(Arrays.copyOf(multi, part)));
        var p2 = s3.uploadPart(b -> b.bucket(BUCKET).key("multi").uploadId(id).partNumber(2),
                RequestBody.fromBytes(Arrays.copyOfRange(multi, part, multi.length)));
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("multi").uploadId(id).multipartUpload(m -> m.parts(
                c -> c.partNumber(1).eTag(p1.eTag()), c -> c.partNumber(2).eTag(p2.eTag()))));
        String k = SseE2eTest.key(61);
        String cid = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("multi-c").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(SseE2eTest.md5(k))).uploadId();
        var c1 = s3.uploadPart(b -> b.bucket(BUCKET).key("multi-c").uploadId(cid).partNumber(1).sseCustomerAlgorithm("AES256")
                .sseCustomerKey(k).sseCustomerKeyMD5(SseE2eTest.md5(k)), RequestBody.fromBytes(SseE2eTest.data(200_000, "LC-MULTI-C")));
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("multi-c").uploadId(cid).multipartUpload(m -> m.parts(
                c -> c.partNumber(1).eTag(c1.eTag()))));

        env.server.runLifecyclePass();
        ObjectVersion v = env.server.metadata().objects().latest(BUCKET, "single").orElseThrow();
        assertThat(v.storageClass().isArchive()).isTrue();
        assertThat(TieredBlobStore.isCold(v.blobId())).as("ciphertext stays where it is").isFalse();
        assertThat(SseE2eTest.contains(env.dir, "LC-SINGLE")).isFalse();

        for (String key : List.of("single", "multi")) cos.restoreObject(LifecycleExecutionTest.restore(BUCKET, key, 600, com.qcloud.cos.model.Tier.Expedited)); // 600 test days: no expiry mid-test
        // A multipart SSE-C object's parts cannot be joined without its key: refused, not half done.
        assertThatThrownBy(() -> cos.restoreObject(LifecycleExecutionTest.restore(BUCKET, "multi-c", 1, com.qcloud.cos.model.Tier.Expedited)))
                .isInstanceOfSatisfying(CosServiceException.class, e -> assertThat(e.getStatusCode()).isEqualTo(400));
        Thread.sleep(1100);
        env.server.runRestores();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("single")).asByteArray()).isEqualTo(single);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("multi")).asByteArray()).isEqualTo(multi);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("multi").range("bytes=" + (part - 3) + "-" + (part + 3))).asByteArray())
                .isEqualTo(Arrays.copyOfRange(multi, part - 3, part + 4));
        assertThat(SseE2eTest.contains(env.dir, "LC-MULTI")).isFalse();
    }
}
