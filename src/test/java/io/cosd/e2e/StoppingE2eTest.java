package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.ObjectMetadata;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rolling restart answers what it accepted (docs/edge.md "Stopping", EDGE-S1..S3): a PUT whose body
 * is half uploaded by the official COS Java SDK when the server is told to stop completes, is
 * acknowledged, and is there, whole, for the AWS SDK after a restart on the same data dir; the
 * server's close waits for it.
 */
class StoppingE2eTest {
    @Test
    void aPutHalfUploadedWhenTheServerStopsIsAnsweredAndIsWholeAfterARestart_EDGE_S2() throws Exception {
        Path dir = Files.createTempDirectory("cosd-e2e");
        String b = E2e.bucket("stopping");
        byte[] data = new byte[1 << 20];
        java.util.Arrays.fill(data, (byte) 's');
        HalfwayBody body = new HalfwayBody(data.length, data.length / 2, 's');
        E2e first = new E2e(dir);
        CompletableFuture<Void> closing;
        String etag;
        COSClient cos = first.cos();
        try {
            cos.createBucket(b);
            ObjectMetadata meta = new ObjectMetadata();
            meta.setContentLength(data.length);
            // Own threads, not the common pool: on two cores it has one thread, which the PUT holds.
            CompletableFuture<String> put = CompletableFuture.supplyAsync(
                    () -> cos.putObject(b, "k", body, meta).getETag(), Thread::startVirtualThread);
            assertThat(body.awaitHalf()).isTrue();
            awaitInFlight(first);
            closing = CompletableFuture.runAsync(first.server::close, Thread::startVirtualThread);
            // Longer than the event loops' own shutdown time-out (2 s, HttpServer.close): the PUT lives
            // through it only because the close waits for it first.
            Thread.sleep(2_500);
            assertThat(closing).isNotDone(); // EDGE-S2: it waits for the PUT in flight
            body.release();
            etag = put.get(30, TimeUnit.SECONDS);
            closing.get(30, TimeUnit.SECONDS);
        } finally {
            body.release();
            cos.shutdown();
            first.server.close(); // not first.close(): the data dir stays for the second server
        }
        assertThat(etag).isEqualToIgnoringCase(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(data)));
        try (E2e second = new E2e(dir); S3Client s3 = second.s3()) {
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket(b).key("k"));
            assertThat(got.asByteArray()).isEqualTo(data);
            assertThat(got.response().eTag()).isEqualTo("\"" + etag + "\"");
        }
    }

    private static void awaitInFlight(E2e e2e) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (e2e.server.requestsInFlight() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(e2e.server.requestsInFlight()).isEqualTo(1);
    }
}
