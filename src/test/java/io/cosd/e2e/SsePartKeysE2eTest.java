package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import io.cosd.domain.object.UploadedPart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

import static io.cosd.e2e.SseE2eTest.PART;
import static io.cosd.e2e.SseE2eTest.data;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSE-14: each part blob of an encrypted multipart upload is sealed under its own part's key (docs/encryption.md
 * "Keys"), and every path that reads a multipart object's bytes opens each part with that key: GET, ranges across
 * parts, {@code ?partNumber=}, CopyObject and UploadPartCopy sources, the scrubber and restores.
 */
@CosdServer(factory = "server")
class SsePartKeysE2eTest {
    static final String BUCKET = E2e.bucket("sse-parts");
    static final String ARCHIVE = E2e.bucket("sse-parts-lc");

    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static COSClient cos;

    static E2e server() throws Exception {
        return SseServers.plainHttpWithLifecycle();
    }

    @BeforeAll
    static void buckets() throws Exception {
        cos.createBucket(BUCKET);
        cos.createBucket(ARCHIVE);
        SseServers.archiveAtOnce(env, cos, ARCHIVE);
    }

    /** An SSE-S3 upload of the given parts (part number, bytes), completed. */
    static void upload(String bucket, String key, Object... numbered) {
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).serverSideEncryption(ServerSideEncryption.AES256)).uploadId();
        var done = new java.util.ArrayList<software.amazon.awssdk.services.s3.model.CompletedPart>();
        for (int i = 0; i < numbered.length; i += 2) {
            int n = (Integer) numbered[i];
            var p = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(id).partNumber(n), RequestBody.fromBytes((byte[]) numbered[i + 1]));
            done.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(n).eTag(p.eTag()).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(done)));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void partsNumberedOutOfOrderAndCopiedFromAnEncryptedMultipartSourceReadBackOnEveryPath_SSE_14() throws Exception {
        byte[] s1 = data(PART, "PK-SRC-1"), s2 = data(70_000, "PK-SRC-2");
        upload(BUCKET, "src", 1, s1, 2, s2);
        byte[] source = concat(s1, s2);

        // Part 2 uploaded; part 5 copied from a range of the encrypted source that crosses its part boundary.
        byte[] first = data(PART, "PK-DST-2");
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("dst").serverSideEncryption(ServerSideEncryption.AES256)).uploadId();
        var p2 = s3.uploadPart(b -> b.bucket(BUCKET).key("dst").uploadId(id).partNumber(2), RequestBody.fromBytes(first));
        long from = PART - 1000, to = PART + 60_000;
        var p5 = s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("src").destinationBucket(BUCKET).destinationKey("dst")
                .uploadId(id).partNumber(5).copySourceRange("bytes=" + from + "-" + to));
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("dst").uploadId(id).multipartUpload(m -> m.parts(
                c -> c.partNumber(2).eTag(p2.eTag()), c -> c.partNumber(5).eTag(p5.copyPartResult().eTag()))));
        byte[] copied = Arrays.copyOfRange(source, (int) from, (int) to + 1);
        byte[] whole = concat(first, copied);

        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("dst")).asByteArray()).isEqualTo(whole);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("dst").range("bytes=" + (PART - 5) + "-" + (PART + 60_000)))
                .asByteArray()).isEqualTo(Arrays.copyOfRange(whole, PART - 5, PART + 60_001));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("dst").partNumber(2)).asByteArray()).isEqualTo(copied);

        // CopyObject out of it, plain and re-encrypted: single blobs under the data key itself.
        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("dst").destinationBucket(BUCKET).destinationKey("plain"));
        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("dst").destinationBucket(BUCKET).destinationKey("sealed")
                .serverSideEncryption(ServerSideEncryption.AES256));
        for (String k : List.of("plain", "sealed")) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(k)).asByteArray()).as(k).isEqualTo(whole);
        }
        assertThat(env.server.runScrub(BUCKET).damaged()).as("every part checked through its own key").isEmpty();
    }

    @Test
    void swappedPartBlobsOfAnSseCMultipartObjectAreNeverServedAsItsBytes_SSE_3_SSE_14() throws Exception {
        String k = SseE2eTest.key(141);
        byte[] one = data(PART, "PK-C-ONE"), two = data(PART, "PK-C-TWO");
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("c-swap").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(SseE2eTest.md5(k))).uploadId();
        var p1 = s3.uploadPart(b -> b.bucket(BUCKET).key("c-swap").uploadId(id).partNumber(1).sseCustomerAlgorithm("AES256")
                .sseCustomerKey(k).sseCustomerKeyMD5(SseE2eTest.md5(k)), RequestBody.fromBytes(one));
        var p2 = s3.uploadPart(b -> b.bucket(BUCKET).key("c-swap").uploadId(id).partNumber(2).sseCustomerAlgorithm("AES256")
                .sseCustomerKey(k).sseCustomerKeyMD5(SseE2eTest.md5(k)), RequestBody.fromBytes(two));
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("c-swap").uploadId(id).multipartUpload(m -> m.parts(
                c -> c.partNumber(1).eTag(p1.eTag()), c -> c.partNumber(2).eTag(p2.eTag()))));

        var v = env.server.metadata().objects().latest(BUCKET, "c-swap").orElseThrow();
        List<UploadedPart> parts = env.server.metadata().uploads().objectParts(BUCKET, "c-swap", v.versionId(), v.seq()).orElseThrow();
        Path a = LifecycleExecutionTest.blobPath(env.dir, parts.get(0).blobId());
        Path b = LifecycleExecutionTest.blobPath(env.dir, parts.get(1).blobId());
        Path tmp = a.resolveSibling(a.getFileName() + ".swap");
        Files.move(a, tmp);
        Files.move(b, a);
        Files.move(tmp, b, StandardCopyOption.ATOMIC_MOVE);

        // Part 1's position now holds part 2's blob: its first chunk fails under part 1's key, before any header (SSE-3).
        SseE2eTest.assertError(() -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("c-swap").sseCustomerAlgorithm("AES256")
                .sseCustomerKey(k).sseCustomerKeyMD5(SseE2eTest.md5(k))), 500, "InternalError");
    }

    @Test
    void aLonePartNumberedThreeIsResealedUnderTheDataKeyWhenRestored_SSE_13_SSE_14() throws Exception {
        byte[] bytes = data(150_000, "PK-LONE");
        upload(ARCHIVE, "lone", 3, bytes);
        env.server.runLifecyclePass();
        assertThat(env.server.metadata().objects().latest(ARCHIVE, "lone").orElseThrow().storageClass().isArchive()).isTrue();
        cos.restoreObject(LifecycleExecutionTest.restore(ARCHIVE, "lone", 600, com.qcloud.cos.model.Tier.Expedited));
        Thread.sleep(1100);
        env.server.runRestores();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(ARCHIVE).key("lone")).asByteArray()).isEqualTo(bytes);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(ARCHIVE).key("lone").range("bytes=70000-70009")).asByteArray())
                .isEqualTo(Arrays.copyOfRange(bytes, 70_000, 70_010));
    }
}
