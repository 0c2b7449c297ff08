package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Object lock is durable state (docs/object-lock.md, LOCK-4): a bucket's lock and default retention
 * and each version's retention and legal hold hold across a restart on the same data dir.
 */
class ObjectLockRestartTest {
    static void refused(Runnable call, int status) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(status));
    }

    @Test
    void locksAndTheBucketsLockConfigurationHoldAfterARestartOnTheSameDataDir_LOCK_4() throws Exception {
        Path dir = Files.createTempDirectory("cosd-e2e");
        String b = E2e.bucket("lock-restart");
        Instant until = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        String compliance, held;
        E2e first = new E2e(dir);
        try (S3Client s3 = first.s3()) {
            s3.createBucket(r -> r.bucket(b).objectLockEnabledForBucket(true));
            compliance = s3.putObject(r -> r.bucket(b).key("c").objectLockMode(ObjectLockMode.COMPLIANCE).objectLockRetainUntilDate(until),
                    RequestBody.fromString("c")).versionId();
            held = s3.putObject(r -> r.bucket(b).key("h").objectLockLegalHoldStatus(ObjectLockLegalHoldStatus.ON),
                    RequestBody.fromString("h")).versionId();
        } finally {
            first.server.close(); // not first.close(): the data dir stays for the second server
        }
        try (E2e second = new E2e(dir); S3Client s3 = second.s3()) {
            refused(() -> s3.deleteObject(r -> r.bucket(b).key("c").versionId(compliance).bypassGovernanceRetention(true)), 403);
            refused(() -> s3.deleteObject(r -> r.bucket(b).key("h").versionId(held).bypassGovernanceRetention(true)), 403);
            var ret = s3.getObjectRetention(r -> r.bucket(b).key("c").versionId(compliance)).retention();
            assertThat(ret.modeAsString()).isEqualTo("COMPLIANCE");
            assertThat(ret.retainUntilDate()).isEqualTo(until);
            assertThat(s3.getObjectLegalHold(r -> r.bucket(b).key("h").versionId(held)).legalHold().status()).isEqualTo(ObjectLockLegalHoldStatus.ON);
            refused(() -> s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED))), 409);
            assertThat(s3.getObjectLockConfiguration(r -> r.bucket(b)).objectLockConfiguration().objectLockEnabledAsString()).isEqualTo("Enabled");
            assertThat(s3.headObject(r -> r.bucket(b).key("c").versionId(compliance)).contentLength()).isEqualTo(1);
        }
    }
}
