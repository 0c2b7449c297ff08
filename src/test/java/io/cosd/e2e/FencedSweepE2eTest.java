package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SC-F1, SC-F2 across real processes: two nodes over one PostgreSQL and one shared blob root with a
 * one-second grace. Node A is frozen (the {@code COSD_TEST_PAUSE_BEFORE_COMMIT_MS} hook) between its
 * blob's rename and its metadata commit, far past the grace, while node B restarts and sweeps the
 * blob as an orphan. A then finds its blob gone inside the fence: the PUT is answered 503, never 200,
 * no version names the missing blob, and every write that was acknowledged still reads back whole.
 */
class FencedSweepE2eTest {
    private static final String BUCKET = "fence-" + E2e.APPID;
    private static final String PAUSED = "cosd-test-pause/frozen"; // CommitPause.PREFIX
    /** A's pause: far beyond the grace (1 s), and beyond B's kill and restart on a busy machine; released once B has swept. */
    private static final long PAUSE_MS = 45_000;

    @TempDir
    Path pause;

    private static S3Client noRetries(NodeCluster.Node n) {
        return S3Client.builder()
                .endpointOverride(URI.create(n.endpoint()))
                .region(Region.of(E2e.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none())) // the 503 itself is what is checked
                .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(180))) // the answer comes after A's pause
                .build();
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static long counter(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*} ([0-9.E+]+)$").matcher(metrics);
        assertThat(m.find()).as(name).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    @Test
    void aNodeFrozenBetweenRenameAndCommitWhileAnotherNodeSweepsAnswers503AndNoAcknowledgedWriteLosesItsBlob_SC_F1_SC_F2() throws Exception {
        try (NodeCluster c = NodeCluster.start(2, Map.of("COSD_TEST_PAUSE_BEFORE_COMMIT_MS", Long.toString(PAUSE_MS),
                "COSD_TEST_PAUSE_RELEASE_FILE", pause.resolve("release").toString()), List.of("--blob-grace", "1s"))) {
            NodeCluster.Node a = c.node(0), b = c.node(1);
            S3Client s3a = a.s3();
            s3a.createBucket(r -> r.bucket(BUCKET));
            Map<String, byte[]> acknowledged = new LinkedHashMap<>();
            for (int i = 0; i < 4; i++) {
                byte[] body = random(100_000 + i, i); // files: above the 64 KiB inline limit
                s3a.putObject(r -> r.bucket(BUCKET).key("kept/" + acknowledged.size()), RequestBody.fromBytes(body));
                acknowledged.put("kept/" + (acknowledged.size()), body);
            }

            byte[] frozenBody = random(200_000, 99); // a file too: an inline body commits with its row
            try (S3Client once = noRetries(a)) {
                var frozen = CompletableFuture.supplyAsync(() -> once.putObject(r -> r.bucket(BUCKET).key(PAUSED),
                        RequestBody.fromBytes(frozenBody)), r -> Thread.ofPlatform().daemon().start(r));
                long t0 = System.nanoTime();
                Thread.sleep(2_500); // A's blob is renamed into place and older than the grace; A sleeps on
                assertThat(frozen).as("A's PUT is paused before its commit").isNotDone();
                b.kill();
                b.restart(); // B's start-up cleanup sweeps the unreferenced, old blob
                long restarted = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertThat(restarted).as("B restarted within A's pause").isLessThan(PAUSE_MS - 5_000);
                assertThat(frozen).as("A's PUT still paused after B's start").isNotDone();
                Files.createFile(pause.resolve("release")); // B has swept (its start-up cleanup ends before it listens): A wakes

                assertThatThrownBy(() -> frozen.get(60, TimeUnit.SECONDS))
                        .cause().isInstanceOf(S3Exception.class)
                        .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(503));
            }

            assertThat(counter(a.metrics(), "cosd_blob_fence_refusals_total")).isEqualTo(1);
            for (NodeCluster.Node n : List.of(a, b)) {
                S3Client s3 = n.s3();
                assertThatThrownBy(() -> s3.headObject(r -> r.bucket(BUCKET).key(PAUSED))).isInstanceOf(NoSuchKeyException.class);
                for (var e : acknowledged.entrySet()) {
                    assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(e.getKey())).asByteArray()).as(e.getKey()).isEqualTo(e.getValue());
                }
            }
            // A, resumed, writes as before: the 503 told the client to send the body again.
            s3a.putObject(r -> r.bucket(BUCKET).key("after"), RequestBody.fromBytes(frozenBody));
            assertThat(b.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key("after")).asByteArray()).isEqualTo(frozenBody);
        }
    }
}
