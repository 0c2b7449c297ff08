package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review (rev11) of object lock (docs/object-lock.md, LOCK-1..LOCK-11): paths that remove or replace a
 * locked version, or answer a lock request with the wrong error.
 */
@CosdServer
class Rev11ObjectLockE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static COSClient cos;

    /**
     * A PutObject takes the bucket's versioning state at dispatch (ObjectService.record passes
     * bucket.versioning() to the store) and the store, seeing SUSPENDED, removes the "null" version in
     * the put's transaction without looking at its lock. A PutObject whose body is still arriving while
     * the bucket is switched to Enabled, lock is enabled and the "null" version gets a COMPLIANCE
     * retention, then commits and silently replaces that locked version (LOCK-5: nobody may remove it).
     */
    @Test
    void aPutObjectDispatchedWhileSuspendedNeverReplacesANullVersionLockedBeforeItCommits_LOCK_5() throws Exception {
        String b = E2e.bucket("rev11-null-race");
        s3.createBucket(r -> r.bucket(b));
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("kept for seven years"));

        int total = 256 * 1024, half = 128 * 1024;
        HalfwayBody body = new HalfwayBody(total, half, 'x');
        ObjectMetadata meta = new ObjectMetadata();
        meta.setContentLength(total);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                cos.putObject(new PutObjectRequest(b, "k", body, meta));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        writer.start();
        assertThat(body.awaitHalf()).as("half the body sent").isTrue();
        TempFiles.await(env.dir, true); // the server is writing the body: it dispatched the put with the bucket as it was, Suspended

        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putObjectLockConfiguration(r -> r.bucket(b).objectLockConfiguration(c -> c.objectLockEnabled(ObjectLockEnabled.ENABLED)));
        Instant until = Instant.now().plus(1, ChronoUnit.DAYS);
        s3.putObjectRetention(r -> r.bucket(b).key("k").versionId("null")
                .retention(x -> x.mode(ObjectLockRetentionMode.COMPLIANCE).retainUntilDate(until)));

        body.release();
        writer.join(30_000);

        String nullText = s3.getObjectAsBytes(r -> r.bucket(b).key("k").versionId("null")).asUtf8String();
        assertThat(nullText.equals("kept for seven years"))
                .as("the COMPLIANCE-locked null version kept its bytes after the racing put (writer outcome: %s; now %d bytes)",
                        outcome.get(), nullText.length())
                .isTrue();
        assertThat(s3.getObjectRetention(r -> r.bucket(b).key("k").versionId("null")).retention().mode())
                .isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
    }

    /**
     * ObjectLockXml.date accepts any ISO 8601 instant OffsetDateTime can hold (years up to 999999999),
     * but the store keeps lock_until as epoch milliseconds (ObjectRows.millis: Instant.toEpochMilli),
     * which overflows past year 292278994. Such a date must be refused as bad input (400, LOCK-6),
     * not fail inside the transaction as a 500 InternalError.
     */
    @Test
    void aRetainUntilDateBeyondWhatTheStoreCanHoldIsRefusedAsBadInputNotAnInternalError_LOCK_6() throws Exception {
        String b = E2e.bucket("rev11-far-date");
        s3.createBucket(r -> r.bucket(b).objectLockEnabledForBucket(true));
        s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("worm"));
        RawHttp.Reply reply = Raw.send(env.port(), "PUT", b, "k", Map.of(),
                "<Retention><Mode>GOVERNANCE</Mode><RetainUntilDate>+999999999-12-31T23:59:59Z</RetainUntilDate></Retention>",
                "retention", E2e.SECRET_ID);
        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertThat(reply.text()).as("a date past 9999 is a bad date, as any (LOCK-6)").contains("<Code>MalformedXML</Code>");
    }

    /**
     * x-cos-/x-amz-bypass-governance-retention chooses the effect of a delete (whether a GOVERNANCE-locked
     * version goes), but SignedCoverage does not count it as critical (AUTH-3): a COS presigned DELETE of a
     * version, which the lock refuses as signed, becomes a permanent delete when its holder adds the header
     * unsigned (the signer, the bucket owner's root, holds s3:BypassGovernanceRetention by default).
     */
    @Test
    void anUnsignedBypassHeaderAddedToAPresignedCosDeleteCannotRemoveAGovernanceLockedVersion_AUTH_3_LOCK_5() throws Exception {
        String b = E2e.bucket("rev11-bypass-cos");
        s3.createBucket(r -> r.bucket(b).objectLockEnabledForBucket(true));
        Instant until = Instant.now().plus(1, ChronoUnit.DAYS);
        String vid = s3.putObject(r -> r.bucket(b).key("k").objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(until),
                RequestBody.fromString("governed")).versionId();
        String file = E2e.presigned(cos, b, "k", com.qcloud.cos.http.HttpMethodName.DELETE, Map.of("versionId", vid)).getFile();
        var asSigned = RawHttp.send(env.port(), "DELETE", file, Map.of("Host", E2e.cosHost(b)), null);
        assertThat(asSigned.status()).as("the signed delete itself is refused by the lock: %s", asSigned.text()).isEqualTo(403);
        var tampered = RawHttp.send(env.port(), "DELETE", file,
                Map.of("Host", E2e.cosHost(b), "x-cos-bypass-governance-retention", "true"), null);
        assertThat(exists(b, "k", vid))
                .as("an unsigned bypass header removed the GOVERNANCE-locked version (answer %s)", tampered.status()).isTrue();
        assertThat(tampered.status()).isEqualTo(403);
    }

    /** As above with an S3 SigV4 presigned URL: SigV4 requires x-amz-* signed, but the x-cos- twin is read too. */
    @Test
    void anUnsignedCosBypassHeaderAddedToAPresignedS3DeleteCannotRemoveAGovernanceLockedVersion_AUTH_3_LOCK_5() throws Exception {
        String b = E2e.bucket("rev11-bypass-s3");
        s3.createBucket(r -> r.bucket(b).objectLockEnabledForBucket(true));
        Instant until = Instant.now().plus(1, ChronoUnit.DAYS);
        String vid = s3.putObject(r -> r.bucket(b).key("k").objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(until),
                RequestBody.fromString("governed")).versionId();
        try (var p = software.amazon.awssdk.services.s3.presigner.S3Presigner.builder().endpointOverride(java.net.URI.create(env.endpoint()))
                .region(software.amazon.awssdk.regions.Region.of(E2e.REGION))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            var url = p.presignDeleteObject(software.amazon.awssdk.services.s3.presigner.model.DeleteObjectPresignRequest.builder()
                    .signatureDuration(java.time.Duration.ofMinutes(5))
                    .deleteObjectRequest(software.amazon.awssdk.services.s3.model.DeleteObjectRequest.builder().bucket(b).key("k").versionId(vid).build())
                    .build()).url();
            String host = url.getHost() + ":" + url.getPort();
            var asSigned = RawHttp.send(env.port(), "DELETE", url.getFile(), Map.of("Host", host), null);
            assertThat(asSigned.status()).as("the signed delete itself is refused by the lock: %s", asSigned.text()).isEqualTo(403);
            var tampered = RawHttp.send(env.port(), "DELETE", url.getFile(), Map.of("Host", host, "x-cos-bypass-governance-retention", "true"), null);
            assertThat(exists(b, "k", vid))
                    .as("an unsigned bypass header removed the GOVERNANCE-locked version (answer %s)", tampered.status()).isTrue();
            assertThat(tampered.status()).isEqualTo(403);
        }
    }

    private static boolean exists(String bucket, String key, String versionId) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key).versionId(versionId));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            return false;
        }
    }
}
