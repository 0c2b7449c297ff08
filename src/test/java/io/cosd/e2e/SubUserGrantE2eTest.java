package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.AccessControlList;
import com.qcloud.cos.model.Owner;
import com.qcloud.cos.model.Permission;
import com.qcloud.cos.model.UinGrantee;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Type;

import java.io.ByteArrayInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * ACL grants to one sub-user (docs/acl.md "The model", ACL-M6) and to S3's LogDelivery group (ACL-M7), with
 * the official COS Java SDK (its UinGrantee, sent as {@code xsi:type="RootAccount"}) and the AWS SDK v2.
 */
@CosdServer
class SubUserGrantE2eTest {
    @CosdServer.Inject static E2e env;

    static final String ROOT = E2e.UIN;

    /** A sub-user of the default account with keys and no policy at all; returns {SecretId, SecretKey}. */
    static String[] subUser(String uin) {
        assertThat(E2e.admin(env.dir, "user", "add", "--uin", uin, "--name", "u" + uin).code()).isZero();
        Matcher k = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(E2e.admin(env.dir, "key", "create", "--uin", uin).out());
        assertThat(k.find()).isTrue();
        return new String[] {k.group(1), k.group(2)};
    }

    static String cam(String sub) { return "qcs::cam::uin/" + ROOT + ":uin/" + sub; }

    @Test
    void aBucketAclGrantToOneSubUserLetsThatSubUserAndNoOtherListTheBucket_ACL_M6_ACL_E3() throws Exception {
        String[] granted = subUser("100000000081");
        String[] other = subUser("100000000082");
        String b = E2e.bucket("subgrant-list");
        COSClient cos = env.cos();
        cos.createBucket(b);
        cos.putObject(b, "k.txt", new ByteArrayInputStream("hello".getBytes()), new com.qcloud.cos.model.ObjectMetadata());
        AccessControlList acl = new AccessControlList();
        Owner owner = new Owner();
        owner.setId(cam(ROOT));
        acl.setOwner(owner);
        acl.grantPermission(new UinGrantee(cam(ROOT)), Permission.FullControl);
        acl.grantPermission(new UinGrantee(cam("100000000081")), Permission.Read);
        cos.setBucketAcl(b, acl);

        var grants = cos.getBucketAcl(b).getGrantsAsList();
        assertThat(grants).anySatisfy(g -> {
            assertThat(g.getGrantee().getIdentifier()).isEqualTo(cam("100000000081"));
            assertThat(g.getPermission()).isEqualTo(Permission.Read);
        });

        COSClient sub = env.cos(granted[0], granted[1]);
        assertThat(sub.listObjects(b).getObjectSummaries()).extracting(s -> s.getKey()).containsExactly("k.txt");
        // READ on the bucket lists it; it does not reach the object (ACL-E2) or any other action
        var get = assertThrows(CosServiceException.class, () -> sub.getObject(b, "k.txt"));
        assertThat(get.getStatusCode()).isEqualTo(403);
        var put = assertThrows(CosServiceException.class,
                () -> sub.putObject(b, "w.txt", new ByteArrayInputStream("x".getBytes()), new com.qcloud.cos.model.ObjectMetadata()));
        assertThat(put.getStatusCode()).isEqualTo(403);

        COSClient notGranted = env.cos(other[0], other[1]);
        var denied = assertThrows(CosServiceException.class, () -> notGranted.listObjects(b));
        assertThat(denied.getStatusCode()).isEqualTo(403);
        sub.shutdown();
        notGranted.shutdown();
    }

