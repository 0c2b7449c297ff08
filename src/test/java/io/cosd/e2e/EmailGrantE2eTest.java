package io.cosd.e2e;

import io.cosd.api.dialect.Dialect;
import io.cosd.api.dialect.Owners;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AccessControlPolicy;
import software.amazon.awssdk.services.s3.model.Grant;
import software.amazon.awssdk.services.s3.model.Grantee;
import software.amazon.awssdk.services.s3.model.Permission;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Grants by e-mail address (docs/acl.md, ACL-H3) with the AWS SDK v2, to accounts whose addresses
 * `cosd admin account add --email` / `account set-email` set (docs/accounts.md, ACC-7). COS has no
 * grants by e-mail: its SDK cannot send one.
 */
@CosdServer
class EmailGrantE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    static void assertS3Code(Runnable call, int status, String code) {
        S3Exception e = catchThrowableOfType(S3Exception.class, call::run);
        assertThat(e).as("expected %s %s", status, code).isNotNull();
        assertThat(e.statusCode()).isEqualTo(status);
        if (code != null) assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code); // null: a HEAD, no body
    }

    @Test
    void anAccountsEmailIsSetByTheAdminCommandsAndUniqueWithoutRegardToCase_ACC_7() {
        var add = E2e.admin(env.dir, "account", "add", "--uin", "100000000451", "--appid", "1250000451", "--email", "Unique@Example.com");
        assertThat(add.code()).isZero();
        assertThat(add.out()).contains("email=unique@example.com");
        assertThat(E2e.admin(env.dir, "account", "add", "--uin", "100000000452", "--appid", "1250000452", "--email", "UNIQUE@example.COM").code())
                .isEqualTo(1);
        assertThat(E2e.admin(env.dir, "account", "add", "--uin", "100000000453", "--appid", "1250000453", "--email", "not-an-address").code())
                .isEqualTo(2);
        assertThat(E2e.admin(env.dir, "account", "set-email", "--uin", E2e.UIN, "--email", "unique@example.com").code()).isEqualTo(1);
        assertThat(E2e.admin(env.dir, "account", "set-email", "--uin", "100000000451", "--clear").code()).isZero();
        assertThat(E2e.admin(env.dir, "account", "set-email", "--uin", E2e.UIN, "--email", "unique@example.com").code()).isZero();
        assertThat(E2e.admin(env.dir, "account", "list").out()).contains(E2e.UIN + "\t").contains("\tunique@example.com");
        assertThat(E2e.admin(env.dir, "account", "set-email", "--uin", E2e.UIN, "--clear").code()).isZero();
    }

    @Test
    void aGrantByEmailInAHeaderOrADocumentIsTheAccountsGrantAndAnUnknownAddressIs400_ACL_H3() {
        assertThat(E2e.admin(env.dir, "account", "add", "--uin", "100000000461", "--appid", "1250000461",
                "--email", "john.doe@example.com").code()).isZero();
        String alt = Owners.owner(Dialect.S3, "100000000461").id();
        String b = E2e.bucket("email-grant");
        s3.createBucket(r -> r.bucket(b));
        String owner = s3.getBucketAcl(r -> r.bucket(b)).owner().id();

        // A document, as boto3's put_bucket_acl sends it (s3-tests test_bucket_acl_grant_email); the address in another case.
        var policy = AccessControlPolicy.builder().owner(o -> o.id(owner)).grants(
                Grant.builder().grantee(Grantee.builder().type(Type.CANONICAL_USER).id(owner).build()).permission(Permission.FULL_CONTROL).build(),
                Grant.builder().grantee(Grantee.builder().type(Type.AMAZON_CUSTOMER_BY_EMAIL).emailAddress("John.Doe@example.com").build())
                        .permission(Permission.FULL_CONTROL).build()).build();
        s3.putBucketAcl(r -> r.bucket(b).accessControlPolicy(policy));
        var grants = s3.getBucketAcl(r -> r.bucket(b)).grants();
        assertThat(grants).hasSize(2).allSatisfy(g -> assertThat(g.grantee().type()).isEqualTo(Type.CANONICAL_USER));
        assertThat(grants).anySatisfy(g -> assertThat(g.grantee().id()).isEqualTo(alt));

        // A grant header on an object write.
        s3.putObject(r -> r.bucket(b).key("k").grantRead("emailAddress=\"john.doe@example.com\"").grantFullControl("id=\"" + owner + "\""),
                RequestBody.fromString("x"));
        assertThat(s3.getObjectAcl(r -> r.bucket(b).key("k")).grants())
                .anySatisfy(g -> {
                    assertThat(g.grantee().id()).isEqualTo(alt);
                    assertThat(g.permission()).isEqualTo(Permission.READ);
                });

        // Nobody has this address: 400, and nothing is stored.
        var unknown = AccessControlPolicy.builder().owner(o -> o.id(owner)).grants(
                Grant.builder().grantee(Grantee.builder().type(Type.AMAZON_CUSTOMER_BY_EMAIL).emailAddress("nobody@example.invalid").build())
                        .permission(Permission.READ).build()).build();
        assertS3Code(() -> s3.putBucketAcl(r -> r.bucket(b).accessControlPolicy(unknown)), 400, "UnresolvableGrantByEmailAddress");
        assertS3Code(() -> s3.putObject(r -> r.bucket(b).key("k2").grantRead("emailAddress=\"nobody@example.invalid\""), RequestBody.fromString("x")),
                400, "UnresolvableGrantByEmailAddress");
        assertThat(s3.getBucketAcl(r -> r.bucket(b)).grants()).hasSize(2);
        assertS3Code(() -> s3.headObject(r -> r.bucket(b).key("k2")), 404, null);
    }
}
