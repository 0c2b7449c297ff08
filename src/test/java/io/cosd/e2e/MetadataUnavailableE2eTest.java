package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/storage.md ST-F6, ST-F7: a metadata transaction the database refuses for a passing reason of
 * its environment answers a retryable 503, changes nothing, and the same request succeeds once the
 * cause is gone. The cause here is real: another process (as {@code cosd admin} would) holds SQLite's
 * write lock on the server's meta.db past the server's busy timeout (10 s), so the PUT's group-commit
 * batch fails with SQLITE_BUSY after its blob was written and renamed (a 200 KB body is a blob file,
 * not inline).
 */
class MetadataUnavailableE2eTest {
    static final String BUCKET = E2e.bucket("metaunavail");
    static final byte[] BODY = new byte[200_000];

    @Test
    void aPutWhoseBatchFindsTheDatabaseLockedIsA503ThatTheAwsSdkRetriesAndTheRetryStoresTheObjectOnce_ST_F6_ST_F7() throws Exception {
        try (E2e env = new E2e(Files.createTempDirectory("cosd-e2e")); S3Client s3 = env.s3()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            long blobsBefore = countFiles(env.dir.resolve("blobs"));
            try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + env.dir.resolve("meta.db"));
                 Statement st = lock.createStatement()) {
                st.execute("BEGIN IMMEDIATE"); // the write lock, held as another process would hold it
                // The AWS SDK v2 retries a 503 by itself (standard retry policy): the first attempt waits out
                // the busy timeout and is refused; the lock goes as soon as the server has answered it.
                CompletableFuture<Void> put = CompletableFuture.runAsync(() ->
                        s3.putObject(b -> b.bucket(BUCKET).key("k"), RequestBody.fromBytes(BODY)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
                while (answers(env, "PUT_OBJECT", "503") == 0) {
                    assertThat(System.nanoTime()).as("a 503 once the busy timeout ran out (background writers may take the one writer connection first)").isLessThan(deadline);
                    assertThat(put).as("the first attempt may not succeed while the lock is held").isNotDone();
                    Thread.sleep(50);
                }
                // Nothing of the refused attempt is visible. Its files are counted at the end: the SDK's retry
                // may already be writing its own blob now (it waits for the same lock), so a count here races it.
                assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("k")))
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
                st.execute("ROLLBACK");
                put.get(60, TimeUnit.SECONDS);
            }
            assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("k")).asByteArray()).isEqualTo(BODY);
            assertThat(answers(env, "PUT_OBJECT", "503")).as("one refused attempt").isEqualTo(1);
            assertThat(answers(env, "PUT_OBJECT", "200")).as("one stored attempt").isEqualTo(1);
            assertThat(countFiles(env.dir.resolve("blobs"))).as("one blob: the retry's; the refused attempt's was deleted").isEqualTo(blobsBefore + 1);
            assertThat(countFiles(env.dir.resolve("tmp"))).isZero();
            assertThat(s3.listObjectVersions(b -> b.bucket(BUCKET)).versions()).hasSize(1);
        }
    }

    @Test
    void theCosSdkGetsTheSame503InTheCosEnvelopeAndItsRetryAfterTheLockWentSucceeds_ST_F6() throws Exception {
        try (E2e env = new E2e(Files.createTempDirectory("cosd-e2e")); S3Client s3 = env.s3()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            var cos = env.cos(); // no retries: the test wants the first answer
            try {
                try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + env.dir.resolve("meta.db"));
                     Statement st = lock.createStatement()) {
                    st.execute("BEGIN IMMEDIATE");
                    assertThatThrownBy(() -> cos.putObject(BUCKET, "c", new ByteArrayInputStream(BODY), meta()))
                            .isInstanceOfSatisfying(com.qcloud.cos.exception.CosServiceException.class, e -> {
                                assertThat(e.getStatusCode()).isEqualTo(503);
                                assertThat(e.getErrorCode()).isEqualTo("ServiceUnavailable");
                                assertThat(e.getErrorMessage()).contains("metadata database is unavailable")
                                        .doesNotContain("SQLITE"); // the store's reason is logged, not sent
                                assertThat(e.getRequestId()).isNotBlank();
                            });
                    st.execute("ROLLBACK");
                }
                assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("c")))
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
                cos.putObject(BUCKET, "c", new ByteArrayInputStream(BODY), meta());
                assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("c")).asByteArray()).isEqualTo(BODY);
            } finally {
                cos.shutdown();
            }
        }
    }

    private static com.qcloud.cos.model.ObjectMetadata meta() {
        var m = new com.qcloud.cos.model.ObjectMetadata();
        m.setContentLength(BODY.length);
        return m;
    }

    /** The server's own count of answers to {@code operation} with {@code status} (cosd_requests_total). */
    static long answers(E2e env, String operation, String status) throws Exception {
        String text = MetricsText.withoutNode(RawHttp.send(env.port(), "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), new byte[0]).text());
        Matcher m = Pattern.compile("(?m)^cosd_requests_total\\{operation=\"" + operation + "\",status=\"" + status + "\"} ([0-9.E+]+)$").matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private static long countFiles(Path p) throws Exception {
        if (!Files.exists(p)) return 0;
        return LiveDir.count(p);
    }
}
