package io.cosd.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Server-side encryption at rest end to end with the AWS SDK v2 (docs/encryption.md): SSE-S3 objects are
 * ciphertext on disk and come back whole and by every range; SSE-C needs its key on every read. SSE-C keys
 * travel over plain HTTP here only because the server is started with COSD_SSE_C_ALLOW_HTTP=true (SSE-9).
 */
@CosdServer(factory = "server")
class SseE2eTest {
    static final String BUCKET = E2e.bucket("sse");
    static final int CHUNK = 64 * 1024;

    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    static E2e server() throws Exception {
        return SseServers.plainHttp();
    }

    @BeforeAll
    static void bucket() {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    /** Random bytes with a recognisable marker every 4 KiB, to look for on disk. */
    static byte[] data(int n, String marker) {
        byte[] d = new byte[n];
        new Random(n).nextBytes(d);
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + m.length <= n; i += 4096) System.arraycopy(m, 0, d, i, m.length);
        return d;
    }

    /** Whether any blob file under the data dir holds {@code marker}. */
    static boolean onDisk(String marker) throws IOException {
        return contains(env.dir, marker);
    }

    /** Whether any file under {@code dir} but the metadata database holds {@code marker}. */
    static boolean contains(Path dir, String marker) throws IOException {
        for (Path p : LiveDir.files(dir)) {
            if (!p.getFileName().toString().startsWith("meta.db") && SseServers.holds(p, marker)) return true;
        }
        return false;
    }

    @Test
    void anSseS3ObjectIsCiphertextOnDiskAndComesBackWholeWithItsHeader_SSE_1_SSE_5() throws Exception {
        byte[] body = data(3 * CHUNK + 17, "PLAINTEXT-MARKER-S3");
        var put = s3.putObject(b -> b.bucket(BUCKET).key("s3.bin").serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(body));
        assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(put.eTag()).isEqualTo("\"" + java.util.HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"");

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("s3.bin"));
        assertThat(got.asByteArray()).isEqualTo(body);
        assertThat(got.response().serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("s3.bin")).serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(onDisk("PLAINTEXT-MARKER-S3")).isFalse();

