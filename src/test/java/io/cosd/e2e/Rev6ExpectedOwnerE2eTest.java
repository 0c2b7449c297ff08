package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security review (rev6): x-amz-expected-bucket-owner must be checked or refused, never ignored
 * (api/core/ExpectedOwner, UB-1). Fails while the hole is open.
 */
@CosdServer
class Rev6ExpectedOwnerE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    /**
     * The /-/admin/* endpoints name a bucket in the query and are dispatched before ExpectedOwner.check and
     * RequestGuard, so a header naming another account as the bucket's owner is neither checked (403) nor
     * refused (501): the lifecycle preview (and run, which deletes objects) acts on the bucket regardless.
     */
    @Test
    void anAdminEndpointNamingABucketChecksOrRefusesTheExpectedBucketOwnerHeader_UB_1() throws Exception {
        String b = E2e.bucket("rev6-admin-eo");
        s3.createBucket(r -> r.bucket(b));
        s3.putBucketLifecycleConfiguration(r -> r.bucket(b).lifecycleConfiguration(c -> c.rules(x -> x.id("old").status(ExpirationStatus.ENABLED)
                .filter(f -> f.prefix("logs/")).expiration(e -> e.days(1)))));
        var ok = SignedRaw.send(env.port(), "GET", "-", "admin/lifecycle/preview", Map.of("bucket", b), Map.of(), null);
        assertThat(ok.status()).as(ok.text()).isEqualTo(200); // control: the endpoint answers its owner
        var other = SignedRaw.send(env.port(), "GET", "-", "admin/lifecycle/preview", Map.of("bucket", b),
                Map.of("x-amz-expected-bucket-owner", "100000000999"), null);
        assertThat(other.status()).as("another account named as the owner: %s", other.text()).isIn(403, 501);
    }
}
