package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import com.qcloud.cos.model.CopyObjectRequest;
import com.qcloud.cos.model.CopyPartRequest;
import com.qcloud.cos.model.GetObjectRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PartETag;
import com.qcloud.cos.model.UploadPartRequest;
import com.qcloud.cos.model.UploadPartResult;
import com.qcloud.cos.transfer.TransferManager;
import com.qcloud.cos.transfer.TransferManagerConfiguration;
import io.cosd.domain.object.Crc64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.cosd.e2e.CosSdkMultipartTest.MIB;
import static io.cosd.e2e.CosSdkMultipartTest.concat;
import static io.cosd.e2e.CosSdkMultipartTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code x-cos-hash-crc64ecma} (CRC-64/ECMA-182, unsigned decimal) wherever COS returns it, read
 * through the official COS Java SDK's own accessors (docs/spec/protocol.md §5.8, §5.10).
 */
@CosdServer
class CosSdkCrc64Test {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static final String BUCKET = E2e.bucket("crc64");

    @BeforeAll
    static void fixtures() throws Exception {
        cos.createBucket(BUCKET);
    }

    static String crc(byte[] b) { return Crc64.toString(Crc64.of(b)); }

    static ObjectMetadata length(long n) {
        ObjectMetadata m = new ObjectMetadata();
        m.setContentLength(n);
        return m;
    }

    void put(String key, byte[] body) {
        cos.putObject(BUCKET, key, new ByteArrayInputStream(body), length(body.length));
    }

    @Test
    void putObjectHeadAndGetReturnTheCrc64OfTheBody() throws Exception {
        byte[] body = "hello world".getBytes(StandardCharsets.US_ASCII);
        var put = cos.putObject(BUCKET, "hello.txt", new ByteArrayInputStream(body), length(body.length));
        assertThat(put.getCrc64Ecma()).isEqualTo("5981764153023615706"); // the COS doc's value
        assertThat(cos.getObjectMetadata(BUCKET, "hello.txt").getCrc64Ecma()).isEqualTo("5981764153023615706");
        try (var obj = cos.getObject(BUCKET, "hello.txt")) {
            assertThat(obj.getObjectMetadata().getCrc64Ecma()).isEqualTo("5981764153023615706");
            obj.getObjectContent().readAllBytes();
        }
    }

    @Test
    void valuesAboveTwoToThe63AreUnsignedDecimalAndAnEmptyObjectsIsZero() {
        byte[] nine = "123456789".getBytes(StandardCharsets.US_ASCII); // CRC-64/XZ check: 0x995DC9BBDF1939FA
        assertThat(cos.putObject(BUCKET, "nine", new ByteArrayInputStream(nine), length(9)).getCrc64Ecma())
                .isEqualTo("11051210869376104954");
        assertThat(cos.putObject(BUCKET, "empty", new ByteArrayInputStream(new byte[0]), length(0)).getCrc64Ecma()).isEqualTo("0");
        assertThat(cos.getObjectMetadata(BUCKET, "empty").getCrc64Ecma()).isEqualTo("0");
    }

    @Test
    void aRangedGetStillReturnsTheWholeObjectsValue() throws Exception {
        byte[] body = random(100_000, 1);
        put("ranged.bin", body);
        var req = new GetObjectRequest(BUCKET, "ranged.bin");
        req.setRange(10, 19);
        try (var obj = cos.getObject(req)) {
            assertThat(obj.getObjectContent().readAllBytes()).isEqualTo(Arrays.copyOfRange(body, 10, 20));
            assertThat(obj.getObjectMetadata().getCrc64Ecma()).isEqualTo(crc(body));
        }
    }

