package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Sub-users and keys managed with `cosd admin`, used through the COS SDK against a running server. */
@CosdServer
class IdentityTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient root;
    static final String B = E2e.bucket("identity");

    @BeforeAll
    static void fixtures() throws Exception {
        root.createBucket(B);
        root.putObject(B, "k", "v");
    }

    /** Runs `cosd admin ...` in-process on the server's data dir and returns what it printed. */
    static String admin(String... args) {
        E2e.AdminRun r = E2e.admin(env.dir, args);
        assertThat(r.code()).as("cosd admin exit code").isZero();
        return r.out();
    }

    @Test
    void aSubUserKeyAuthenticatesButHasNoAccessUntilAPolicyGrantsIt() {
        admin("user", "add", "--uin", "100000000011", "--name", "alice");
        String created = admin("key", "create", "--uin", "100000000011");
        var m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(created);
        assertThat(m.find()).isTrue();
        COSClient sub = env.cos(m.group(1), m.group(2));
        try {
            CosSdkBucketsAndErrorsTest.assertCode(() -> sub.getObject(B, "k"), 403, "AccessDenied");
            CosSdkBucketsAndErrorsTest.assertCode(() -> sub.createBucket(E2e.bucket("by-sub-user")), 403, "AccessDenied");
            assertThat(admin("user", "list")).contains("100000000011\tsub-user\talice");

            admin("key", "revoke", "--secret-id", m.group(1));
            CosSdkBucketsAndErrorsTest.assertCode(() -> sub.getObject(B, "k"), 403, "InvalidAccessKeyId");
        } finally {
            sub.shutdown();
        }
    }

    @Test
    void removingAUserRemovesItsKeys() {
        admin("user", "add", "--uin", "100000000012");
        String created = admin("key", "create", "--uin", "100000000012");
        String id = created.replaceAll("(?s).*SecretId:\\s+(\\S+).*", "$1");
        admin("user", "remove", "--uin", "100000000012");
        assertThat(admin("key", "list")).doesNotContain(id);
    }
}
