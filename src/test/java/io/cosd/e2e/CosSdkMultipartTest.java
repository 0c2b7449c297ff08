package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.AbortMultipartUploadRequest;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import com.qcloud.cos.model.GetObjectRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.ListMultipartUploadsRequest;
import com.qcloud.cos.model.ListPartsRequest;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PartETag;
import com.qcloud.cos.model.UploadPartRequest;
import com.qcloud.cos.transfer.TransferManager;
import com.qcloud.cos.transfer.TransferManagerConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.cosd.e2e.CosSdkBucketsAndErrorsTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

/** Multipart upload through the official COS Java SDK (docs/spec/protocol.md §5.10). */
@CosdServer
class CosSdkMultipartTest {
    static final int MIB = 1 << 20;
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static final String BUCKET = E2e.bucket("multipart");

    @BeforeAll
    static void fixtures() throws Exception {
        cos.createBucket(BUCKET);
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    static long blobFiles(Path dataDir) throws Exception {
        Path blobs = dataDir.resolve("blobs");
        if (!Files.exists(blobs)) return 0;
        return LiveDir.count(blobs); // the server is running
    }

    String initiate(String key) {
        return cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, key)).getUploadId();
    }

    PartETag upload(String key, String uploadId, int n, byte[] data) {
        var r = new UploadPartRequest();
        r.setBucketName(BUCKET);
        r.setKey(key);
        r.setUploadId(uploadId);
        r.setPartNumber(n);
        r.setInputStream(new ByteArrayInputStream(data));
        r.setPartSize(data.length);
        return cos.uploadPart(r).getPartETag();
    }

    @Test
    void initiateUploadListAndCompleteGivesTheConcatenationWithAnMd5OfMd5sDashNEtag() throws Exception {
        String key = "docs/big file.bin";
        var meta = new ObjectMetadata();
        meta.setContentType("text/plain");
        meta.setUserMetadata(Map.of("author", "me"));
        var init = new InitiateMultipartUploadRequest(BUCKET, key, meta);
        init.setStorageClass(com.qcloud.cos.model.StorageClass.Standard_IA);
        String id = cos.initiateMultipartUpload(init).getUploadId();
        byte[] p1 = random(MIB, 1), p2 = random(MIB, 2), p3 = random(1000, 3);
        List<PartETag> etags = new ArrayList<>(List.of(upload(key, id, 1, p1), upload(key, id, 2, p2), upload(key, id, 3, p3)));
        assertThat(etags.get(0).getETag()).isEqualTo(md5(p1));

        var uploads = cos.listMultipartUploads(new ListMultipartUploadsRequest(BUCKET)).getMultipartUploads();
        assertThat(uploads).extracting(u -> u.getKey() + "/" + u.getUploadId()).contains(key + "/" + id);
        var parts = cos.listParts(new ListPartsRequest(BUCKET, key, id)).getParts();
        assertThat(parts).extracting(p -> p.getPartNumber() + ":" + p.getSize() + ":" + p.getETag())
                .containsExactly("1:" + MIB + ":" + md5(p1), "2:" + MIB + ":" + md5(p2), "3:1000:" + md5(p3));

        var done = cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, etags));
        MessageDigest m = MessageDigest.getInstance("MD5");
        for (byte[] p : List.of(p1, p2, p3)) m.update(MessageDigest.getInstance("MD5").digest(p));
        String expected = HexFormat.of().formatHex(m.digest()) + "-3";
        assertThat(done.getETag()).isEqualTo(expected);

        var head = cos.getObjectMetadata(BUCKET, key);
        assertThat(head.getETag()).isEqualTo(expected);
        assertThat(head.getContentLength()).isEqualTo(2L * MIB + 1000);
        assertThat(head.getContentType()).isEqualTo("text/plain");
        assertThat(head.getUserMetadata()).containsEntry("author", "me");
        assertThat(head.getStorageClass()).isEqualToIgnoringCase("STANDARD_IA");

        byte[] all = concat(p1, p2, p3);
        try (var obj = cos.getObject(BUCKET, key)) {
            assertThat(md5(obj.getObjectContent().readAllBytes())).isEqualTo(md5(all));
        }
        // A range that starts in part 1, spans part 2 and ends in part 3.
        var get = new GetObjectRequest(BUCKET, key);
        get.setRange(MIB - 10, 2L * MIB + 9);
        try (var obj = cos.getObject(get)) {
            assertThat(obj.getObjectContent().readAllBytes()).isEqualTo(Arrays.copyOfRange(all, MIB - 10, 2 * MIB + 10));
        }
        assertThat(cos.listMultipartUploads(new ListMultipartUploadsRequest(BUCKET)).getMultipartUploads())
                .extracting(u -> u.getUploadId()).doesNotContain(id);
    }

    @Test
    void listPartsPagesWithPartNumberMarkerAndMaxParts() {
        String key = "paged-parts";
        String id = initiate(key);
        for (int n = 1; n <= 5; n++) upload(key, id, n, new byte[]{(byte) n});
        var req = new ListPartsRequest(BUCKET, key, id);
        req.setMaxParts(2);
        var page = cos.listParts(req);
        assertThat(page.getParts()).extracting(p -> p.getPartNumber()).containsExactly(1, 2);
        assertThat(page.isTruncated()).isTrue();
        req.setPartNumberMarker(page.getNextPartNumberMarker());
        page = cos.listParts(req);
        assertThat(page.getParts()).extracting(p -> p.getPartNumber()).containsExactly(3, 4);
        req.setPartNumberMarker(page.getNextPartNumberMarker());
        page = cos.listParts(req);
        assertThat(page.getParts()).extracting(p -> p.getPartNumber()).containsExactly(5);
        assertThat(page.isTruncated()).isFalse();
        cos.abortMultipartUpload(new AbortMultipartUploadRequest(BUCKET, key, id));
    }

    @Test
    void listUploadsGroupsByDelimiterAndPagesWithKeyAndUploadIdMarkers() {
        String b = E2e.bucket("mpu-list");
        cos.createBucket(b);
        List<String> ids = new ArrayList<>();
        for (String k : List.of("a/1", "a/2", "b", "b", "c d")) {
            ids.add(cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(b, k)).getUploadId());
        }
        var req = new ListMultipartUploadsRequest(b);
        req.setDelimiter("/");
        var all = cos.listMultipartUploads(req);
        assertThat(all.getCommonPrefixes()).containsExactly("a/");
        assertThat(all.getMultipartUploads()).extracting(u -> u.getKey()).containsExactly("b", "b", "c d");

        req = new ListMultipartUploadsRequest(b);
        req.setMaxUploads(3);
        var page = cos.listMultipartUploads(req);
        assertThat(page.getMultipartUploads()).extracting(u -> u.getKey()).containsExactly("a/1", "a/2", "b");
        assertThat(page.isTruncated()).isTrue();
        req.setKeyMarker(page.getNextKeyMarker());
        req.setUploadIdMarker(page.getNextUploadIdMarker());
        page = cos.listMultipartUploads(req);
        assertThat(page.getMultipartUploads()).extracting(u -> u.getKey() + " " + u.getUploadId())
                .containsExactly("b " + ids.get(3), "c d " + ids.get(4));
        assertThat(page.isTruncated()).isFalse();

        req = new ListMultipartUploadsRequest(b);
        req.setPrefix("a/");
        assertThat(cos.listMultipartUploads(req).getMultipartUploads()).extracting(u -> u.getKey()).containsExactly("a/1", "a/2");
        // A bucket with uploads in progress is not empty.
        assertCode(() -> cos.deleteBucket(b), 409, "BucketNotEmpty");
    }

    @Test
    void abortRemovesTheUploadAndEveryPartFile() throws Exception {
        long before = blobFiles(env.dir);
        String key = "aborted";
        String id = initiate(key);
        upload(key, id, 1, random(1000, 5));
        upload(key, id, 2, random(1000, 6));
        upload(key, id, 2, random(1000, 7)); // re-upload releases the old part's blob
        assertThat(blobFiles(env.dir)).isEqualTo(before + 2);
        cos.abortMultipartUpload(new AbortMultipartUploadRequest(BUCKET, key, id));
        assertThat(blobFiles(env.dir)).isEqualTo(before);
        assertCode(() -> cos.listParts(new ListPartsRequest(BUCKET, key, id)), 404, "NoSuchUpload");
        assertCode(() -> cos.abortMultipartUpload(new AbortMultipartUploadRequest(BUCKET, key, id)), 404, "NoSuchUpload");
    }

    @Test
    void completingKeepsOnlyListedPartsAndReplacingOrDeletingTheObjectReleasesAllItsParts() throws Exception {
        long before = blobFiles(env.dir);
        String key = "released";
        String id = initiate(key);
        var e1 = upload(key, id, 1, random(MIB, 8));
        upload(key, id, 2, random(10, 9)); // not listed in the completion
        var e3 = upload(key, id, 3, random(10, 10));
        cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, new ArrayList<>(List.of(e1, e3))));
        assertThat(blobFiles(env.dir)).isEqualTo(before + 2);
        assertThat(cos.getObjectMetadata(BUCKET, key).getContentLength()).isEqualTo(MIB + 10);

        cos.putObject(BUCKET, key, "small"); // replaces the multipart object; small: inline (docs/storage.md "Small objects inline")
        assertThat(blobFiles(env.dir)).isEqualTo(before);
        String id2 = initiate(key);
        var f1 = upload(key, id2, 1, random(MIB, 11));
        var f2 = upload(key, id2, 2, random(5, 12));
        cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id2, new ArrayList<>(List.of(f1, f2))));
        assertThat(blobFiles(env.dir)).isEqualTo(before + 2);
        cos.deleteObject(BUCKET, key);
        assertThat(blobFiles(env.dir)).isEqualTo(before);
    }

    @Test
    void completionErrorsUseTheExactCodes() {
        String key = "errors";
        String id = initiate(key);
        var e1 = upload(key, id, 1, random(1000, 13)); // under 1 MiB and not last
        var e2 = upload(key, id, 2, random(1000, 14));
        assertCode(() -> cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id,
                new ArrayList<>(List.of(e1, e2)))), 400, "EntityTooSmall");
        assertCode(() -> cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id,
                new ArrayList<>(List.of(new PartETag(1, "0123456789abcdef0123456789abcdef"))))), 400, "InvalidPart");
        assertCode(() -> cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id,
                new ArrayList<>(List.of(new PartETag(7, e1.getETag()))))), 400, "InvalidPart");
        assertCode(() -> cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, "other-key", id,
                new ArrayList<>(List.of(e1)))), 404, "NoSuchUpload");
        assertCode(() -> cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, "nope",
                new ArrayList<>(List.of(e1)))), 404, "NoSuchUpload");
        assertCode(() -> upload(key, "nope", 1, new byte[1]), 404, "NoSuchUpload");
        assertCode(() -> upload(key, id, 0, new byte[1]), 400, "InvalidArgument");
        assertCode(() -> upload(key, id, 10001, new byte[1]), 400, "InvalidArgument");
        // Nothing changed: a single-part completion of the last part still works.
        cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, new ArrayList<>(List.of(e2))));
        assertThat(cos.getObjectMetadata(BUCKET, key).getContentLength()).isEqualTo(1000);
    }

    /** Parts racing an abort: each either lands and is released by the abort, or is refused; no file survives. */
    @Test
    void partsRacingAnAbortLeaveNoOrphanFiles() throws Exception {
        long before = blobFiles(env.dir);
        String key = "race-abort";
        String id = initiate(key);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int n = 1; n <= 64; n++) {
                int number = n;
                futures.add(pool.submit(() -> {
                    try {
                        upload(key, id, number, random(64 * 1024, number));
                    } catch (com.qcloud.cos.exception.CosServiceException e) {
                        assertThat(e.getErrorCode()).isEqualTo("NoSuchUpload");
                    }
                }));
                if (n == 16) cos.abortMultipartUpload(new AbortMultipartUploadRequest(BUCKET, key, id));
            }
            for (var f : futures) f.get();
        } finally {
            pool.shutdown();
        }
        assertThat(blobFiles(env.dir)).isEqualTo(before);
    }

    /** A completion racing re-uploads of a listed part (same bytes) succeeds whole; late parts are refused and removed. */
    @Test
    void aCompletionRacingReuploadsOfItsPartsKeepsExactlyItsPartFiles() throws Exception {
        long before = blobFiles(env.dir);
        String key = "race-complete";
        String id = initiate(key);
        byte[] p1 = random(MIB, 90), p2 = random(1000, 91);
        var e1 = upload(key, id, 1, p1);
        var e2 = upload(key, id, 2, p2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                futures.add(pool.submit(() -> {
                    while (!stop.get()) {
                        try {
                            upload(key, id, 2, p2);
                        } catch (com.qcloud.cos.exception.CosServiceException e) {
                            assertThat(e.getErrorCode()).isEqualTo("NoSuchUpload");
                            return;
                        }
                    }
                }));
            }
            Thread.sleep(50);
            cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, new ArrayList<>(List.of(e1, e2))));
            stop.set(true);
            for (var f : futures) f.get();
        } finally {
            pool.shutdown();
        }
        try (var obj = cos.getObject(BUCKET, key)) {
            assertThat(obj.getObjectContent().readAllBytes()).isEqualTo(concat(p1, p2));
        }
        assertThat(blobFiles(env.dir)).isEqualTo(before + 2);
    }

    /** 200 MiB through TransferManager: multipart upload, then a ranged parallel download, checked by hash. */
    @Test
    void transferManagerUploadsAndDownloads200MibIntact(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("src.bin"), dst = tmp.resolve("dst.bin");
        long size = 200L * MIB;
        MessageDigest srcMd5 = MessageDigest.getInstance("MD5");
        Random rnd = new Random(42);
        byte[] buf = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(src)) {
            for (long n = 0; n < size; n += buf.length) {
                rnd.nextBytes(buf);
                srcMd5.update(buf);
                out.write(buf);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        TransferManager tm = new TransferManager(cos, pool);
        try {
            var conf = new TransferManagerConfiguration();
            conf.setMultipartUploadThreshold(16L * MIB);
            conf.setMinimumUploadPartSize(16L * MIB);
            tm.setConfiguration(conf);
            var result = tm.upload(BUCKET, "tm/200mib.bin", src.toFile()).waitForUploadResult();
            assertThat(result.getETag()).endsWith("-13");
            // resumable download: parallel ranged GETs of 16 MiB
            tm.download(new GetObjectRequest(BUCKET, "tm/200mib.bin"), dst.toFile(), true, null, 16 * MIB, 16 * MIB)
                    .waitForCompletion();
        } finally {
            tm.shutdownNow(false);
            pool.shutdownNow();
        }
        MessageDigest dstMd5 = MessageDigest.getInstance("MD5");
        try (InputStream in = new DigestInputStream(Files.newInputStream(dst), dstMd5)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        assertThat(Files.size(dst)).isEqualTo(size);
        assertThat(HexFormat.of().formatHex(dstMd5.digest())).isEqualTo(HexFormat.of().formatHex(srcMd5.digest()));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
