package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.PartETag;
import com.qcloud.cos.model.UploadPartRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A CompleteMultipartUpload retried after it succeeded (the client lost the first answer) answers
 * 200 with the same result, version id included, as S3 does; it was 404 NoSuchUpload
 * (docs/storage.md "A completion retried after it succeeded").
 */
@CosdServer
class CompleteMultipartRetryTest {
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static COSClient cos;
    static final String VERSIONED = E2e.bucket("retry-v"), PLAIN = E2e.bucket("retry-p");
    static final int MIB = 1 << 20;

    @BeforeAll
    static void fixtures() throws Exception {
        s3.createBucket(b -> b.bucket(VERSIONED));
        s3.putBucketVersioning(b -> b.bucket(VERSIONED).versioningConfiguration(v -> v.status("Enabled")));
        s3.createBucket(b -> b.bucket(PLAIN));
    }

    static CompletedPart part(String bucket, String key, String id, int n, byte[] data) {
        String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(n), RequestBody.fromBytes(data)).eTag();
        return CompletedPart.builder().partNumber(n).eTag(etag).build();
    }

    static CompleteMultipartUploadResponse complete(String bucket, String key, String id, CompletedPart... parts) {
        return s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
    }

    static void assertNoSuchUpload(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(404);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchUpload");
        });
    }

    @Test
    void aCompletionRetriedAfterItSucceededAnswersTheSameResultAndVersionId() {
        String key = "retried";
        String id = s3.createMultipartUpload(b -> b.bucket(VERSIONED).key(key)).uploadId();
        var p1 = part(VERSIONED, key, id, 1, new byte[MIB]);
        var p2 = part(VERSIONED, key, id, 2, new byte[10]);
        var first = complete(VERSIONED, key, id, p1, p2);
        var again = complete(VERSIONED, key, id, p1, p2);
        assertThat(first.versionId()).isNotBlank();
        assertThat(again.versionId()).isEqualTo(first.versionId());
        assertThat(again.eTag()).isEqualTo(first.eTag());
        assertThat(again.location()).isEqualTo(first.location());
        assertThat(again.bucket()).isEqualTo(first.bucket());
        assertThat(again.key()).isEqualTo(first.key());
        assertThat(s3.listObjectVersions(b -> b.bucket(VERSIONED).prefix(key)).versions()).hasSize(1); // nothing new written
    }

    @Test
    void theCosSdkGetsTheSameResultOnARetryToo() {
        String key = "retried-cos";
        String id = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(VERSIONED, key)).getUploadId();
        byte[] data = "tiny".getBytes();
        PartETag tag = cos.uploadPart(new UploadPartRequest().withBucketName(VERSIONED).withKey(key).withUploadId(id)
                .withPartNumber(1).withInputStream(new ByteArrayInputStream(data)).withPartSize(data.length)).getPartETag();
        var first = cos.completeMultipartUpload(new CompleteMultipartUploadRequest(VERSIONED, key, id, new ArrayList<>(List.of(tag))));
        var again = cos.completeMultipartUpload(new CompleteMultipartUploadRequest(VERSIONED, key, id, new ArrayList<>(List.of(tag))));
        assertThat(again.getETag()).isEqualTo(first.getETag());
        assertThat(again.getVersionId()).isEqualTo(first.getVersionId()).isNotBlank();
        assertThat(again.getKey()).isEqualTo(key);
    }

    @Test
    void aRetryNamingOtherPartsAfterSuccessIsNoSuchUpload() {
        String key = "other-parts";
        String id = s3.createMultipartUpload(b -> b.bucket(PLAIN).key(key)).uploadId();
        var p1 = part(PLAIN, key, id, 1, new byte[MIB]);
        var p2 = part(PLAIN, key, id, 2, new byte[10]);
        complete(PLAIN, key, id, p1, p2);
        assertNoSuchUpload(() -> complete(PLAIN, key, id, p1));
        var wrongEtag = CompletedPart.builder().partNumber(2).eTag("\"00000000000000000000000000000000\"").build();
        assertNoSuchUpload(() -> complete(PLAIN, key, id, p1, wrongEtag));
        assertThat(complete(PLAIN, key, id, p1, p2).eTag()).endsWith("-2\""); // the right list still answers
    }

    @Test
    void aRetryAfterTheObjectWasOverwrittenOrDeletedIsNoSuchUpload() {
        String key = "overwritten";
        String id = s3.createMultipartUpload(b -> b.bucket(PLAIN).key(key)).uploadId();
        var p1 = part(PLAIN, key, id, 1, new byte[5]);
        complete(PLAIN, key, id, p1);
        s3.putObject(b -> b.bucket(PLAIN).key(key), RequestBody.fromString("newer"));
        assertNoSuchUpload(() -> complete(PLAIN, key, id, p1));

        String key2 = "deleted";
        String id2 = s3.createMultipartUpload(b -> b.bucket(PLAIN).key(key2)).uploadId();
        var q1 = part(PLAIN, key2, id2, 1, new byte[5]);
        complete(PLAIN, key2, id2, q1);
        s3.deleteObject(b -> b.bucket(PLAIN).key(key2));
        assertNoSuchUpload(() -> complete(PLAIN, key2, id2, q1));
    }

    @Test
    void aCompletedUploadIsNoLongerListedNorAcceptsParts() {
        String key = "gone-after";
        String id = s3.createMultipartUpload(b -> b.bucket(PLAIN).key(key)).uploadId();
        var p1 = part(PLAIN, key, id, 1, new byte[5]);
        complete(PLAIN, key, id, p1);
        assertThat(s3.listMultipartUploads(b -> b.bucket(PLAIN)).uploads()).extracting(u -> u.uploadId()).doesNotContain(id);
        assertNoSuchUpload(() -> s3.listParts(b -> b.bucket(PLAIN).key(key).uploadId(id)));
        assertNoSuchUpload(() -> part(PLAIN, key, id, 2, new byte[5]));
    }

    @Test
    void twinCompletionsSentTogetherAllAnswerTheSameVersion() throws Exception {
        String key = "twins";
        String id = s3.createMultipartUpload(b -> b.bucket(VERSIONED).key(key)).uploadId();
        var p1 = part(VERSIONED, key, id, 1, new byte[5]);
        List<Future<CompleteMultipartUploadResponse>> all = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) all.add(pool.submit(() -> complete(VERSIONED, key, id, p1)));
        }
        var versions = new HashSet<String>();
        for (var f : all) versions.add(f.get().versionId());
        assertThat(versions).hasSize(1);
        assertThat(s3.listObjectVersions(b -> b.bucket(VERSIONED).prefix(key)).versions()).hasSize(1);
    }
}
