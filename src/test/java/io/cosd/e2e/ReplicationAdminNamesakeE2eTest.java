package io.cosd.e2e;

import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.http.HttpMethodName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ADM-13 (docs/replication.md "Operations", docs/security.md ADM-7, AUTH-15) with a real server: account
 * A's root asks for the replication status and a resync with {@code existing=true} of its bucket; both
 * are authorized on A's bucket row and then held before their outbox statements (the
 * {@code COSD_TEST_PAUSE_BEFORE_COMMIT_MS} hook, service/CommitPause.beforeAdmin). Meanwhile A deletes the
 * bucket and account B creates one of the same name, writes a version before any rule, configures
 * replication to a bucket of its own and writes a version after it. Both held requests answer 404
 * NoSuchBucket: the status lists nothing of B's, and the resync queues none of B's versions under B's
 * rules (B's version from before its rule is never copied: REP-R1 holds for B), while B's own
 * replicated write still reaches B's destination.
 */
class ReplicationAdminNamesakeE2eTest {
    private static final String HELD = "cosd-test-pause-rep", DEST = "reborn-rep-dst"; // CommitPause.ADMIN_BUCKET_PREFIX
    private static final String B_UIN = "100000000702", B_APPID = "1250000702";
    /** The pause's upper bound: the test releases it once B's bucket, rule and writes exist (far sooner). */
    private static final long PAUSE_MS = 30_000;

    @TempDir
    Path dir;

    /** An admin request q-signed by A's root over every query parameter (ADM-2), sent from a thread of its own. */
    private static CompletableFuture<RawHttp.Reply> admin(int port, String method, String path, Map<String, String> query) {
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Host", "127.0.0.1:" + port));
        String auth = new COSSigner().buildAuthorizationStr(HttpMethodName.valueOf(method), path, headers, query,
                new BasicCOSCredentials(E2e.SECRET_ID, E2e.SECRET_KEY), new Date(System.currentTimeMillis() + 600_000));
        headers.put("Authorization", auth);
        StringBuilder target = new StringBuilder(path);
        String sep = "?";
        for (var e : query.entrySet()) {
            target.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = "&";
        }
        // a thread of its own each (the common pool may have one worker on a small machine: the second would wait)
        CompletableFuture<RawHttp.Reply> reply = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                reply.complete(RawHttp.send(port, method, target.toString(), headers, null));
            } catch (Exception e) {
                reply.completeExceptionally(e);
            }
        });
        return reply;
    }

    private static void assertNoSuchBucket(RawHttp.Reply r, String label) {
        assertThat(r.status()).as(label + ": " + r.text()).isEqualTo(404);
        assertThat(r.text()).as(label).contains("<Code>NoSuchBucket</Code>");
    }

    @Test
    void anOldOwnersHeldStatusAndResyncNeitherShowNorQueueTheNamesakesVersions_ADM_13() throws Exception {
        try (CosdProcess.Running p = CosdProcess.serveWithCommitPause(dir, PAUSE_MS, dir.resolve("release-pause"))) {
            int port = p.port();
            E2e.Account b = E2e.addAccount(dir, "--uin", B_UIN, "--appid", B_APPID); // account B, beside the running server
            try (S3Client a = E2e.s3Builder(port, E2e.SECRET_ID, E2e.SECRET_KEY).build();
                 S3Client other = E2e.s3Builder(port, b.secretId(), b.secretKey()).build()) {
                a.createBucket(r -> r.bucket(HELD));
                var status = admin(port, "GET", "/-/admin/replication/status", Map.of("bucket", HELD));
                var resync = admin(port, "POST", "/-/admin/replication/resync", new LinkedHashMap<>(Map.of("bucket", HELD, "existing", "true")));
                Thread.sleep(1_500); // both authorized on A's bucket row, asleep before their outbox statements
                assertThat(status.isDone() || resync.isDone()).as("both are held").isFalse();

                a.deleteBucket(r -> r.bucket(HELD));
                other.createBucket(r -> r.bucket(HELD));
                other.createBucket(r -> r.bucket(DEST));
                for (String name : new String[] {HELD, DEST}) {
                    other.putBucketVersioning(r -> r.bucket(name).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
                }
                other.putObject(r -> r.bucket(HELD).key("before-rule.txt"), RequestBody.fromString("B's, never replicated (REP-R1)"));
                other.putBucketReplication(r -> r.bucket(HELD).replicationConfiguration(c -> c
                        .role("qcs::cam::uin/" + B_UIN + ":uin/" + B_UIN)
                        .rules(rule -> rule.id("all").status(ReplicationRuleStatus.ENABLED).prefix("")
                                .destination(d -> d.bucket("qcs::cos:" + E2e.REGION + "::" + DEST)))));
                other.putObject(r -> r.bucket(HELD).key("after-rule.txt"), RequestBody.fromString("B's, replicated"));
                Files.createFile(dir.resolve("release-pause")); // the race is set: the held requests go on

                assertNoSuchBucket(status.get(60, TimeUnit.SECONDS), "the old owner's status");
                assertNoSuchBucket(resync.get(60, TimeUnit.SECONDS), "the old owner's resync");
            }
            try (S3Client other = E2e.s3Builder(port, b.secretId(), b.secretKey()).build()) {
                long deadline = System.nanoTime() + 60_000_000_000L; // a bound on a stuck worker, not a speed claim
                String copied = null;
                while (copied == null && System.nanoTime() < deadline) {
                    try {
                        copied = other.getObjectAsBytes(r -> r.bucket(DEST).key("after-rule.txt")).asUtf8String();
                    } catch (NoSuchKeyException e) {
                        Thread.sleep(100);
                    }
                }
                assertThat(copied).as("the namesake's own replicated write still replicates").isEqualTo("B's, replicated");
                Thread.sleep(1_000); // the worker had its chance at anything else due (it polls; a queued row is due at once)
                assertThat(other.headObject(r -> r.bucket(HELD).key("before-rule.txt")).replicationStatusAsString())
                        .as("the old owner's resync queued none of B's versions").isNull();
                assertThat(other.listObjectsV2(r -> r.bucket(DEST)).contents()).extracting(o -> o.key()).containsExactly("after-rule.txt");
            }
            // the CLI shares the service: it reads the row once and answers for it (here B's, the only one now)
            var cli = E2e.admin(dir, "replication", "status", HELD);
            assertThat(cli.code()).as(cli.out()).isZero();
            assertThat(cli.out()).contains("bucket " + HELD).contains("pending 0").contains("failed 0");
            assertThat(E2e.admin(dir, "replication", "status", "no-such-bucket-rep").code()).isEqualTo(1);
        }
    }
}