    @Test
    void uploadPartReturnsEachPartsValueAndCompleteTheCombinedValueWithoutRereading() {
        String key = "mp/manual.bin";
        byte[] p1 = random(MIB, 2), p2 = random(MIB, 3), p3 = random(10, 4);
        String id = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key)).getUploadId();
        List<PartETag> etags = new ArrayList<>();
        int n = 1;
        for (byte[] p : List.of(p1, p2, p3)) {
            UploadPartResult r = uploadPart(key, id, n++, p);
            assertThat(r.getCrc64Ecma()).isEqualTo(crc(p));
            etags.add(r.getPartETag());
        }
        var done = cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, etags));
        String whole = crc(concat(p1, p2, p3));
        assertThat(done.getCrc64Ecma()).isEqualTo(whole);
        assertThat(cos.getObjectMetadata(BUCKET, key).getCrc64Ecma()).isEqualTo(whole);
    }

    UploadPartResult uploadPart(String key, String id, int n, byte[] data) {
        UploadPartRequest r = new UploadPartRequest();
        r.setBucketName(BUCKET);
        r.setKey(key);
        r.setUploadId(id);
        r.setPartNumber(n);
        r.setInputStream(new ByteArrayInputStream(data));
        r.setPartSize(data.length);
        return cos.uploadPart(r);
    }

    @Test
    void copyObjectReturnsTheSourcesValueInCopyObjectResultAndTheCopyKeepsIt() {
        byte[] body = random(300_000, 5);
        put("copy/src.bin", body);
        var result = cos.copyObject(new CopyObjectRequest(BUCKET, "copy/src.bin", BUCKET, "copy/dst.bin"));
        assertThat(result.getCrc64Ecma()).isEqualTo(crc(body)); // the <CRC64> element
        assertThat(cos.getObjectMetadata(BUCKET, "copy/dst.bin").getCrc64Ecma()).isEqualTo(crc(body));
    }

    @Test
    void uploadPartCopyReturnsTheCopiedRangesValueAndCompletionCombinesIt() {
        byte[] body = random(3 * MIB, 6);
        put("pc/src.bin", body);
        String key = "pc/dst.bin";
        String id = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key)).getUploadId();
        List<PartETag> etags = new ArrayList<>();
        long[][] ranges = {{MIB, 2L * MIB - 1}, {5, 104}};
        int n = 1;
        for (long[] r : ranges) {
            CopyPartRequest req = new CopyPartRequest();
            req.setSourceBucketName(BUCKET);
            req.setSourceKey("pc/src.bin");
            req.setDestinationBucketName(BUCKET);
            req.setDestinationKey(key);
            req.setUploadId(id);
            req.setPartNumber(n++);
            req.setFirstByte(r[0]);
            req.setLastByte(r[1]);
            var res = cos.copyPart(req);
            assertThat(res.getCrc64Ecma()).isEqualTo(crc(Arrays.copyOfRange(body, (int) r[0], (int) r[1] + 1)));
            etags.add(res.getPartETag());
        }
        var done = cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, etags));
        byte[] expected = concat(Arrays.copyOfRange(body, MIB, 2 * MIB), Arrays.copyOfRange(body, 5, 105));
        assertThat(done.getCrc64Ecma()).isEqualTo(crc(expected));
    }

    /**
     * TransferManager: a multipart upload whose result carries the combined value, then a resumable
     * download, which the SDK verifies (ResumableDownloadMonitor combines its parts' CRC64s and throws
     * "download file has diff crc64 with cos file" on a mismatch; it checks only when HEAD has one).
     */
    @Test
    void transferManagerUploadResultMatchesTheFileAndAVerifiedDownloadPasses(@TempDir Path tmp) throws Exception {
        byte[] data = random(5 * MIB + 123, 7);
        Path src = tmp.resolve("src.bin"), dst = tmp.resolve("dst.bin");
        Files.write(src, data);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        TransferManager tm = new TransferManager(cos, pool);
        try {
            var conf = new TransferManagerConfiguration();
            conf.setMultipartUploadThreshold(2L * MIB);
            conf.setMinimumUploadPartSize(MIB);
            tm.setConfiguration(conf);
            var result = tm.upload(BUCKET, "tm/file.bin", src.toFile()).waitForUploadResult();
            assertThat(result.getETag()).contains("-"); // really multipart
            assertThat(result.getCrc64Ecma()).isEqualTo(crc(data));
            assertThat(cos.getObjectMetadata(BUCKET, "tm/file.bin").getCrc64Ecma()).isEqualTo(crc(data));
            tm.download(new GetObjectRequest(BUCKET, "tm/file.bin"), dst.toFile(), true, null, MIB, MIB).waitForCompletion();
            assertThat(Files.readAllBytes(dst)).isEqualTo(data);
            // The check is real: with a wrong stored value the same download fails.
            sql("UPDATE objects SET crc64 = crc64 + 1 WHERE key = 'tm/file.bin'");
            Path bad = tmp.resolve("bad.bin");
            var download = tm.download(new GetObjectRequest(BUCKET, "tm/file.bin"), bad.toFile(), true, null, MIB, MIB);
            assertThatThrownBy(download::waitForCompletion).hasMessageContaining("crc64");
        } finally {
            tm.shutdownNow(false);
            pool.shutdownNow();
        }
    }

    /**
     * Objects and parts stored before V6 have no value (like COS objects older than its CRC64
     * feature): no header on HEAD/GET, no {@code <CRC64>} in a copy result, and a completion with
     * such a part has none either. Simulated by clearing the columns behind the server's back.
     */
    @Test
    void objectsAndPartsWithoutAStoredValueReturnNone() throws Exception {
        put("old/obj.bin", random(1000, 8));
        sql("UPDATE objects SET crc64 = NULL WHERE key = 'old/obj.bin'");
        assertThat(cos.getObjectMetadata(BUCKET, "old/obj.bin").getCrc64Ecma()).isNull();
        try (var obj = cos.getObject(BUCKET, "old/obj.bin")) {
            assertThat(obj.getObjectMetadata().getCrc64Ecma()).isNull();
            obj.getObjectContent().readAllBytes();
        }
        var copy = cos.copyObject(new CopyObjectRequest(BUCKET, "old/obj.bin", BUCKET, "old/copy.bin"));
        assertThat(copy.getCrc64Ecma()).isNull();
        assertThat(cos.getObjectMetadata(BUCKET, "old/copy.bin").getCrc64Ecma()).isNull();

        String key = "old/mp.bin";
        String id = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key)).getUploadId();
        var e1 = uploadPart(key, id, 1, random(MIB, 9)).getPartETag();
        var e2 = uploadPart(key, id, 2, random(10, 10)).getPartETag();
        sql("UPDATE upload_parts SET crc64 = NULL WHERE upload_id = '" + id + "' AND part_number = 1");
        var done = cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, new ArrayList<>(List.of(e1, e2))));
        assertThat(done.getCrc64Ecma()).isNull();
        assertThat(cos.getObjectMetadata(BUCKET, key).getCrc64Ecma()).isNull();
    }

    static void sql(String update) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + env.dir.resolve("meta.db"));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            assertThat(s.executeUpdate(update)).isEqualTo(1);
        }
    }

    /** S3 has its own checksum scheme: the S3 dialect gets neither the COS header nor an invented x-amz one. */
    @Test
    void theS3DialectGetsNoCrc64Header() {
        try (var s3 = env.s3()) {
            var put = s3.putObject(b -> b.bucket(BUCKET).key("s3.txt"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("hello world"));
            Map<String, List<String>> headers = put.sdkHttpResponse().headers();
            assertThat(headers.keySet()).noneMatch(h -> h.toLowerCase().contains("crc64"));
            var head = s3.headObject(b -> b.bucket(BUCKET).key("s3.txt"));
            assertThat(head.sdkHttpResponse().headers().keySet()).noneMatch(h -> h.toLowerCase().contains("crc64"));
        }
        // The same object read in the COS dialect has it: the value is stored whichever dialect wrote it.
        assertThat(cos.getObjectMetadata(BUCKET, "s3.txt").getCrc64Ecma()).isEqualTo("5981764153023615706");
    }
}
