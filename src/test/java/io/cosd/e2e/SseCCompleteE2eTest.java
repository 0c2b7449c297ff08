package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.PartETag;
import com.qcloud.cos.model.SSECustomerKey;
import com.qcloud.cos.model.UploadPartRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest.Builder;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.function.Consumer;

import static io.cosd.e2e.SseE2eTest.assertError;
import static io.cosd.e2e.SseE2eTest.data;
import static io.cosd.e2e.SseE2eTest.md5;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSE-A2 (docs/security.md, docs/encryption.md): the checksums a CompleteMultipartUpload answers are of the object's
 * plaintext, so for an SSE-C upload they are answered only to a caller who proved its key, as SSE-A1 does for
 * ListParts. An upload created with a checksum algorithm is completed with its key, as S3 documents the key headers
 * of CompleteMultipartUpload ("needed only when the object was created using a checksum algorithm"); before, it was
 * completed without one and answered the object's plaintext SHA-256. The COS dialect's CRC64 header, of the plaintext
 * too, is left out when no key was sent (the COS SDK sends none on a completion).
 */
@CosdServer(factory = "server")
class SseCCompleteE2eTest {
    static final String BUCKET = E2e.bucket("ssec-complete");

    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static COSClient cos;

    static E2e server() throws Exception {
        return SseServers.plainHttp();
    }

    @BeforeAll
    static void bucket() {
        cos.createBucket(BUCKET);
    }

    @Test
    void anSseCUploadCreatedWithAChecksumAlgorithmIsCompletedOnlyWithItsKeySoItsPlaintextChecksumIsNeverAnsweredWithout_SSE_A2() {
        String k = SseE2eTest.key(181), other = SseE2eTest.key(182);
        byte[] body = data(70_000, "CMP-SSEC");
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("c").checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k))).uploadId();
        var part = s3.uploadPart(b -> b.bucket(BUCKET).key("c").uploadId(id).partNumber(1).checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k)), RequestBody.fromBytes(body));
        Consumer<Builder> parts = b -> b.bucket(BUCKET).key("c").uploadId(id)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(part.eTag()).checksumSHA256(part.checksumSHA256())));

        // Without the key: refused, and nothing completed (the upload and its part are still there, no object).
        assertError(() -> s3.completeMultipartUpload(b -> parts.accept(b)), 400, "InvalidRequest");
        // With another key: refused as a read with the wrong key is.
        assertError(() -> s3.completeMultipartUpload(b -> parts.accept(b.sseCustomerAlgorithm("AES256").sseCustomerKey(other)
                .sseCustomerKeyMD5(md5(other)))), 403, "AccessDenied");
        assertThat(s3.listParts(b -> b.bucket(BUCKET).key("c").uploadId(id).sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k))).parts()).hasSize(1);
        assertError(() -> s3.headObject(b -> b.bucket(BUCKET).key("c").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k))), 404, null);

        // With the upload's key: completed, with the object's checksum.
        var done = s3.completeMultipartUpload(b -> parts.accept(b.sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k))));
        assertThat(done.checksumSHA256()).endsWith("-1");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("c").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k))).asByteArray()).isEqualTo(body);
        // A retry of the completion (a lost answer) without the key: the same version, and no checksum in it.
        var retried = s3.completeMultipartUpload(b -> parts.accept(b));
        assertThat(retried.versionId()).isEqualTo(done.versionId());
        assertThat(retried.eTag()).isEqualTo(done.eTag());
        assertThat(retried.checksumSHA256()).isNull();
        assertError(() -> s3.completeMultipartUpload(b -> parts.accept(b.sseCustomerAlgorithm("AES256").sseCustomerKey(other)
                .sseCustomerKeyMD5(md5(other)))), 403, "AccessDenied");
    }

    @Test
    void anSseCUploadWithoutAChecksumAlgorithmIsStillCompletedWithoutItsKeyAsTheSdksDo_SSE_A2() {
        // Every SDK example completes an SSE-C upload without the key; one created without an algorithm has no object
        // checksum to keep back (its parts' CRC32s, the SDK's default, make none), so it completes as before.
        String k = SseE2eTest.key(183);
        byte[] body = data(10_000, "CMP-NOALG");
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("n")
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k))).uploadId();
        var part = s3.uploadPart(b -> b.bucket(BUCKET).key("n").uploadId(id).partNumber(1).checksumAlgorithm(ChecksumAlgorithm.CRC32)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k)), RequestBody.fromBytes(body));
        var done = s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("n").uploadId(id)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(part.eTag()))));
        assertThat(done.checksumCRC32()).isNull();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("n").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k))).asByteArray()).isEqualTo(body);
    }

    @Test
    void theCosSdksCompletionOfAnSseCUploadAnswersNoPlaintextCrc64_SSE_A2() {
        // The COS SDK sends no key on a completion (its request has no field for one): the object's CRC64, of the
        // plaintext, is left out of the answer, while a plain upload's completion still carries it.
        SSECustomerKey key = new SSECustomerKey(SseE2eTest.key(184));
        byte[] body = data(20_000, "CMP-COS");
        var init = new InitiateMultipartUploadRequest(BUCKET, "cos-c");
        init.setSSECustomerKey(key);
        String id = cos.initiateMultipartUpload(init).getUploadId();
        var up = new UploadPartRequest().withBucketName(BUCKET).withKey("cos-c").withUploadId(id).withPartNumber(1)
                .withInputStream(new ByteArrayInputStream(body)).withPartSize(body.length);
        up.setSSECustomerKey(key);
        PartETag etag = cos.uploadPart(up).getPartETag();
        var done = cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, "cos-c", id, new java.util.ArrayList<>(List.of(etag))));
        assertThat(done.getCrc64Ecma()).isNull();

        String plain = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, "cos-p")).getUploadId();
        PartETag p = cos.uploadPart(new UploadPartRequest().withBucketName(BUCKET).withKey("cos-p").withUploadId(plain).withPartNumber(1)
                .withInputStream(new ByteArrayInputStream(body)).withPartSize(body.length)).getPartETag();
        assertThat(cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, "cos-p", plain, new java.util.ArrayList<>(List.of(p)))).getCrc64Ecma()).isNotNull();
    }
}
