package io.cosd.e2e;

import io.cosd.app.Config;
import io.cosd.store.blob.FreeSpaceReserve;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** docs/storage.md ST-I7: the background scrub finds a flipped byte on its own and marks the version. */
class ScrubWorkerTest {
    @Test
    void theBackgroundScrubFindsAFlippedByteWithinItsIntervalAndGetThenFails() throws Exception {
        try (E2e env = new E2e(Files.createTempDirectory("cosd-e2e"), new Config.Integrity(FreeSpaceReserve.parse("0"), Duration.ofSeconds(1), 0, -1)); // inline off: a blob file to damage
             S3Client s3 = env.s3()) {
            String b = E2e.bucket("scrubbed");
            s3.createBucket(x -> x.bucket(b));
            s3.putObject(x -> x.bucket(b).key("k"), RequestBody.fromString("some bytes that will rot"));
            s3.putObject(x -> x.bucket(b).key("ok"), RequestBody.fromString("bytes that stay"));
            String id = env.server.metadata().objects().latest(b, "k").orElseThrow().blobId();
            try (var f = new RandomAccessFile(env.dir.resolve("blobs").resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id).toFile(), "rw")) {
                f.seek(3);
                f.write('X');
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (env.server.metadata().objects().latest(b, "k").orElseThrow().damage() == null) {
                if (System.nanoTime() > deadline) fail("the background scrub did not mark the damaged version within 30 s");
                Thread.sleep(200);
            }
            assertThatThrownBy(() -> s3.getObjectAsBytes(x -> x.bucket(b).key("k")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(500));
            assertThat(s3.getObjectAsBytes(x -> x.bucket(b).key("ok")).asUtf8String()).isEqualTo("bytes that stay");
            assertThat(env.server.metadata().checkpoints().cursor("scrub")).isPresent();
        }
    }
}
