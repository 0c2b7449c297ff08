package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.ListPartsRequest;
import com.qcloud.cos.model.PartETag;
import com.qcloud.cos.model.UploadPartRequest;
import io.cosd.app.Config;
import io.cosd.app.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Completion is one metadata transaction: a server SIGKILLed while completing an upload of many
 * parts comes back with either the whole object (and no upload) or no object (and the whole
 * upload, which still completes), and in both cases exactly one blob file per part: no orphans.
 * Both servers run with a 1-byte minimum part size (test-only system property) so that the parts
 * stay small.
 */
class MultipartCrashTest {
    /** Every part costs two fsynced commits (blob, metadata); 500 keep the test within seconds. */
    static final int PARTS = 500;
    static final String BUCKET = E2e.bucket("mpu-crash");
    static final String KEY = "many-parts";

    @TempDir
    Path dir;

    static byte[] part(int n) {
        byte[] b = new byte[64];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void aSigkillDuringCompletionLeavesTheWholeObjectOrTheWholeUploadAndNoOrphans() throws Exception {
        Process p = start();
        String uploadId;
        List<PartETag> etags;
        try {
            int port = CrashRecoveryTest.awaitPort(p);
            COSClient cos = E2e.cosClient(port, E2e.SECRET_ID, E2e.SECRET_KEY);
            cos.createBucket(BUCKET);
            uploadId = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(BUCKET, KEY)).getUploadId();
            etags = uploadAll(cos, uploadId);
            var complete = new CompleteMultipartUploadRequest(BUCKET, KEY, uploadId, etags);
            ExecutorService one = Executors.newSingleThreadExecutor();
            one.submit(() -> cos.completeMultipartUpload(complete));
            Thread.sleep(new Random().nextInt(40)); // somewhere in or around the completion transaction
            p.destroyForcibly(); // SIGKILL
            p.waitFor(10, TimeUnit.SECONDS);
            one.shutdownNow();
            cos.shutdown();
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int n = 1; n <= PARTS; n++) expected.write(part(n));
        System.setProperty("cosd.multipart.minPartSize", "1");
        Server restarted;
        try {
            restarted = Server.start(new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000), Map.of());
        } finally {
            System.clearProperty("cosd.multipart.minPartSize");
        }
        try (Server s = restarted) {
            COSClient cos = E2e.cosClient(s.port(), E2e.SECRET_ID, E2e.SECRET_KEY);
            if (!cos.doesObjectExist(BUCKET, KEY)) {
                // None: the upload is whole, so completing it again works.
                assertThat(countParts(cos, uploadId)).isEqualTo(PARTS);
                assertThat(blobFiles()).isEqualTo(PARTS);
                cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, KEY, uploadId, etags));
            }
            try (var obj = cos.getObject(BUCKET, KEY)) {
                assertThat(obj.getObjectContent().readAllBytes()).isEqualTo(expected.toByteArray());
            }
            assertThat(cos.getObjectMetadata(BUCKET, KEY).getETag()).endsWith("-" + PARTS);
            try {
                cos.listParts(new ListPartsRequest(BUCKET, KEY, uploadId));
                throw new AssertionError("the completed upload is still listed");
            } catch (CosServiceException e) {
                assertThat(e.getErrorCode()).isEqualTo("NoSuchUpload");
            }
            assertThat(blobFiles()).as("one blob per part, no orphans").isEqualTo(PARTS);
            try (var tmp = Files.list(dir.resolve("tmp"))) {
                assertThat(tmp.toList()).isEmpty();
            }
            cos.shutdown();
        }
    }

    private List<PartETag> uploadAll(COSClient cos, String uploadId) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<PartETag>> futures = new ArrayList<>();
            for (int n = 1; n <= PARTS; n++) {
                int number = n;
                futures.add(pool.submit(() -> {
                    var r = new UploadPartRequest();
                    r.setBucketName(BUCKET);
                    r.setKey(KEY);
                    r.setUploadId(uploadId);
                    r.setPartNumber(number);
                    byte[] data = part(number);
                    r.setInputStream(new ByteArrayInputStream(data));
                    r.setPartSize(data.length);
                    return cos.uploadPart(r).getPartETag();
                }));
            }
            List<PartETag> out = new ArrayList<>();
            for (var f : futures) out.add(f.get());
            out.sort(Comparator.comparingInt(PartETag::getPartNumber));
            return out;
        } finally {
            pool.shutdown();
        }
    }

    private static int countParts(COSClient cos, String uploadId) {
        int count = 0;
        var req = new ListPartsRequest(BUCKET, KEY, uploadId);
        while (true) {
            var page = cos.listParts(req);
            count += page.getParts().size();
            if (!page.isTruncated()) return count;
            req.setPartNumberMarker(page.getNextPartNumberMarker());
        }
    }

    private long blobFiles() throws Exception {
        return LiveDir.count(dir.resolve("blobs")); // the restarted server is running
    }

    private Process start() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        var pb = new ProcessBuilder(java, "-Xmx256m", "-Dcosd.multipart.minPartSize=1", "-cp", System.getProperty("java.class.path"),
                "io.cosd.app.Main", "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", dir.toString());
        pb.environment().putAll(Map.of("COSD_ROOT_UIN", E2e.UIN, "COSD_APPID", E2e.APPID,
                "COSD_ROOT_SECRET_ID", E2e.SECRET_ID, "COSD_ROOT_SECRET_KEY", E2e.SECRET_KEY));
        pb.redirectErrorStream(true);
        return pb.start();
    }
}
