package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.Part;

import java.security.MessageDigest;
import java.util.Base64;

import static io.cosd.e2e.SseE2eTest.assertError;
import static io.cosd.e2e.SseE2eTest.data;
import static io.cosd.e2e.SseE2eTest.md5;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSE-A1 (docs/security.md): ListParts of an SSE-C upload whose parts carry checksums needs the upload's
 * customer key, as S3 documents for ListParts. A part's checksum (SHA-256, CRC32 …) is computed over its
 * plaintext, so shown to a caller without the key it would confirm a guessed content, which is exactly
 * what an SSE-C ETag is kept from doing (SSE-6). Before, ListParts answered every part's plaintext
 * checksum to anyone allowed s3:ListMultipartUploadParts, and refused the key headers (501) outright.
 */
@CosdServer(factory = "server")
class SseCListPartsE2eTest {
    static final String BUCKET = E2e.bucket("ssec-list-parts");

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
    void listPartsOfAnSseCUploadWithChecksumsNeedsItsKeySoNoPlaintextChecksumIsShownWithoutIt_SSE_A1() throws Exception {
        String k = SseE2eTest.key(171), other = SseE2eTest.key(172);
        byte[] body = data(70_000, "LP-SSEC");
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("c").checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k))).uploadId();
        s3.uploadPart(b -> b.bucket(BUCKET).key("c").uploadId(id).partNumber(1).checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k)), RequestBody.fromBytes(body));
        String plaintextSha256 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));

        // Without the key: refused, as a GET or HEAD of an SSE-C object is, and no checksum is answered.
        assertError(() -> s3.listParts(b -> b.bucket(BUCKET).key("c").uploadId(id)), 400, "InvalidRequest");
        // With another key: refused as a read with the wrong key is.
        assertError(() -> s3.listParts(b -> b.bucket(BUCKET).key("c").uploadId(id)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(other).sseCustomerKeyMD5(md5(other))), 403, "AccessDenied");

        // With the upload's key: the parts and their checksums, as before.
        var listed = s3.listParts(b -> b.bucket(BUCKET).key("c").uploadId(id)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k)));
        assertThat(listed.parts()).extracting(Part::partNumber).containsExactly(1);
        assertThat(listed.parts().get(0).checksumSHA256()).isEqualTo(plaintextSha256);
        s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("c").uploadId(id));
    }

    @Test
    void anSseCUploadWithoutChecksumsAndAnyPlainUploadStillListWithoutAKey_SSE_A1() {
        String k = SseE2eTest.key(173);
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("n")
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k))).uploadId();
        // A copied part of an upload that names no checksum algorithm has no checksum (OBJ-K6); an uploaded one
        // would have the SDK's default CRC32, so the key would be needed.
        s3.putObject(b -> b.bucket(BUCKET).key("src"), RequestBody.fromBytes(data(1000, "LP-N")));
        s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("src").destinationBucket(BUCKET).destinationKey("n")
                .uploadId(id).partNumber(1).sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k)));
        // Sizes and (keyed, SSE-6) ETags reveal no plaintext digest: listed without the key, as S3 does.
        assertThat(s3.listParts(b -> b.bucket(BUCKET).key("n").uploadId(id)).parts()).hasSize(1);
        s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("n").uploadId(id));

        String plain = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("p").checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        s3.uploadPart(b -> b.bucket(BUCKET).key("p").uploadId(plain).partNumber(1).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                RequestBody.fromBytes(data(1000, "LP-P")));
        assertThat(s3.listParts(b -> b.bucket(BUCKET).key("p").uploadId(plain)).parts().get(0).checksumSHA256()).isNotNull();
        // A key for an upload that is not SSE-C is refused, never ignored (SSE-9).
        assertError(() -> s3.listParts(b -> b.bucket(BUCKET).key("p").uploadId(plain)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k))), 400, "InvalidRequest");
        s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("p").uploadId(plain));
    }
}
