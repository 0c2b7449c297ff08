package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.ObjectMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Small objects inline (docs/storage.md "Small objects inline"): a new version of at most 64 KiB stored
 * bytes and known length is kept in meta.db, committed with its row (ST-W2), and every read path serves
 * it as before: GET, ranges, HEAD, copies, SSE-S3 and SSE-C (stored as ciphertext), versions, deletes
 * (ST-W3). No blob file is made for it.
 */
@CosdServer(factory = "server")
class InlineObjectsE2eTest {
    static final String BUCKET = E2e.bucket("inline");
    static final int MAX = 64 * 1024;

    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static COSClient cos;

    static E2e server() throws Exception {
        return SseServers.plainHttp();
    }

    @BeforeAll
    static void bucket() {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    static long blobFiles() throws IOException {
        Path blobs = env.dir.resolve("blobs");
        if (!Files.isDirectory(blobs)) return 0;
        return LiveDir.count(blobs); // the server is running
    }

    /** Whether meta.db or its WAL holds {@code marker} (plain inline bytes are there; ciphertext hides it). */
    static boolean inMetadata(String marker) throws IOException {
        for (String f : new String[] {"meta.db", "meta.db-wal"}) {
            Path p = env.dir.resolve(f);
            if (Files.exists(p) && SseServers.holds(p, marker)) return true;
        }
        return false;
    }

    @Test
    void aSmallPutMakesNoBlobFileAndComesBackWholeRangedHeadedAndCopied_ST_W2() throws Exception {
        byte[] body = SseE2eTest.data(4096, "INLINE-PLAIN");
        long before = blobFiles();
        s3.putObject(b -> b.bucket(BUCKET).key("small"), RequestBody.fromBytes(body));
        assertThat(blobFiles()).isEqualTo(before);
        assertThat(inMetadata("INLINE-PLAIN")).isTrue();

        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small")).asByteArray()).isEqualTo(body);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small").range("bytes=100-1099")).asByteArray())
                .isEqualTo(Arrays.copyOfRange(body, 100, 1100));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small").range("bytes=-10")).asByteArray())
                .isEqualTo(Arrays.copyOfRange(body, body.length - 10, body.length));
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("small")).contentLength()).isEqualTo(4096);

        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("small").destinationBucket(BUCKET).destinationKey("small-copy"));
        assertThat(blobFiles()).isEqualTo(before);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small-copy")).asByteArray()).isEqualTo(body);
        // the copy owns its bytes: deleting the source leaves it whole
        s3.deleteObject(b -> b.bucket(BUCKET).key("small"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("small-copy")).asByteArray()).isEqualTo(body);
        // an empty object is inline too
        s3.putObject(b -> b.bucket(BUCKET).key("empty"), RequestBody.fromBytes(new byte[0]));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("empty")).asByteArray()).isEmpty();
        assertThat(blobFiles()).isEqualTo(before);
    }

    @Test
    void exactly64KiBIsInlineAndOneByteMoreIsABlobFile_ST_W2() throws Exception {
        byte[] at = SseE2eTest.data(MAX, "AT-THRESHOLD");
        byte[] over = SseE2eTest.data(MAX + 1, "OVER-THRESHOLD");
        long before = blobFiles();
        s3.putObject(b -> b.bucket(BUCKET).key("at"), RequestBody.fromBytes(at));
        assertThat(blobFiles()).isEqualTo(before);
        s3.putObject(b -> b.bucket(BUCKET).key("over"), RequestBody.fromBytes(over));
        assertThat(blobFiles()).isEqualTo(before + 1);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("at")).asByteArray()).isEqualTo(at);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("over")).asByteArray()).isEqualTo(over);
        // copying the large one into a small range-less copy keeps it a file; a copy of the small one stays inline
        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("at").destinationBucket(BUCKET).destinationKey("at-copy"));
        assertThat(blobFiles()).isEqualTo(before + 1);
        // overwriting the inline one with the large one and back: files come and go, bytes stay right
        s3.putObject(b -> b.bucket(BUCKET).key("at"), RequestBody.fromBytes(over));
        assertThat(blobFiles()).isEqualTo(before + 2);
        s3.putObject(b -> b.bucket(BUCKET).key("at"), RequestBody.fromBytes(at));
        assertThat(blobFiles()).isEqualTo(before + 1);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("at")).asByteArray()).isEqualTo(at);
    }

    @Test
    void smallSseS3AndSseCObjectsAreStoredInlineAsCiphertextAndDecryptWholeAndRanged_ST_W2_SSE_1() throws Exception {
        long before = blobFiles();
        byte[] body = SseE2eTest.data(5000, "INLINE-SSE-S3");
        s3.putObject(b -> b.bucket(BUCKET).key("sse-s3").serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(body));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sse-s3")).asByteArray()).isEqualTo(body);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sse-s3").range("bytes=4000-4999")).asByteArray())
                .isEqualTo(Arrays.copyOfRange(body, 4000, 5000));

        byte[] key = new byte[32];
        new java.util.Random(7).nextBytes(key);
        String k = Base64.getEncoder().encodeToString(key);
        byte[] secret = SseE2eTest.data(3000, "INLINE-SSE-C");
        s3.putObject(b -> b.bucket(BUCKET).key("sse-c").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(SseE2eTest.md5(k)), RequestBody.fromBytes(secret));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sse-c").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(SseE2eTest.md5(k))).asByteArray()).isEqualTo(secret);
        assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sse-c")))
                .isInstanceOf(S3Exception.class);
        assertThat(inMetadata("INLINE-SSE-S3")).as("SSE-S3 plaintext in meta.db").isFalse();
        assertThat(inMetadata("INLINE-SSE-C")).as("SSE-C plaintext in meta.db").isFalse();
        // a copy of the SSE-C source into a plain destination goes through the plaintext, inline again
        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("sse-c").destinationBucket(BUCKET).destinationKey("sse-c-plain")
                .copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(k).copySourceSSECustomerKeyMD5(SseE2eTest.md5(k)));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("sse-c-plain")).asByteArray()).isEqualTo(secret);

        assertThat(blobFiles()).isEqualTo(before);
    }

    @Test
    void versionsOfAnInlineObjectAreEachTheirOwnAndDeletingOneLeavesTheOthers_ST_W3() {
        String b = E2e.bucket("inline-ver");
        s3.createBucket(r -> r.bucket(b));
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        String v1 = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("one")).versionId();
        String v2 = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("two")).versionId();
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("k")).asUtf8String()).isEqualTo("two");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("k").versionId(v1)).asUtf8String()).isEqualTo("one");
        s3.deleteObject(r -> r.bucket(b).key("k").versionId(v1));
        assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket(b).key("k").versionId(v1))).isInstanceOf(S3Exception.class);
        s3.deleteObject(r -> r.bucket(b).key("k")); // a delete marker: v2 stays
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("k").versionId(v2)).asUtf8String()).isEqualTo("two");
    }

    @Test
    void theCosSdkWritesAndReadsInlineObjectsWithTheirCrc64_ST_W2() throws Exception {
        byte[] body = "hello world".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ObjectMetadata m = new ObjectMetadata();
        m.setContentLength(body.length);
        long before = blobFiles();
        cos.putObject(BUCKET, "cos-small", new ByteArrayInputStream(body), m);
        assertThat(blobFiles()).isEqualTo(before);
        assertThat(cos.getObjectMetadata(BUCKET, "cos-small").getCrc64Ecma()).isEqualTo("5981764153023615706");
        try (var obj = cos.getObject(BUCKET, "cos-small")) {
            assertThat(obj.getObjectContent().readAllBytes()).isEqualTo(body);
        }
    }

    @Test
    void anInlineObjectIsAnUploadPartCopySourceAndThePartStaysAFile_ST_W2() throws Exception {
        byte[] body = SseE2eTest.data(3000, "INLINE-PART-SRC");
        s3.putObject(b -> b.bucket(BUCKET).key("part-src"), RequestBody.fromBytes(body));
        long before = blobFiles();
        String upload = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("from-parts")).uploadId();
        var part = s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("part-src").destinationBucket(BUCKET)
                .destinationKey("from-parts").uploadId(upload).partNumber(1).copySourceRange("bytes=1000-2999"));
        assertThat(blobFiles()).isEqualTo(before + 1); // multipart parts are files (docs/storage.md)
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("from-parts").uploadId(upload)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(part.copyPartResult().eTag()))));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("from-parts")).asByteArray())
                .isEqualTo(Arrays.copyOfRange(body, 1000, 3000));
    }
}
