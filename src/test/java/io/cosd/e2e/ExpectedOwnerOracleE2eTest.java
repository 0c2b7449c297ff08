package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * x-amz-expected-bucket-owner is checked or refused, never ignored (api/core/ExpectedOwner, UB-1), and
 * teaches nothing to a caller the bucket admits for nothing (docs/access-control.md "Expected bucket owner").
 */
@CosdServer
class ExpectedOwnerOracleE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    static final String B_UIN = "100000000661", B_APPID = "1250000661";
    static final String B_ID = "AKIDrev6expectedOwnerBrev6expectedB1", B_KEY = "rev6ExpectedOwnerBSecretKeyRev6xx";
    static S3Client stranger;

    @BeforeAll
    static void fixtures() {
        InputStream oldIn = System.in;
        System.setIn(new ByteArrayInputStream((B_KEY + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            var run = E2e.admin(env.dir, "account", "add", "--uin", B_UIN, "--appid", B_APPID, "--secret-id", B_ID, "--secret-key-stdin");
            assertThat(run.code()).isZero();
        } finally {
            System.setIn(oldIn);
        }
        stranger = env.s3(B_ID, B_KEY);
    }

    static int status(Runnable call) {
        try {
            call.run();
            return 200;
        } catch (S3Exception e) {
            return e.statusCode();
        }
    }

    /**
     * Access lets a DeleteObjects through undecided whenever the bucket has a policy (each key is checked
     * later); its expected-owner check waits for an allowed key, so a stranger allowed none gets the same
     * answer for a right guess, a wrong one and no header: no oracle for the bucket's owner.
     */
    @Test
    void aStrangerAllowedNoKeyCannotLearnTheBucketOwnerFromDeleteObjectsAnswers() {
        String b = E2e.bucket("rev6-eo-oracle");
        s3.createBucket(r -> r.bucket(b));
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":[\"arn:aws:iam::100000000777:root\"]},\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::" + b + "/*\"}]}")); // grants the stranger nothing
        int wrongGuess = status(() -> stranger.deleteObjects(r -> r.bucket(b).expectedBucketOwner("100000000999")
                .delete(d -> d.objects(ObjectIdentifier.builder().key("x").build()))));
        int rightGuess = status(() -> stranger.deleteObjects(r -> r.bucket(b).expectedBucketOwner(E2e.UIN)
                .delete(d -> d.objects(ObjectIdentifier.builder().key("x").build()))));
        int noGuess = status(() -> stranger.deleteObjects(r -> r.bucket(b)
                .delete(d -> d.objects(ObjectIdentifier.builder().key("x").build()))));
        // With no key allowed, the answer is the one without the header (200, each key AccessDenied).
        assertThat(wrongGuess).as("a wrong owner guess answers as without the header").isEqualTo(noGuess);
        assertThat(rightGuess).as("the right owner guess answers like a wrong one").isEqualTo(wrongGuess);
    }

    /**
     * The /-/admin/* endpoints name a bucket in the query and check no expected owner, so the header is
     * refused there (501, UB-1) rather than ignored while the lifecycle preview (or run) acts on the bucket.
     */
    @Test
    void anAdminEndpointRefusesTheExpectedBucketOwnerHeader_UB_1() throws Exception {
        String b = E2e.bucket("rev6-admin-eo");
        s3.createBucket(r -> r.bucket(b));
        s3.putBucketLifecycleConfiguration(r -> r.bucket(b).lifecycleConfiguration(c -> c.rules(x -> x.id("old").status(ExpirationStatus.ENABLED)
                .filter(f -> f.prefix("logs/")).expiration(e -> e.days(1)))));
        var ok = SignedRaw.send(env.port(), "GET", "-", "admin/lifecycle/preview", Map.of("bucket", b), Map.of(), null);
        assertThat(ok.status()).as(ok.text()).isEqualTo(200); // control: the endpoint answers its owner
        var other = SignedRaw.send(env.port(), "GET", "-", "admin/lifecycle/preview", Map.of("bucket", b),
                Map.of("x-amz-expected-bucket-owner", "100000000999"), null);
        assertThat(other.status()).as("another account named as the owner: %s", other.text()).isEqualTo(501);
    }

    /** Once a key is allowed, a wrong expected owner refuses the whole request before anything is deleted. */
    @Test
    void aDeleteObjectsAllowedSomeKeysChecksTheExpectedOwnerBeforeDeletingAny() {
        String b = E2e.bucket("rev6-eo-some");
        s3.createBucket(r -> r.bucket(b));
        s3.putObject(r -> r.bucket(b).key("tmp/a"), software.amazon.awssdk.core.sync.RequestBody.fromString("a"));
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":[\"arn:aws:iam::" + B_UIN + ":root\"]},\"Action\":\"s3:DeleteObject\","
                + "\"Resource\":\"arn:aws:s3:::" + b + "/tmp/*\"}]}"));
        int wrong = status(() -> stranger.deleteObjects(r -> r.bucket(b).expectedBucketOwner("100000000999")
                .delete(d -> d.objects(ObjectIdentifier.builder().key("other").build(), ObjectIdentifier.builder().key("tmp/a").build()))));
        assertThat(wrong).isEqualTo(403);
        assertThat(s3.headObject(r -> r.bucket(b).key("tmp/a")).contentLength()).isEqualTo(1L);
        var right = stranger.deleteObjects(r -> r.bucket(b).expectedBucketOwner(E2e.UIN)
                .delete(d -> d.objects(ObjectIdentifier.builder().key("tmp/a").build())));
        assertThat(right.deleted()).hasSize(1);
    }
}
