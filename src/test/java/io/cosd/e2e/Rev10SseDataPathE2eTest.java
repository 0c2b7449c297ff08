package io.cosd.e2e;

import io.cosd.domain.object.UploadedPart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.cosd.e2e.SseE2eTest.assertError;
import static io.cosd.e2e.SseE2eTest.data;
import static io.cosd.e2e.SseE2eTest.key;
import static io.cosd.e2e.SseE2eTest.md5;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Second review of encryption at rest, the data path (docs/encryption.md, SSE-1..SSE-16). Each test here
 * states what the rules promise and fails on the code under review: the holes it proves are listed in the
 * review report. SSE-C keys over plain HTTP only because COSD_SSE_C_ALLOW_HTTP=true (SSE-9).
 */
@CosdServer(factory = "server")
class Rev10SseDataPathE2eTest {
    static final String BUCKET = E2e.bucket("rev10-sse");
    static final int PART = SseE2eTest.PART;

    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    static E2e server() throws Exception {
        return SseServers.plainHttp();
    }

    @BeforeAll
    static void bucket() {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    static String hexMd5(byte[] b) throws Exception {
        return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b)) + "\"";
    }

    /**
     * SSE-8 refuses HEAD and GetObjectAttributes without the key, yet ListObjects answers the SSE-C
     * object's ETag, which is the MD5 of its plaintext: anyone allowed to list can confirm a guessed
     * content. S3 never answers a plaintext MD5 for an SSE-C object (its ETag there is not the MD5).
     */
    @Test
    void listingAnSseCObjectWithoutItsKeyDoesNotRevealItsPlaintextMd5_SSE_6_SSE_8() throws Exception {
        String k = key(1001);
        byte[] body = "salary: 100000".getBytes();
        s3.putObject(b -> b.bucket(BUCKET).key("listed-c").sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k)),
                RequestBody.fromBytes(body));
        assertError(() -> s3.headObject(b -> b.bucket(BUCKET).key("listed-c")), 400, null); // the key is needed here...
        var listed = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("listed-c")).contents();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).eTag()).as("...but the listing gives MD5(plaintext) away").isNotEqualTo(hexMd5(body));
        var versions = s3.listObjectVersions(b -> b.bucket(BUCKET).prefix("listed-c")).versions();
        assertThat(versions.get(0).eTag()).isNotEqualTo(hexMd5(body));
    }

    /**
     * The same through ListParts: an SSE-C upload's part ETags were the MD5s of the parts' plaintext, with no key
     * asked. The SDK's default CRC32 on the part now makes ListParts need the key at all (SSE-A1,
     * SseCListPartsE2eTest); the ETag listed with it is still not the plaintext's MD5.
     */
    @Test
    void listPartsOfAnSseCUploadWithoutItsKeyDoesNotRevealAPartsPlaintextMd5_SSE_8_SSE_14() throws Exception {
        String k = key(1002);
        byte[] part = "the part's secret plaintext".getBytes();
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("parts-c").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k))).uploadId();
        s3.uploadPart(b -> b.bucket(BUCKET).key("parts-c").uploadId(id).partNumber(1).sseCustomerAlgorithm("AES256")
                .sseCustomerKey(k).sseCustomerKeyMD5(md5(k)), RequestBody.fromBytes(part));
        var parts = s3.listParts(b -> b.bucket(BUCKET).key("parts-c").uploadId(id).sseCustomerAlgorithm("AES256")
                .sseCustomerKey(k).sseCustomerKeyMD5(md5(k))).parts();
        assertThat(parts).hasSize(1);
        assertThat(parts.get(0).eTag()).isNotEqualTo(hexMd5(part));
    }

    /**
     * SSE-3 says a chunk "taken from another blob" fails its tag. Each part blob of an upload is sealed under
     * its own part's key (SSE-14: HKDF of the upload's data key and the part number), so two equal-sized part
     * blobs swapped on disk no longer authenticate: GET is refused or cut, never a 200 of the parts swapped.
     */
    @Test
    void swappedPartBlobsOfAnEncryptedMultipartObjectAreNeverServedAsItsBytes_SSE_1_SSE_3() throws Exception {
        byte[] one = data(PART, "REV10-PART-ONE"), two = Arrays.copyOf(data(PART + 1, "REV10-PART-TWO"), PART);
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("swap").serverSideEncryption(ServerSideEncryption.AES256)).uploadId();
        var p1 = s3.uploadPart(b -> b.bucket(BUCKET).key("swap").uploadId(id).partNumber(1), RequestBody.fromBytes(one));
        var p2 = s3.uploadPart(b -> b.bucket(BUCKET).key("swap").uploadId(id).partNumber(2), RequestBody.fromBytes(two));
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("swap").uploadId(id).multipartUpload(m -> m.parts(
                c -> c.partNumber(1).eTag(p1.eTag()), c -> c.partNumber(2).eTag(p2.eTag()))));

        var v = env.server.metadata().objects().latest(BUCKET, "swap").orElseThrow();
        List<UploadedPart> parts = env.server.metadata().uploads().objectParts(BUCKET, "swap", v.versionId(), v.seq()).orElseThrow();
        Path a = LifecycleExecutionTest.blobPath(env.dir, parts.get(0).blobId());
        Path b = LifecycleExecutionTest.blobPath(env.dir, parts.get(1).blobId());
        Path tmp = a.resolveSibling(a.getFileName() + ".rev10");
        Files.move(a, tmp);
        Files.move(b, a);
        Files.move(tmp, b, StandardCopyOption.ATOMIC_MOVE);

        byte[] swapped = new byte[2 * PART];
        System.arraycopy(two, 0, swapped, 0, PART);
        System.arraycopy(one, 0, swapped, PART, PART);
        byte[] served;
        try {
            served = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("swap")).asByteArray();
        } catch (RuntimeException refused) {
            return; // refused (500) or cut: what SSE-3 promises
        }
        assertThat(Arrays.equals(served, swapped)).as("the parts were served swapped, as a complete answer").isFalse();
    }

    /** Tried and holding (UB-1, SSE-9): both dialects' SSE-C triples naming two keys are refused, neither ignored. */
    @Test
    void twoDialectsSseCKeysThatDisagreeAreRefusedNotOneSilentlyIgnored_SSE_9() {
        String amz = key(1003), cos = key(1004);
        assertError(() -> s3.putObject(b -> b.bucket(BUCKET).key("two-keys").sseCustomerAlgorithm("AES256").sseCustomerKey(amz)
                        .sseCustomerKeyMD5(md5(amz)).overrideConfiguration(o -> o
                                .putHeader("x-cos-server-side-encryption-customer-algorithm", "AES256")
                                .putHeader("x-cos-server-side-encryption-customer-key", cos)
                                .putHeader("x-cos-server-side-encryption-customer-key-MD5", md5(cos))),
                RequestBody.fromBytes("x".getBytes())), 400, "InvalidArgument");
    }

    /**
     * SSE-8 says an SSE-C source is refused without its key "before any byte is read", and CopyObject
     * checks the key before the copy-source conditions. UploadPartCopy evaluates
     * x-amz-copy-source-if-match first: a guess that is not the source's ETag answers 412, the right
     * one 400, so a caller without the key can test guesses of the plaintext's MD5.
     */
    @Test
    void uploadPartCopyChecksAnSseCSourcesKeyBeforeItsCopySourceConditions_SSE_8() {
        String k = key(1005);
        s3.putObject(b -> b.bucket(BUCKET).key("oracle-src").sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k)),
                RequestBody.fromBytes("guess me".getBytes()));
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("oracle-dst")).uploadId();
        assertError(() -> s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("oracle-src").destinationBucket(BUCKET)
                .destinationKey("oracle-dst").uploadId(id).partNumber(1)
                .copySourceIfMatch("\"00000000000000000000000000000000\"")), 400, "InvalidRequest");
    }

    /**
     * KMS-8 accepts any JSON string in the context, NUL included; the stored encryption value (SSE-7)
     * separates the context's names and values with NUL, so the object's data key is later asked for
     * under another context and the object, stored with 200, never reads again.
     */
    @Test
    void anSseKmsObjectWhoseContextValueHoldsANulCharacterReadsBack_SSE_7_SSE_16_KMS_8() {
        assertThat(E2e.admin(env.dir, "kms", "key", "create", "--id", "rev10-key").code()).isZero();
        String ctx = java.util.Base64.getEncoder().encodeToString("{\"note\":\"a\\u0000b\"}".getBytes());
        byte[] body = "kms body".getBytes();
        s3.putObject(b -> b.bucket(BUCKET).key("kms-nul").serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId("rev10-key")
                .ssekmsEncryptionContext(ctx), RequestBody.fromBytes(body));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("kms-nul")).asByteArray()).isEqualTo(body);
    }

    /**
     * Tried and holding (SSE-2, SSE-14): every range at a chunk or part boundary of an SSE-C multipart object
     * whose parts have odd sizes, each part by number, and part copies of ranges across the source's part
     * and chunk boundaries into an SSE-C upload, all give the right plaintext.
     */
    @Test
    void rangesAndPartCopiesAtEveryChunkAndPartBoundaryOfAnOddSizedEncryptedMultipartObjectAreRight_SSE_2_SSE_14() {
        String k = key(1006), k2 = key(1007);
        int s1 = PART + 12345, s2 = PART + 1, s3size = 70001;
        byte[] body = data(s1 + s2 + s3size, "REV10-RANGES");
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("odd").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k))).uploadId();
        int[] bounds = {0, s1, s1 + s2, body.length};
        String[] etags = new String[3];
        for (int i = 0; i < 3; i++) {
            int n = i + 1;
            byte[] part = Arrays.copyOfRange(body, bounds[i], bounds[i + 1]);
            etags[i] = s3.uploadPart(b -> b.bucket(BUCKET).key("odd").uploadId(id).partNumber(n).sseCustomerAlgorithm("AES256")
                    .sseCustomerKey(k).sseCustomerKeyMD5(md5(k)), RequestBody.fromBytes(part)).eTag();
        }
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("odd").uploadId(id).multipartUpload(m -> m.parts(
                c -> c.partNumber(1).eTag(etags[0]), c -> c.partNumber(2).eTag(etags[1]), c -> c.partNumber(3).eTag(etags[2]))));

        java.util.List<long[]> ranges = new java.util.ArrayList<>();
        for (int pb : bounds) {
            for (long c = pb; c <= Math.min(pb + 2L * SseE2eTest.CHUNK, body.length); c += SseE2eTest.CHUNK) {
                for (long d : new long[] {-1, 0, 1}) {
                    long start = c + d;
                    if (start >= 0 && start < body.length) ranges.add(new long[] {start, Math.min(body.length - 1, start + 2)});
                }
            }
            if (pb > 0) ranges.add(new long[] {pb - SseE2eTest.CHUNK - 1, Math.min(body.length - 1, pb + SseE2eTest.CHUNK)});
        }
        ranges.add(new long[] {s1 - 1, s1 + s2}); // across two part boundaries
        ranges.add(new long[] {body.length - 1, body.length - 1});
        for (long[] r : ranges) {
            byte[] got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("odd").range("bytes=" + r[0] + "-" + r[1])
                    .sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k))).asByteArray();
            assertThat(got).as("bytes %d-%d", r[0], r[1]).isEqualTo(Arrays.copyOfRange(body, (int) r[0], (int) r[1] + 1));
        }
        for (int i = 0; i < 3; i++) {
            int n = i + 1;
            assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("odd").partNumber(n).sseCustomerAlgorithm("AES256")
                    .sseCustomerKey(k).sseCustomerKeyMD5(md5(k))).asByteArray()).isEqualTo(Arrays.copyOfRange(body, bounds[i], bounds[i + 1]));
        }
        // Part copies across the source's boundaries, into another SSE-C upload under another key.
        String id2 = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("odd-copy").sseCustomerAlgorithm("AES256").sseCustomerKey(k2)
                .sseCustomerKeyMD5(md5(k2))).uploadId();
        long a = s1 - SseE2eTest.CHUNK - 7, z = s1 + PART - 1 - SseE2eTest.CHUNK - 7; // PART bytes straddling part 1 | part 2
        long a2 = z + 1, z2 = body.length - 1;
        var c1 = s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("odd").destinationBucket(BUCKET).destinationKey("odd-copy")
                .uploadId(id2).partNumber(1).copySourceRange("bytes=" + a + "-" + z)
                .copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(k).copySourceSSECustomerKeyMD5(md5(k))
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k2).sseCustomerKeyMD5(md5(k2)));
        var c2 = s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("odd").destinationBucket(BUCKET).destinationKey("odd-copy")
                .uploadId(id2).partNumber(2).copySourceRange("bytes=" + a2 + "-" + z2)
                .copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(k).copySourceSSECustomerKeyMD5(md5(k))
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k2).sseCustomerKeyMD5(md5(k2)));
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("odd-copy").uploadId(id2).multipartUpload(m -> m.parts(
                c -> c.partNumber(1).eTag(c1.copyPartResult().eTag()), c -> c.partNumber(2).eTag(c2.copyPartResult().eTag()))));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("odd-copy").sseCustomerAlgorithm("AES256").sseCustomerKey(k2)
                .sseCustomerKeyMD5(md5(k2))).asByteArray()).isEqualTo(Arrays.copyOfRange(body, (int) a, body.length));
    }
    /**
     * UB-1: an encryption context is an SSE-KMS header (SSE-16, KMS-8), bound into the data key's wrap only
     * when the object is SSE-KMS. With SSE-S3, or with no mode at all in a bucket without a default, the
     * header is read nowhere and the object is stored (plain, or SSE-S3) with 200: silently ignored where
     * SSE-D8 refuses a lone KMS key id with 400 InvalidArgument.
     */
    @Test
    void anEncryptionContextWithoutSseKmsIsRefusedNotSilentlyIgnored_SSE_16_SSE_D8() {
        String ctx = java.util.Base64.getEncoder().encodeToString("{\"project\":\"x\"}".getBytes());
        assertError(() -> s3.putObject(b -> b.bucket(BUCKET).key("ctx-alone").ssekmsEncryptionContext(ctx),
                RequestBody.fromString("x")), 400, "InvalidArgument");
        assertError(() -> s3.putObject(b -> b.bucket(BUCKET).key("ctx-s3").serverSideEncryption(ServerSideEncryption.AES256)
                .ssekmsEncryptionContext(ctx), RequestBody.fromString("x")), 400, "InvalidArgument");
    }
    /**
     * Tried and holding (SSE-8): a HEAD or GET of an SSE-C object without its key answers nothing of the
     * object: no ETag, no checksum, no user metadata, no length of the object.
     */
    @Test
    void aReadOfAnSseCObjectWithoutItsKeyAnswersNothingOfTheObject_SSE_8() {
        String k = key(1008);
        s3.putObject(b -> b.bucket(BUCKET).key("quiet-c").metadata(Map.of("secret-note", "n")).checksumAlgorithm("CRC32")
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k)), RequestBody.fromBytes("quiet".getBytes()));
        for (boolean head : new boolean[] {true, false}) {
            var thrown = org.assertj.core.api.Assertions.catchThrowableOfType(
                    software.amazon.awssdk.services.s3.model.S3Exception.class, () -> {
                        if (head) s3.headObject(b -> b.bucket(BUCKET).key("quiet-c").checksumMode("ENABLED"));
                        else s3.getObject(b -> b.bucket(BUCKET).key("quiet-c").checksumMode("ENABLED")).close();
                    });
            var h = thrown.awsErrorDetails().sdkHttpResponse().headers();
            assertThat(h.keySet()).as("headers of a keyless %s", head ? "HEAD" : "GET")
                    .noneMatch(n -> n.equalsIgnoreCase("ETag") || n.toLowerCase().startsWith("x-amz-meta-")
                            || n.toLowerCase().startsWith("x-amz-checksum-") || n.toLowerCase().startsWith("x-cos-hash")
                            || n.equalsIgnoreCase("Last-Modified") || n.equalsIgnoreCase("Content-Range"));
        }
    }
    /** Tried and holding (SSE-2, SSE-14): an empty last part of an SSE-S3 upload is one empty sealed chunk, served whole and by number. */
    @Test
    void anEncryptedMultipartObjectWithAnEmptyLastPartReadsWholeAndByPart_SSE_2_SSE_14() {
        byte[] one = data(PART, "REV10-EMPTY-LAST");
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("empty-last").serverSideEncryption(ServerSideEncryption.AES256)).uploadId();
        var p1 = s3.uploadPart(b -> b.bucket(BUCKET).key("empty-last").uploadId(id).partNumber(1), RequestBody.fromBytes(one));
        var p2 = s3.uploadPart(b -> b.bucket(BUCKET).key("empty-last").uploadId(id).partNumber(2), RequestBody.fromBytes(new byte[0]));
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("empty-last").uploadId(id).multipartUpload(m -> m.parts(
                c -> c.partNumber(1).eTag(p1.eTag()), c -> c.partNumber(2).eTag(p2.eTag()))));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("empty-last")).asByteArray()).isEqualTo(one);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("empty-last").partNumber(1)).asByteArray()).isEqualTo(one);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("empty-last").range("bytes=-5")).asByteArray())
                .isEqualTo(Arrays.copyOfRange(one, PART - 5, PART));
    }
    /**
     * Tried and holding (SSE-3, SSE-11, SSE-14): a copy or part copy of an encrypted source whose middle
     * chunk does not authenticate is refused and stores nothing: no copy that looks complete.
     */
    @Test
    void aCopyOrPartCopyOfASourceWithATamperedLaterChunkStoresNothing_SSE_3_SSE_11_SSE_14() throws Exception {
        s3.putObject(b -> b.bucket(BUCKET).key("bad-src").serverSideEncryption(ServerSideEncryption.AES256),
                RequestBody.fromBytes(data(3 * SseE2eTest.CHUNK, "REV10-BAD")));
        var v = env.server.metadata().objects().latest(BUCKET, "bad-src").orElseThrow();
        Path blob = LifecycleExecutionTest.blobPath(env.dir, v.blobId());
        byte[] raw = Files.readAllBytes(blob);
        raw[(int) io.cosd.domain.crypto.ChunkFormat.chunkOffset(2) + 5] ^= 1;
        Files.write(blob, raw);
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("bad-mpu")).uploadId();
        assertError(() -> s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("bad-src").destinationBucket(BUCKET)
                .destinationKey("bad-mpu").uploadId(id).partNumber(1)), 500, null);
        assertThat(s3.listParts(b -> b.bucket(BUCKET).key("bad-mpu").uploadId(id)).parts()).isEmpty();
        assertError(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("bad-src").destinationBucket(BUCKET).destinationKey("bad-dst")
                .serverSideEncryption(ServerSideEncryption.AES256)), 500, null);
        assertError(() -> s3.headObject(b -> b.bucket(BUCKET).key("bad-dst")), 404, null);
    }
}
