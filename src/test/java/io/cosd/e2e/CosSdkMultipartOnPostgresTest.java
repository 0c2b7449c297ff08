package io.cosd.e2e;

import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.CompleteMultipartUploadRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Every test of {@link CosSdkMultipartTest}, with the server's metadata on PostgreSQL (PostgresE2e; docs/scale-out.md "Tests"). */
@CosdServer(factory = "onPostgres")
class CosSdkMultipartOnPostgresTest extends CosSdkMultipartTest {
    static E2e onPostgres() throws Exception {
        return PostgresE2e.server();
    }

    /**
     * As the parent's, with one difference (docs/scale-out.md "Transactions", contention cost): the
     * completion and the re-uploads queue on the upload's row lock (SC-T1), but three threads
     * re-uploading a listed part without pause commit a new part between the completion's reading of
     * the parts and its transaction often enough that every attempt can find the part changed; the
     * answer is then the retryable 503 ServiceUnavailable. The client retries it, as SDKs do; the outcome must be the
     * same: the completion succeeds whole with exactly its part files, the late parts refused and removed.
     */
    @Override
    @Test
    void aCompletionRacingReuploadsOfItsPartsKeepsExactlyItsPartFiles() throws Exception {
        long before = blobFiles(env.dir);
        String key = "race-complete";
        String id = initiate(key);
        byte[] p1 = random(MIB, 90), p2 = random(1000, 91);
        var e1 = upload(key, id, 1, p1);
        var e2 = upload(key, id, 2, p2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean stop = new AtomicBoolean();
        int unavailable = 0;
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                futures.add(pool.submit(() -> {
                    while (!stop.get()) {
                        try {
                            upload(key, id, 2, p2);
                        } catch (CosServiceException e) {
                            assertThat(e.getErrorCode()).isEqualTo("NoSuchUpload");
                            return;
                        }
                    }
                }));
            }
            Thread.sleep(50);
            while (true) {
                try {
                    cos.completeMultipartUpload(new CompleteMultipartUploadRequest(BUCKET, key, id, new ArrayList<>(List.of(e1, e2))));
                    break;
                } catch (CosServiceException e) {
                    assertThat(e.getStatusCode()).as(e.getErrorCode()).isEqualTo(503);
                    assertThat(++unavailable).as("503 answers before the completion got through").isLessThan(50);
                }
            }
            stop.set(true);
            for (var f : futures) f.get();
        } finally {
            stop.set(true); // no uploader outlives the test, even a failed one
            pool.shutdown();
            pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        try (var obj = cos.getObject(BUCKET, key)) {
            assertThat(obj.getObjectContent().readAllBytes()).isEqualTo(concat(p1, p2));
        }
        assertThat(blobFiles(env.dir)).isEqualTo(before + 2);
    }
}