    @Test
    void anObjectGrantToASubUserByHeaderLetsItReadThatObjectOnly_ACL_M6() throws Exception {
        String[] reader = subUser("100000000083");
        String b = E2e.bucket("subgrant-obj");
        try (S3Client s3 = env.s3()) {
            s3.createBucket(r -> r.bucket(b));
            s3.putObject(r -> r.bucket(b).key("shared.txt").grantRead("id=\"" + cam("100000000083") + "\""), RequestBody.fromString("shared"));
            s3.putObject(r -> r.bucket(b).key("private.txt"), RequestBody.fromString("private"));
            var grants = s3.getObjectAcl(r -> r.bucket(b).key("shared.txt")).grants();
            assertThat(grants).anySatisfy(g -> {
                assertThat(g.grantee().id()).isEqualTo(cam("100000000083"));
                assertThat(g.permissionAsString()).isEqualTo("READ");
            });
        }
        try (S3Client sub = env.s3(reader[0], reader[1])) {
            assertThat(sub.getObjectAsBytes(r -> r.bucket(b).key("shared.txt")).asUtf8String()).isEqualTo("shared");
            var denied = assertThrows(software.amazon.awssdk.services.s3.model.S3Exception.class,
                    () -> sub.getObjectAsBytes(r -> r.bucket(b).key("private.txt")));
            assertThat(denied.statusCode()).isEqualTo(403);
        }
    }

    @Test
    void aGrantToASubUserNotYetAddedIsStoredAndAppliesOnceItIsButAnUnknownAccountIsRefused_ACL_M6_ACL_M2() {
        String b = E2e.bucket("subgrant-unknown");
        try (S3Client s3 = env.s3()) {
            s3.createBucket(r -> r.bucket(b));
            // an account that does not exist: refused, nothing stored (ACL-M2)
            var e = assertThrows(software.amazon.awssdk.services.s3.model.S3Exception.class,
                    () -> s3.putBucketAcl(r -> r.bucket(b).grantRead("id=\"qcs::cam::uin/100000000777:uin/100000000778\"")));
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
            assertThat(s3.getBucketAcl(r -> r.bucket(b)).grants()).hasSize(1);
            // a uin that is no sub-user yet: stored, so the answer never says whether a user exists (POL-I6)
            s3.putBucketAcl(r -> r.bucket(b).grantRead("id=\"" + cam("100000000089") + "\"")
                    .grantFullControl("id=\"" + cam(ROOT) + "\""));
            assertThat(s3.getBucketAcl(r -> r.bucket(b)).grants()).hasSize(2);
        }
        // added later with that uin, the sub-user is let in by the stored grant
        String[] k = subUser("100000000089");
        try (S3Client sub = env.s3(k[0], k[1])) {
            assertThat(sub.listObjectsV2(r -> r.bucket(b)).contents()).isEmpty();
        }
    }

    @Test
    void logDeliveryWriteIsStoredAndShownAndLetsNoCallerIn_ACL_M7() {
        String b = E2e.bucket("subgrant-logs");
        try (S3Client s3 = env.s3()) {
            s3.createBucket(r -> r.bucket(b).acl("log-delivery-write"));
            var grants = s3.getBucketAcl(r -> r.bucket(b)).grants();
            assertThat(grants).filteredOn(g -> g.grantee().type() == Type.GROUP)
                    .allSatisfy(g -> assertThat(g.grantee().uri()).isEqualTo("http://acs.amazonaws.com/groups/s3/LogDelivery"))
                    .extracting(g -> g.permissionAsString()).containsExactlyInAnyOrder("WRITE", "READ_ACP");
            // not public: policyStatus stays private, and BlockPublicAcls would not refuse it
            assertThat(s3.getBucketPolicyStatus(r -> r.bucket(b)).policyStatus().isPublic()).isFalse();
            // an object may not ask for it (ACL-C3)
            var e = assertThrows(software.amazon.awssdk.services.s3.model.S3Exception.class,
                    () -> s3.putObject(r -> r.bucket(b).key("k").acl("log-delivery-write"), RequestBody.fromString("x")));
            assertThat(e.statusCode()).isEqualTo(400);
        }
        COSClient cos = env.cos();
        assertThat(cos.getBucketAcl(b).getGrantsAsList()).hasSize(3);
    }
}
