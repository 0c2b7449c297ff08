package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Grants by e-mail (ACL-H3, ACC-7), guarded from a security review's probes.
 * An address stops naming an account when the account is removed or the address is cleared, in any case.
 */
@CosdServer
class AclEmailGrantGuardsE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    static String code(Runnable call) {
        S3Exception e = catchThrowableOfType(S3Exception.class, call::run);
        return e == null ? "OK" : e.statusCode() + " " + e.awsErrorDetails().errorCode();
    }

    @Test
    void anAddressOfARemovedAccountOrAClearedAddressNamesNoOne_ACL_H3_ACC_7() {
        String b = E2e.bucket("rev6-email");
        s3.createBucket(r -> r.bucket(b));
        assertThat(E2e.admin(env.dir, "account", "add", "--uin", "100000000664", "--appid", "1250000664", "--email", "Gone@Example.com").code()).isZero();
        assertThat(code(() -> s3.putObject(r -> r.bucket(b).key("a").grantRead("emailAddress=\"GONE@example.COM\""), RequestBody.fromString("x"))))
                .isEqualTo("OK");
        assertThat(E2e.admin(env.dir, "account", "remove", "--uin", "100000000664").code()).isZero();
        assertThat(code(() -> s3.putObject(r -> r.bucket(b).key("b").grantRead("emailAddress=\"gone@example.com\""), RequestBody.fromString("x"))))
                .isEqualTo("400 UnresolvableGrantByEmailAddress");
        assertThat(E2e.admin(env.dir, "account", "add", "--uin", "100000000665", "--appid", "1250000665", "--email", "cleared@example.com").code()).isZero();
        assertThat(E2e.admin(env.dir, "account", "set-email", "--uin", "100000000665", "--clear").code()).isZero();
        assertThat(code(() -> s3.putObject(r -> r.bucket(b).key("c").grantRead("emailAddress=\"cleared@example.com\""), RequestBody.fromString("x"))))
                .isEqualTo("400 UnresolvableGrantByEmailAddress");
        // Not an address at all: the same answer as an unknown one (no shape oracle).
        assertThat(code(() -> s3.putObject(r -> r.bucket(b).key("d").grantRead("emailAddress=\"not an address\""), RequestBody.fromString("x"))))
                .isEqualTo("400 UnresolvableGrantByEmailAddress");
    }
}
