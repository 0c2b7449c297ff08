package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AccessControlPolicy;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Who may change Object Ownership (ACL-O2), guarded from a security review's probes. A bucket-ACL FULL_CONTROL grantee of another account may not put or delete the controls: no ACL
 * grants s3:PutBucketOwnershipControls (ACL-E2).
 */
@CosdServer
class OwnershipControlsGuardsE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    static final String B_UIN = "100000000666", B_APPID = "1250000666";
    static final String B_ID = "AKIDrev6ownershipProbeBrev6probeB001", B_KEY = "rev6OwnershipProbeSecretKeyRev6x";

    static int status(Runnable call) {
        S3Exception e = catchThrowableOfType(S3Exception.class, call::run);
        return e == null ? 200 : e.statusCode();
    }

    @Test
    void aFullControlGranteeOfAnotherAccountCannotPutOrDeleteOwnershipControls_ACL_O2_E2() {
        InputStream oldIn = System.in;
        System.setIn(new ByteArrayInputStream((B_KEY + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            assertThat(E2e.admin(env.dir, "account", "add", "--uin", B_UIN, "--appid", B_APPID, "--secret-id", B_ID, "--secret-key-stdin").code()).isZero();
        } finally {
            System.setIn(oldIn);
        }
        S3Client other = env.s3(B_ID, B_KEY);
        String otherId = other.listBuckets().owner().id();
        String b = E2e.bucket("rev6-own-fc");
        s3.createBucket(r -> r.bucket(b).objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED));
        String owner = s3.getBucketAcl(r -> r.bucket(b)).owner().id();
        s3.putBucketAcl(r -> r.bucket(b).accessControlPolicy(AccessControlPolicy.builder().owner(o -> o.id(owner)).grants(
                Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id(owner).build()).permission(Permission.FULL_CONTROL).build(),
                Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id(otherId).build()).permission(Permission.FULL_CONTROL).build())
                .build()));
        assertThat(status(() -> other.getBucketAcl(r -> r.bucket(b)))).isEqualTo(200); // control: the grant works
        assertThat(status(() -> other.deleteBucketOwnershipControls(r -> r.bucket(b)))).isEqualTo(403);
        assertThat(status(() -> other.putBucketOwnershipControls(r -> r.bucket(b).ownershipControls(c -> c.rules(x -> x.objectOwnership(
                ObjectOwnership.OBJECT_WRITER)))))).isEqualTo(403);
        assertThat(s3.getBucketOwnershipControls(r -> r.bucket(b)).ownershipControls().rules().get(0).objectOwnership())
                .isEqualTo(ObjectOwnership.BUCKET_OWNER_PREFERRED);
    }
}
