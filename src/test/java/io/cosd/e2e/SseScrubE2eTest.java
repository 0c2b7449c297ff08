package io.cosd.e2e;

import io.cosd.app.Config;
import io.cosd.domain.crypto.ChunkFormat;
import io.cosd.store.blob.FreeSpaceReserve;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** SSE-4: the scrubber verifies encrypted versions (docs/encryption.md "Serving"; docs/storage.md "Read integrity and scrubbing"). */
@CosdServer(factory = "server")
class SseScrubE2eTest {
    static final String BUCKET = E2e.bucket("sse-scrub");

    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    /** No background scrub: the test runs each pass itself. */
    static E2e server() throws Exception {
        return SseServers.plainHttp(c -> c.withIntegrity(new Config.Integrity(FreeSpaceReserve.parse("0"), Duration.ZERO, 0)));
    }

    @BeforeAll
    static void bucket() {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    static Path blob(String key) {
        var v = env.server.metadata().objects().latest(BUCKET, key).orElseThrow();
        return LifecycleExecutionTest.blobPath(env.dir, v.blobId());
    }

    @Test
    void theScrubberChecksEncryptedVersionsThroughTheirKeyAndSseCOnesBySize_SSE_4() throws Exception {
        String k = SseE2eTest.key(71);
        s3.putObject(b -> b.bucket(BUCKET).key("s3").serverSideEncryption(ServerSideEncryption.AES256),
                RequestBody.fromBytes(SseE2eTest.data(3 * ChunkFormat.CHUNK, "SCRUB")));
        s3.putObject(b -> b.bucket(BUCKET).key("c").sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(SseE2eTest.md5(k)),
                RequestBody.fromBytes(SseE2eTest.data(3 * ChunkFormat.CHUNK, "SCRUB-C")));
        assertThat(env.server.runScrub(BUCKET).damaged()).as("intact encrypted versions are no damage").isEmpty();

        // One bit of the middle chunk of the SSE-S3 blob; the SSE-C blob cut by its last chunk.
        Path s3Blob = blob("s3");
        byte[] raw = Files.readAllBytes(s3Blob);
        raw[(int) ChunkFormat.chunkOffset(1) + 10] ^= 1;
        Files.write(s3Blob, raw);
        try (var f = new RandomAccessFile(blob("c").toFile(), "rw")) {
            f.setLength(ChunkFormat.chunkOffset(2));
        }
        var found = env.server.runScrub(BUCKET).damaged();
        assertThat(found).extracting(f -> f.key() + ":" + f.kind()).containsExactlyInAnyOrder("s3:sse-tag", "c:size");
        SseE2eTest.assertError(() -> s3.headObject(b -> b.bucket(BUCKET).key("s3")), 500, null);
    }
}
