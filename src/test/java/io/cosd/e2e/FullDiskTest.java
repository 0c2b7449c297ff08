package io.cosd.e2e;

import io.cosd.app.Config;
import io.cosd.store.blob.FreeSpaceReserve;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/storage.md "Full disk": with a free-space reserve larger than the disk's free space (the
 * test's stand-in for a full disk), every write of new bytes is refused with a retryable 503 that
 * says the disk is full, before the body is read; nothing is stored and no temp file is left.
 * Reads, deletes and metadata-only requests keep working.
 */
class FullDiskTest {
    static final String BUCKET = E2e.bucket("full");

    @Test
    void aPutUploadPartAndCopyOnAFullDiskGetRetryable503AndStoreNothing() throws Exception {
        Path dir = Files.createTempDirectory("cosd-e2e");
        // First a server with room: a bucket and an object to copy from.
        E2e roomy = new E2e(dir, new Config.Integrity(FreeSpaceReserve.parse("0"), Duration.ZERO, 0));
        try (S3Client s3 = roomy.s3()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            s3.putObject(b -> b.bucket(BUCKET).key("source"), RequestBody.fromString("source bytes"));
        } finally {
            roomy.server.close(); // not roomy.close(): the data dir stays for the second server
        }
        long blobsBefore = countFiles(dir.resolve("blobs"));
        // Then the same data dir with a reserve of the whole disk: no write fits.
        E2e full = new E2e(dir, new Config.Integrity(FreeSpaceReserve.parse("100%"), Duration.ZERO, 0));
        var cos = full.cos();
        try (S3Client s3 = noRetries(full)) {
            assertDiskFull(() -> s3.putObject(b -> b.bucket(BUCKET).key("new"), RequestBody.fromBytes(new byte[200_000])));
            assertDiskFull(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("source").destinationBucket(BUCKET).destinationKey("copy")));
            String upload = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("mpu")).uploadId(); // metadata only: allowed
            assertDiskFull(() -> s3.uploadPart(b -> b.bucket(BUCKET).key("mpu").uploadId(upload).partNumber(1), RequestBody.fromBytes(new byte[1000])));
            // COS dialect: the same 503, retried by the COS SDKs (docs/spec/protocol.md §4.3).
            assertThatThrownBy(() -> cos.putObject(BUCKET, "cos-new", "x"))
                    .isInstanceOfSatisfying(com.qcloud.cos.exception.CosServiceException.class, e -> {
                        assertThat(e.getStatusCode()).isEqualTo(503);
                        assertThat(e.getErrorCode()).isEqualTo("ServiceUnavailable");
                        assertThat(e.getErrorMessage()).contains("disk is full");
                    });

            // Nothing stored, nothing left behind; reads and deletes still work.
            for (String k : new String[]{"new", "copy", "cos-new"}) {
                assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key(k)))
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
            }
            assertThat(s3.listParts(b -> b.bucket(BUCKET).key("mpu").uploadId(upload)).parts()).isEmpty();
            assertThat(countFiles(dir.resolve("tmp"))).isZero();
            assertThat(countFiles(dir.resolve("blobs"))).isEqualTo(blobsBefore);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("source")).asUtf8String()).isEqualTo("source bytes");
            s3.deleteObject(b -> b.bucket(BUCKET).key("source"));

            var metrics = MetricsText.withoutNode(RawHttp.send(full.port(), "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), new byte[0]).text());
            assertThat(metrics).containsPattern("(?m)^cosd_disk_free_bytes [1-9][0-9.E+]*$");
        } finally {
            cos.shutdown();
            full.close();
        }
    }

    @Test
    void aPutOnAFullDiskIsRefusedBeforeTheBodyIsSentWith100Continue() throws Exception {
        try (E2e full = new E2e(Files.createTempDirectory("cosd-e2e"), new Config.Integrity(FreeSpaceReserve.parse("100%"), Duration.ZERO, 0));
             S3Client s3 = full.s3()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            // Unsigned anonymous PUT would be refused by auth first; a presigned PUT carries the signature in the URL.
            var presigner = software.amazon.awssdk.services.s3.presigner.S3Presigner.builder()
                    .endpointOverride(URI.create(full.endpoint()))
                    .region(software.amazon.awssdk.regions.Region.of(E2e.REGION))
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                    .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
                    .build();
            var url = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(r -> r.bucket(BUCKET).key("big"))).url();
            presigner.close();
            try (var sock = new Socket("127.0.0.1", full.port())) {
                sock.setSoTimeout(10_000);
                String head = "PUT " + url.getFile() + " HTTP/1.1\r\nHost: 127.0.0.1:" + full.port()
                        + "\r\nContent-Length: 104857600\r\nExpect: 100-continue\r\n\r\n";
                sock.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                sock.getOutputStream().flush();
                var reply = RawHttp.read(sock.getInputStream(), false);
                assertThat(reply.status()).as("answered without asking for the 100 MB body").isEqualTo(503);
                assertThat(new String(reply.body(), StandardCharsets.UTF_8)).contains("<Code>ServiceUnavailable</Code>");
            }
        }
    }

    private static void assertDiskFull(Runnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
            assertThat(e.awsErrorDetails().errorMessage()).contains("disk is full");
        });
    }

    /** The SDK would retry the 503 with backoff (as it should); the test wants the first answer. */
    private static S3Client noRetries(E2e env) {
        return S3Client.builder()
                .endpointOverride(URI.create(env.endpoint()))
                .region(software.amazon.awssdk.regions.Region.of(E2e.REGION))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(o -> o.retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
                .build();
    }

    private static long countFiles(Path p) throws IOException {
        if (!Files.exists(p)) return 0;
        return LiveDir.count(p); // the server is running
    }
}
