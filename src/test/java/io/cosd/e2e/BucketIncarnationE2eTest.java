package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/security.md AUTH-13 with a real server and the AWS SDK: a PUT authorized against account A's
 * bucket is held between its authorization and its commit (the {@code COSD_TEST_PAUSE_BEFORE_COMMIT_MS}
 * hook, service/CommitPause), and meanwhile A deletes the bucket and account B creates one of the
 * same name (plain S3 names, one namespace per server). The held PUT must not land in B's bucket,
 * written by someone B never authorized: it answers 404 NoSuchBucket and B's bucket stays empty.
 */
class BucketIncarnationE2eTest {
    private static final String BUCKET = "reborn-shared";
    private static final String HELD = "cosd-test-pause/held"; // CommitPause.PREFIX
    /** The pause's upper bound: the test releases it once the namesake exists (far sooner). */
    private static final long PAUSE_MS = 30_000;

    @TempDir
    Path dir;

    private static S3Client client(int port, String id, String key) {
        return E2e.s3Builder(port, id, key)
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())) // the held PUT's one answer is checked
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(120)))
                .build();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private void heldPutLandsNowhere(int bodySize) throws Exception {
        try (CosdProcess.Running p = CosdProcess.serveWithCommitPause(dir, PAUSE_MS, dir.resolve("release-pause"))) {
            int port = p.port();
            E2e.Account b = E2e.addAccount(dir); // account B, beside the running server
            try (S3Client a = client(port, E2e.SECRET_ID, E2e.SECRET_KEY); S3Client other = client(port, b.secretId(), b.secretKey())) {
                a.createBucket(r -> r.bucket(BUCKET));
                var held = CompletableFuture.supplyAsync(() -> a.putObject(r -> r.bucket(BUCKET).key(HELD),
                        RequestBody.fromBytes(random(bodySize))), r -> Thread.ofPlatform().daemon().start(r));
                Thread.sleep(1_500); // authorized against A's bucket, asleep before its commit
                assertThat(held).as("the PUT is held before its commit").isNotDone();
                a.deleteBucket(r -> r.bucket(BUCKET)); // empty: the held PUT has committed nothing
                other.createBucket(r -> r.bucket(BUCKET));
                assertThat(held).as("still held after the namesake's creation").isNotDone();
                Files.createFile(dir.resolve("release-pause")); // the race is set: the held PUT goes on

                assertThatThrownBy(() -> held.get(60, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
                    // the exact S3 error: its message, and the request id of this request in the body and the header
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The specified bucket does not exist.");
                    assertThat(e.requestId()).isNotBlank();
                    assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-request-id")).contains(e.requestId());
                });
                assertThat(other.listObjectsV2(r -> r.bucket(BUCKET)).contents()).as("B's bucket").isEmpty();
                // B's bucket takes B's own writes as any bucket does
                other.putObject(r -> r.bucket(BUCKET).key("mine"), RequestBody.fromString("b"));
                assertThat(other.listObjectsV2(r -> r.bucket(BUCKET)).contents()).hasSize(1);
            }
        }
    }

    @Test
    void aPutHeldWhileItsBucketIsDeletedAndRecreatedByAnotherAccountIsNoSuchBucketAndTheNamesakeStaysEmpty_AUTH_13() throws Exception {
        heldPutLandsNowhere(200_000); // a blob file (above the inline limit)
    }

    @Test
    void anInlineSizedPutHeldTheSameWayIsRefusedTheSameWay_AUTH_13() throws Exception {
        heldPutLandsNowhere(100); // stored inline with its row (docs/storage.md "Small objects inline")
    }
}
