package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.ListMultipartUploadsRequest;
import com.qcloud.cos.model.UploadPartRequest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.cosd.e2e.CosSdkBucketsAndErrorsTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DeleteBucket of a bucket holding only incomplete multipart uploads (docs/buckets.md "DeleteBucket"):
 * the S3 dialect aborts them, deletes their part files and the bucket, as AWS and RGW do; the COS
 * dialect answers 409 BucketNotEmpty as COS does and changes nothing.
 */
@CosdServer
class DeleteBucketWithUploadsTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static COSClient cos;

    private long blobFiles() throws IOException {
        Path blobs = env.dir.resolve("blobs");
        if (!Files.exists(blobs)) return 0;
        return LiveDir.count(blobs); // the server is running
    }

    @Test
    void theS3DialectAbortsIncompleteUploadsDeletesTheirPartsAndTheBucket() throws Exception {
        String b = E2e.bucket("s3-uploads-only");
        s3.createBucket(r -> r.bucket(b));
        long before = blobFiles();
        for (String key : new String[] {"a.bin", "b.bin"}) {
            String id = s3.createMultipartUpload(r -> r.bucket(b).key(key)).uploadId();
            s3.uploadPart(r -> r.bucket(b).key(key).uploadId(id).partNumber(1), RequestBody.fromString("part one"));
            s3.uploadPart(r -> r.bucket(b).key(key).uploadId(id).partNumber(2), RequestBody.fromString("part two"));
        }
        assertThat(blobFiles()).isEqualTo(before + 4);

        s3.deleteBucket(r -> r.bucket(b));

        assertThatThrownBy(() -> s3.headBucket(r -> r.bucket(b))).isInstanceOf(NoSuchBucketException.class);
        assertThat(blobFiles()).isEqualTo(before);
        s3.createBucket(r -> r.bucket(b)); // a new bucket under the name has no upload of the old one
        assertThat(s3.listMultipartUploads(r -> r.bucket(b)).uploads()).isEmpty();
        s3.deleteBucket(r -> r.bucket(b));
    }

    @Test
    void theS3DialectStillRefusesABucketWithObjectsAndKeepsItsUploads() {
        String b = E2e.bucket("s3-uploads-and-object");
        s3.createBucket(r -> r.bucket(b));
        s3.putObject(r -> r.bucket(b).key("kept"), RequestBody.fromString("x"));
        String id = s3.createMultipartUpload(r -> r.bucket(b).key("big")).uploadId();
        assertThatThrownBy(() -> s3.deleteBucket(r -> r.bucket(b)))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.s3.model.S3Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty"));
        assertThat(s3.listMultipartUploads(r -> r.bucket(b)).uploads()).extracting(u -> u.uploadId()).containsExactly(id);
    }

    @Test
    void theCosDialectAnswersBucketNotEmptyAndKeepsTheUploads() throws Exception {
        String b = E2e.bucket("cos-uploads-only");
        cos.createBucket(b);
        String id = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(b, "a.bin")).getUploadId();
        byte[] data = "part one".getBytes();
        cos.uploadPart(new UploadPartRequest().withBucketName(b).withKey("a.bin").withUploadId(id).withPartNumber(1)
                .withInputStream(new ByteArrayInputStream(data)).withPartSize(data.length));
        long before = blobFiles();

        assertCode(() -> cos.deleteBucket(b), 409, "BucketNotEmpty");

        assertThat(cos.doesBucketExist(b)).isTrue();
        assertThat(cos.listMultipartUploads(new ListMultipartUploadsRequest(b)).getMultipartUploads())
                .extracting(u -> u.getUploadId()).containsExactly(id);
        assertThat(blobFiles()).isEqualTo(before);
    }

    @Test
    void anUploadPartStreamingWhileTheS3DeleteBucketAbortsItAnswersNoSuchUploadAndLeavesNoFile() throws Exception {
        String b = E2e.bucket("s3-upload-race");
        s3.createBucket(r -> r.bucket(b));
        String id = s3.createMultipartUpload(r -> r.bucket(b).key("big")).uploadId();
        long before = blobFiles();
        byte[] half = new byte[64 * 1024];
        var socket = SignedRaw.start(env.port(), "PUT", b, "big", Map.of("partNumber", "1", "uploadId", id),
                Map.of(), 2L * half.length, half);
        TempFiles.await(env.dir, true); // the part's body is streaming to its file

        s3.deleteBucket(r -> r.bucket(b));

        var reply = SignedRaw.finish(socket, half);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.text()).contains("NoSuch");
        assertThat(blobFiles()).isEqualTo(before);
        assertThatThrownBy(() -> s3.headBucket(r -> r.bucket(b))).isInstanceOf(NoSuchBucketException.class);
    }
}