        // A plain object is stored as it is: the marker search itself works.
        // above the inline threshold: a blob file (docs/storage.md "Small objects inline")
        s3.putObject(b -> b.bucket(BUCKET).key("plain.bin"), RequestBody.fromBytes(data(70_000, "PLAINTEXT-MARKER-PLAIN")));
        assertThat(onDisk("PLAINTEXT-MARKER-PLAIN")).isTrue();
    }

    @Test
    void everyRangeOfAnSseS3ObjectAcrossChunkBoundariesIsTheRightBytes_SSE_2() {
        byte[] body = data(2 * CHUNK + 5, "RANGE");
        s3.putObject(b -> b.bucket(BUCKET).key("ranges.bin").serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(body));
        int[][] ranges = {{0, 0}, {0, CHUNK - 1}, {CHUNK - 1, CHUNK}, {CHUNK, CHUNK}, {CHUNK - 3, 2 * CHUNK + 2},
                {2 * CHUNK, 2 * CHUNK + 4}, {2 * CHUNK + 4, 2 * CHUNK + 4}, {5, 2 * CHUNK + 4}};
        for (int[] r : ranges) {
            byte[] got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ranges.bin").range("bytes=" + r[0] + "-" + r[1])).asByteArray();
            assertThat(got).as("bytes=%d-%d", r[0], r[1]).isEqualTo(Arrays.copyOfRange(body, r[0], r[1] + 1));
        }
        byte[] suffix = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ranges.bin").range("bytes=-7")).asByteArray();
        assertThat(suffix).isEqualTo(Arrays.copyOfRange(body, body.length - 7, body.length));
    }

    @Test
    void emptyAndOneByteSseS3ObjectsRoundTrip_SSE_2() {
        s3.putObject(b -> b.bucket(BUCKET).key("empty").serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(new byte[0]));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("empty")).asByteArray()).isEmpty();
        s3.putObject(b -> b.bucket(BUCKET).key("one").serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(new byte[] {42}));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("one")).asByteArray()).containsExactly(42);
    }

    @Test
    void anUnknownEncryptionMethodIsRefusedAndStoresNothing_SSE_9() {
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(BUCKET).key("bogus").serverSideEncryption("AES512"), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
                });
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("bogus"))).isInstanceOf(S3Exception.class);
    }

    @Test
    void anSseCObjectNeedsItsKeyOnGetAndHeadAndEchoesItsMd5_SSE_6_SSE_8_SSE_10() throws Exception {
        String k = key(1), other = key(2);
        byte[] body = data(CHUNK + 3, "PLAINTEXT-MARKER-SSEC");
        var put = s3.putObject(b -> b.bucket(BUCKET).key("c.bin").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k)), RequestBody.fromBytes(body));
        assertThat(put.sseCustomerAlgorithm()).isEqualTo("AES256");
        assertThat(put.sseCustomerKeyMD5()).isEqualTo(md5(k));
        assertThat(onDisk("PLAINTEXT-MARKER-SSEC")).isFalse();

        var got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("c.bin").sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k)));
        assertThat(got.asByteArray()).isEqualTo(body);
        assertThat(got.response().sseCustomerKeyMD5()).isEqualTo(md5(k));
        var range = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("c.bin").range("bytes=" + (CHUNK - 2) + "-" + (CHUNK + 1))
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k))).asByteArray();
        assertThat(range).isEqualTo(Arrays.copyOfRange(body, CHUNK - 2, CHUNK + 2));
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("c.bin").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k))).contentLength()).isEqualTo(body.length);

        // Without the key: 400 InvalidRequest; another key: 403 AccessDenied (GET and HEAD alike).
        assertError(() -> s3.getObject(b -> b.bucket(BUCKET).key("c.bin")), 400, "InvalidRequest");
        assertError(() -> s3.headObject(b -> b.bucket(BUCKET).key("c.bin")), 400, null);
        assertError(() -> s3.getObject(b -> b.bucket(BUCKET).key("c.bin").sseCustomerAlgorithm("AES256").sseCustomerKey(other)
                .sseCustomerKeyMD5(md5(other))), 403, "AccessDenied");
        assertError(() -> s3.headObject(b -> b.bucket(BUCKET).key("c.bin").sseCustomerAlgorithm("AES256").sseCustomerKey(other)
                .sseCustomerKeyMD5(md5(other))), 403, null);
        // A key sent for an object that is not SSE-C is refused, not ignored.
        assertError(() -> s3.getObject(b -> b.bucket(BUCKET).key("plain-for-c").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k))), 404, null);
        s3.putObject(b -> b.bucket(BUCKET).key("plain-for-c"), RequestBody.fromString("x"));
        assertError(() -> s3.getObject(b -> b.bucket(BUCKET).key("plain-for-c").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k))), 400, "InvalidRequest");
    }

    @Test
    void getObjectAttributesOfAnSseCObjectNeedsItsKey_SSE_8() {
        String k = key(91);
        s3.putObject(b -> b.bucket(BUCKET).key("attrs-c").sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k)),
                RequestBody.fromString("attributes"));
        assertError(() -> s3.getObjectAttributes(b -> b.bucket(BUCKET).key("attrs-c")
                .objectAttributes(software.amazon.awssdk.services.s3.model.ObjectAttributes.OBJECT_SIZE)), 400, "InvalidRequest");
        var attrs = s3.getObjectAttributes(b -> b.bucket(BUCKET).key("attrs-c").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k)).objectAttributes(software.amazon.awssdk.services.s3.model.ObjectAttributes.OBJECT_SIZE));
        assertThat(attrs.objectSize()).isEqualTo(10L);
    }

    @Test
    void badSseCHeadersAreRefusedBeforeAnythingIsStored_SSE_9() throws Exception {
        String k = key(3);
        assertError(() -> s3.putObject(b -> b.bucket(BUCKET).key("bad").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5("AAAAAAAAAAAAAAAAAAAAAA=="), RequestBody.fromString("x")), 400, "InvalidArgument");
        assertError(() -> s3.putObject(b -> b.bucket(BUCKET).key("bad").sseCustomerAlgorithm("AES128").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k)), RequestBody.fromString("x")), 400, "InvalidEncryptionAlgorithmError");
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertError(() -> s3.putObject(b -> b.bucket(BUCKET).key("bad").sseCustomerAlgorithm("AES256").sseCustomerKey(shortKey)
                .sseCustomerKeyMD5(md5(shortKey)), RequestBody.fromString("x")), 400, "InvalidArgument");
        assertError(() -> s3.putObject(b -> b.bucket(BUCKET).key("bad").serverSideEncryption(ServerSideEncryption.AES256)
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k)), RequestBody.fromString("x")), 400, "InvalidArgument");
        assertError(() -> s3.headObject(b -> b.bucket(BUCKET).key("bad")), 404, null);
    }

    @Test
    void aTamperedChunkIsAServedErrorCountedAndMarkedNeverWrongBytes_SSE_3_SSE_4() throws Exception {
        byte[] body = data(CHUNK + CHUNK / 2, "TAMPER"); // above the inline threshold: a blob file to tamper with
        s3.putObject(b -> b.bucket(BUCKET).key("tamper.bin").serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(body));
        Path blob = blobOf(ChunkFormatSize.of(body.length));
        byte[] raw = Files.readAllBytes(blob);
        raw[100] ^= 1; // one bit of the first chunk's ciphertext
        Files.write(blob, raw);
        assertError(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("tamper.bin")), 500, "InternalError");
        // Marked damaged (ST-I6): HEAD now fails as GET does, without reading the bytes.
        assertError(() -> s3.headObject(b -> b.bucket(BUCKET).key("tamper.bin")), 500, null);
        String metrics = MetricsText.withoutNode(RawHttp.send(env.port(), "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), null).text());
        assertThat(metrics).contains("cosd_read_integrity_failures_total{kind=\"sse-tag\"}");
    }

    @Test
    void everyCopyCombinationReEncryptsUnderTheDestinationsMode_SSE_11() {
        String k1 = key(11), k2 = key(12);
        byte[] body = data(CHUNK + 999, "COPY");
        String[] modes = {"plain", "s3", "c"};
        for (String from : modes) {
            String srcKey = "copy-src-" + from;
            s3.putObject(b -> {
                b.bucket(BUCKET).key(srcKey);
                if (from.equals("s3")) b.serverSideEncryption(ServerSideEncryption.AES256);
                if (from.equals("c")) b.sseCustomerAlgorithm("AES256").sseCustomerKey(k1).sseCustomerKeyMD5(md5(k1));
            }, RequestBody.fromBytes(body));
            for (String to : modes) {
                String dstKey = "copy-" + from + "-to-" + to;
                var out = s3.copyObject(b -> {
                    b.sourceBucket(BUCKET).sourceKey(srcKey).destinationBucket(BUCKET).destinationKey(dstKey);
                    if (from.equals("c")) b.copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(k1).copySourceSSECustomerKeyMD5(md5(k1));
                    if (to.equals("s3")) b.serverSideEncryption(ServerSideEncryption.AES256);
                    if (to.equals("c")) b.sseCustomerAlgorithm("AES256").sseCustomerKey(k2).sseCustomerKeyMD5(md5(k2));
                });
                assertThat(out.serverSideEncryption()).as(dstKey).isEqualTo(to.equals("s3") ? ServerSideEncryption.AES256 : null);
                assertThat(out.sseCustomerKeyMD5()).as(dstKey).isEqualTo(to.equals("c") ? md5(k2) : null);
                var got = s3.getObjectAsBytes(b -> {
                    b.bucket(BUCKET).key(dstKey);
                    if (to.equals("c")) b.sseCustomerAlgorithm("AES256").sseCustomerKey(k2).sseCustomerKeyMD5(md5(k2));
                });
                assertThat(got.asByteArray()).as(dstKey).isEqualTo(body);
                assertThat(got.response().serverSideEncryption()).as(dstKey).isEqualTo(to.equals("s3") ? ServerSideEncryption.AES256 : null);
                if (to.equals("c")) assertError(() -> s3.getObject(b -> b.bucket(BUCKET).key(dstKey)), 400, "InvalidRequest");
            }
        }
        // An SSE-C source without its key, or with another, copies nothing.
        assertError(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy-src-c").destinationBucket(BUCKET)
                .destinationKey("nope")), 400, "InvalidRequest");
        assertError(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy-src-c").destinationBucket(BUCKET)
                .destinationKey("nope").copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(k2)
                .copySourceSSECustomerKeyMD5(md5(k2))), 403, "AccessDenied");
        assertError(() -> s3.headObject(b -> b.bucket(BUCKET).key("nope")), 404, null);
        // Copying an object onto itself to encrypt it is a change, not "a copy to itself".
        s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("copy-src-plain").destinationBucket(BUCKET).destinationKey("copy-src-plain")
                .serverSideEncryption(ServerSideEncryption.AES256));
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("copy-src-plain")).serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    }

    static final int PART = 5 * 1024 * 1024;

    @Test
    void anSseCMultipartUploadNeedsTheKeyOnEveryPartAndServesPartsAndRanges_SSE_14() {
        String k = key(21), other = key(22);
        byte[] body = data(PART + 70_000, "MPU-SSEC");
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("mpu-c").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k))).uploadId();
        // A part without the upload's key, or with another, is refused before its body is stored.
        assertError(() -> s3.uploadPart(b -> b.bucket(BUCKET).key("mpu-c").uploadId(id).partNumber(1),
                RequestBody.fromBytes(Arrays.copyOf(body, PART))), 400, "InvalidRequest");
        assertError(() -> s3.uploadPart(b -> b.bucket(BUCKET).key("mpu-c").uploadId(id).partNumber(1).sseCustomerAlgorithm("AES256")
                .sseCustomerKey(other).sseCustomerKeyMD5(md5(other)), RequestBody.fromBytes(Arrays.copyOf(body, PART))), 403, "AccessDenied");
        var p1 = s3.uploadPart(b -> b.bucket(BUCKET).key("mpu-c").uploadId(id).partNumber(1).sseCustomerAlgorithm("AES256")
                .sseCustomerKey(k).sseCustomerKeyMD5(md5(k)), RequestBody.fromBytes(Arrays.copyOf(body, PART)));
        assertThat(p1.sseCustomerKeyMD5()).isEqualTo(md5(k));
        var p2 = s3.uploadPart(b -> b.bucket(BUCKET).key("mpu-c").uploadId(id).partNumber(2).sseCustomerAlgorithm("AES256")
                .sseCustomerKey(k).sseCustomerKeyMD5(md5(k)), RequestBody.fromBytes(Arrays.copyOfRange(body, PART, body.length)));
        s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("mpu-c").uploadId(id).multipartUpload(m -> m.parts(
                c -> c.partNumber(1).eTag(p1.eTag()), c -> c.partNumber(2).eTag(p2.eTag()))));

        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("mpu-c").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k))).asByteArray()).isEqualTo(body);
        var part2 = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("mpu-c").partNumber(2).sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k)));
        assertThat(part2.asByteArray()).isEqualTo(Arrays.copyOfRange(body, PART, body.length));
        var across = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("mpu-c").range("bytes=" + (PART - 10) + "-" + (PART + 10))
                .sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k))).asByteArray();
        assertThat(across).isEqualTo(Arrays.copyOfRange(body, PART - 10, PART + 11));
        assertError(() -> s3.getObject(b -> b.bucket(BUCKET).key("mpu-c").partNumber(1)), 400, "InvalidRequest");
    }

    @Test
    void anSseS3UploadEncryptsEveryPartIncludingCopiedOnesFromAnSseCSource_SSE_14() throws Exception {
        String k = key(31);
        byte[] src = data(PART + 100, "MPU-COPY-SRC");
        s3.putObject(b -> b.bucket(BUCKET).key("mpu-src-c").sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k)),
                RequestBody.fromBytes(src));
        byte[] tail = data(1000, "MPU-S3-TAIL");
        var init = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("mpu-s3").serverSideEncryption(ServerSideEncryption.AES256));
        assertThat(init.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        String id = init.uploadId();
        assertError(() -> s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("mpu-src-c").destinationBucket(BUCKET)
                .destinationKey("mpu-s3").uploadId(id).partNumber(1)), 400, "InvalidRequest");
        var p1 = s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("mpu-src-c").destinationBucket(BUCKET).destinationKey("mpu-s3")
                .uploadId(id).partNumber(1).copySourceRange("bytes=0-" + (PART - 1)).copySourceSSECustomerAlgorithm("AES256")
                .copySourceSSECustomerKey(k).copySourceSSECustomerKeyMD5(md5(k)));
        var p2 = s3.uploadPart(b -> b.bucket(BUCKET).key("mpu-s3").uploadId(id).partNumber(2), RequestBody.fromBytes(tail));
        assertThat(p2.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        var done = s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("mpu-s3").uploadId(id).multipartUpload(m -> m.parts(
                c -> c.partNumber(1).eTag(p1.copyPartResult().eTag()), c -> c.partNumber(2).eTag(p2.eTag()))));
        assertThat(done.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        byte[] expected = new byte[PART + tail.length];
        System.arraycopy(src, 0, expected, 0, PART);
        System.arraycopy(tail, 0, expected, PART, tail.length);
        var got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("mpu-s3"));
        assertThat(got.asByteArray()).isEqualTo(expected);
        assertThat(got.response().serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        assertThat(onDisk("MPU-COPY-SRC")).isFalse();
        assertThat(onDisk("MPU-S3-TAIL")).isFalse();
    }

    static RawHttp.Reply postForm(Map<String, String> fields, byte[] file) throws Exception {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + env.port());
        h.put("Content-Type", "multipart/form-data; boundary=" + PostObjectE2eTest.BOUNDARY);
        return RawHttp.send(env.port(), "POST", "/" + BUCKET, h, PostObjectE2eTest.body(fields, "f.bin", file, Map.of()));
    }

    @Test
    void postObjectFormFieldsAskForSseS3AndSseCAndAHeaderInsteadIsRefused_SSE_15() throws Exception {
        String k = key(81);
        byte[] file = data(5000, "POST-FORM-SSE");
        String date = PostObjectE2eTest.today();
        String[] base = PostObjectE2eTest.v4Conditions(date);
        String s3Policy = PostObjectE2eTest.policy(BUCKET, PostObjectE2eTest.inAnHour(), base[0], base[1], base[2],
                "{\"key\":\"post-s3\"}", "{\"x-amz-server-side-encryption\":\"AES256\"}");
        var r = postForm(PostObjectE2eTest.v4Signed(s3Policy, PostObjectE2eTest.fields("key", "post-s3",
                "x-amz-server-side-encryption", "AES256")), file);
        assertThat(r.status()).as(r.text()).isEqualTo(204);
        assertThat(r.header("x-amz-server-side-encryption")).isEqualTo("AES256");
        assertThat(s3.headObject(b -> b.bucket(BUCKET).key("post-s3")).serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);

        String cPolicy = PostObjectE2eTest.policy(BUCKET, PostObjectE2eTest.inAnHour(), base[0], base[1], base[2],
                "{\"key\":\"post-c\"}", "{\"x-amz-server-side-encryption-customer-algorithm\":\"AES256\"}",
                "{\"x-amz-server-side-encryption-customer-key\":\"" + k + "\"}",
                "{\"x-amz-server-side-encryption-customer-key-md5\":\"" + md5(k) + "\"}");
        r = postForm(PostObjectE2eTest.v4Signed(cPolicy, PostObjectE2eTest.fields("key", "post-c",
                "x-amz-server-side-encryption-customer-algorithm", "AES256", "x-amz-server-side-encryption-customer-key", k,
                "x-amz-server-side-encryption-customer-key-MD5", md5(k))), file);
        assertThat(r.status()).as(r.text()).isEqualTo(204);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("post-c").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k))).asByteArray()).isEqualTo(file);
        assertError(() -> s3.getObject(b -> b.bucket(BUCKET).key("post-c")), 400, "InvalidRequest");
        assertThat(onDisk("POST-FORM-SSE")).isFalse();

        // As a header of the POST (not a field) it would be ignored: refused instead.
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + env.port());
        h.put("Content-Type", "multipart/form-data; boundary=" + PostObjectE2eTest.BOUNDARY);
        h.put("x-amz-server-side-encryption", "AES256");
        r = RawHttp.send(env.port(), "POST", "/" + BUCKET, h, PostObjectE2eTest.body(PostObjectE2eTest.v4Signed(s3Policy,
                PostObjectE2eTest.fields("key", "post-s3")), "f.bin", file, Map.of()));
        assertThat(r.status()).as(r.text()).isEqualTo(400);
    }

    @Test
    void aTamperedLaterChunkCutsTheBodyShortAfterOnlyRightBytes_SSE_3() throws Exception {
        byte[] body = data(3 * CHUNK, "LATER");
        s3.putObject(b -> b.bucket(BUCKET).key("later.bin").serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(body));
        Path blob = blobOf(ChunkFormatSize.of(body.length));
        byte[] raw = Files.readAllBytes(blob);
        raw[(int) io.cosd.domain.crypto.ChunkFormat.chunkOffset(2) + 1] ^= 1; // the third chunk
        Files.write(blob, raw);
        var r = SignedRaw.send(env.port(), "GET", BUCKET, "later.bin", Map.of(), Map.of(), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("content-length")).isEqualTo(Integer.toString(body.length));
        assertThat(r.body().length).as("cut before the bad chunk").isLessThanOrEqualTo(2 * CHUNK);
        assertThat(r.body()).isEqualTo(Arrays.copyOf(body, r.body().length));
        // The version is now marked: the next read is refused up front.
        assertError(() -> s3.headObject(b -> b.bucket(BUCKET).key("later.bin")), 500, null);
    }

    @Test
    void severalRangesOfAnEncryptedObjectAreOneMultipartByterangesAnswer_SSE_2() throws Exception {
        byte[] body = data(2 * CHUNK + 100, "MULTIRANGE");
        s3.putObject(b -> b.bucket(BUCKET).key("multirange.bin").serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromBytes(body));
        var r = SignedRaw.send(env.port(), "GET", BUCKET, "multirange.bin", Map.of(), Map.of("Range", "bytes=0-9," + (CHUNK - 5) + "-" + (CHUNK + 4)), null);
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.headers().get("content-type")).startsWith("multipart/byteranges");
        String text = new String(r.body(), StandardCharsets.ISO_8859_1);
        assertThat(text).contains(new String(Arrays.copyOfRange(body, 0, 10), StandardCharsets.ISO_8859_1))
                .contains(new String(Arrays.copyOfRange(body, CHUNK - 5, CHUNK + 5), StandardCharsets.ISO_8859_1))
                .contains("Content-Range: bytes " + (CHUNK - 5) + "-" + (CHUNK + 4) + "/" + body.length);
    }

    @Test
    void anSseKmsObjectIsSealedUnderADataKeyFromTheBuiltInKeyService_SSE_16() throws Exception {
        assertThat(E2e.admin(env.dir, "kms", "key", "create", "--id", "sse-e2e-key").code()).isZero();
        byte[] body = data(CHUNK + 50, "KMS-SEALED");
        var put = s3.putObject(b -> b.bucket(BUCKET).key("kms.bin").serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId("sse-e2e-key"), RequestBody.fromBytes(body));
        assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(put.ssekmsKeyId()).isEqualTo("sse-e2e-key");
        var got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("kms.bin"));
        assertThat(got.asByteArray()).isEqualTo(body);
        assertThat(got.response().ssekmsKeyId()).isEqualTo("sse-e2e-key");
        assertThat(onDisk("KMS-SEALED")).isFalse();
        // A key that does not exist stores nothing (KMS-2).
        assertError(() -> s3.putObject(b -> b.bucket(BUCKET).key("kms-none").serverSideEncryption(ServerSideEncryption.AWS_KMS)
                .ssekmsKeyId("no-such-key"), RequestBody.fromString("x")), 400, "KMS.NotFoundException");
        assertError(() -> s3.headObject(b -> b.bucket(BUCKET).key("kms-none")), 404, null);
    }

    @Test
    void aReadNamingAModeIsRefusedAndAPartNamingOneMustNameItsUploads_SSE_9_SSE_14() {
        s3.putObject(b -> b.bucket(BUCKET).key("mode-read").serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromString("m"));
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("mode-mpu").serverSideEncryption(ServerSideEncryption.AES256)).uploadId();
        var same = s3.uploadPart(b -> b.bucket(BUCKET).key("mode-mpu").uploadId(id).partNumber(1)
                .overrideConfiguration(o -> o.putHeader("x-amz-server-side-encryption", "AES256")), RequestBody.fromString("part"));
        assertThat(same.eTag()).isNotBlank();
        assertError(() -> s3.uploadPart(b -> b.bucket(BUCKET).key("mode-mpu").uploadId(id).partNumber(2)
                .overrideConfiguration(o -> o.putHeader("x-amz-server-side-encryption", "aws:kms")), RequestBody.fromString("part")), 400, "InvalidArgument");
        assertError(() -> s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("mode-mpu").uploadId(id)
                .multipartUpload(m -> m.parts(c -> c.partNumber(1).eTag(same.eTag())))
                .overrideConfiguration(o -> o.putHeader("x-amz-server-side-encryption", "aws:kms"))), 400, "InvalidArgument");
        var done = s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("mode-mpu").uploadId(id)
                .multipartUpload(m -> m.parts(c -> c.partNumber(1).eTag(same.eTag())))
                .overrideConfiguration(o -> o.putHeader("x-amz-server-side-encryption", "AES256")));
        assertThat(done.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        // S3 answers a read that names an encryption mode 400; it is refused, never ignored.
        assertError(() -> s3.getObject(b -> b.bucket(BUCKET).key("mode-read")
                .overrideConfiguration(o -> o.putHeader("x-amz-server-side-encryption", "AES256"))), 400, "InvalidArgument");
    }

    /** The one blob file of exactly {@code size} bytes under the data dir. */
    static Path blobOf(long size) throws IOException {
        List<Path> found = LiveDir.files(env.dir).stream().filter(p -> {
            try {
                return Files.size(p) == size && !p.getFileName().toString().startsWith("meta.db");
            } catch (IOException e) {
                return false;
            }
        }).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /** Encrypted blob sizes (docs/encryption.md "Blob format"). */
    static final class ChunkFormatSize {
        static long of(long n) { return io.cosd.domain.crypto.ChunkFormat.cipherSize(n); }
    }

    static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            if (code != null) assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
        });
    }

    static String key(int seed) {
        byte[] k = new byte[32];
        new Random(seed).nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    static String md5(String b64key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(Base64.getDecoder().decode(b64key)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
