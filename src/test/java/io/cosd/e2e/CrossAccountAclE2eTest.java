package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A sub-user of another account and ACLs (docs/access-control.md §5, docs/acl.md "How a request is decided",
 * POL-I4, ACL-E3), as S3 and CAM decide it: it needs an Allow in its own identity policy AND a grant from the
 * resource side, the bucket policy's Allow or an ACL grant. So an ACL grant alone does not let it in, and an
 * identity Allow plus a public-read ACL does.
 */
@CosdServer
class CrossAccountAclE2eTest {
    @CosdServer.Inject static E2e env;
    static final String AUTHENTICATED = "uri=\"http://acs.amazonaws.com/groups/global/AuthenticatedUsers\"";

    /** A new account (B): its SecretId and SecretKey, and a bucket name in its APPID. */
    /** A sub-user of the default account (A) with keys; returns {SecretId, SecretKey}. */
    static String[] subUser(String uin, String name) {
        assertThat(E2e.admin(env.dir, "user", "add", "--uin", uin, "--name", name).code()).isZero();
        Matcher k = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(E2e.admin(env.dir, "key", "create", "--uin", uin).out());
        assertThat(k.find()).isTrue();
        return new String[] {k.group(1), k.group(2)};
    }

    @Test
    void aSubUserOfAnotherAccountWhoseIdentityPolicyAllowsNothingIsNotLetInByAnAclGrantAlone_POL_I4_ACL_E3() throws Exception {
        // Account B owns a bucket whose ACL lets every signed caller write and list it.
        E2e.Account b = E2e.addAccount(env.dir);
        String bucket = "xacct-shared-" + b.appId();
        try (S3Client owner = env.s3(b.secretId(), b.secretKey())) {
            owner.createBucket(r -> r.bucket(bucket));
            owner.putBucketAcl(r -> r.bucket(bucket).grantWrite(AUTHENTICATED).grantRead(AUTHENTICATED));
        }
        // A sub-user of account A with no identity policy at all: its own account granted it nothing.
        String[] k = subUser("100000000071", "locked");
        try (S3Client locked = env.s3(k[0], k[1])) {
            assertThrows(S3Exception.class, locked::listBuckets);   // it may not even list its own account's buckets
            var put = assertThrows(S3Exception.class,
                    () -> locked.putObject(p -> p.bucket(bucket).key("dropped.txt"), RequestBody.fromString("x")),
                    "a cross-account sub-user without an identity Allow wrote through an AuthenticatedUsers WRITE grant");
            assertThat(put.statusCode()).isEqualTo(403);
            assertThat(put.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
            var list = assertThrows(S3Exception.class, () -> locked.listObjectsV2(l -> l.bucket(bucket)),
                    "a cross-account sub-user without an identity Allow listed through an AuthenticatedUsers READ grant");
            assertThat(list.statusCode()).isEqualTo(403);
        }
        try (S3Client owner = env.s3(b.secretId(), b.secretKey())) {
            assertThat(owner.listObjectsV2(r -> r.bucket(bucket)).contents()).isEmpty();
        }
    }

    @Test
    void aSubUserOfAnotherAccountWithAnIdentityAllowReadsAPublicReadObjectThroughItsAcl_POL_I4_ACL_E3() throws Exception {
        // Account B: a bucket without a policy, one public-read object and one private one.
        E2e.Account b = E2e.addAccount(env.dir);
        String bucket = "xacct-public-" + b.appId();
        try (S3Client owner = env.s3(b.secretId(), b.secretKey())) {
            owner.createBucket(r -> r.bucket(bucket));
            owner.putObject(r -> r.bucket(bucket).key("public.txt").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("open"));
            owner.putObject(r -> r.bucket(bucket).key("private.txt"), RequestBody.fromString("closed"));
        }
        // A sub-user of account A whose identity policy allows reading B's bucket (the S3 grammar names it).
        String uin = "100000000072";
        String[] k = subUser(uin, "reader");
        Path doc = Files.writeString(env.dir.resolve("xacct-reader.json"), "{\"Version\":\"2012-10-17\",\"Statement\":[{"
                + "\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":[\"arn:aws:s3:::" + bucket + "/*\"]}]}");
        assertThat(E2e.admin(env.dir, "user", "policy", "put", "--uin", uin, "--file", doc.toString()).code()).isZero();
        try (S3Client reader = env.s3(k[0], k[1])) {
            // its account's Allow and the object's AllUsers READ grant: both sides allow
            assertThat(reader.getObjectAsBytes(r -> r.bucket(bucket).key("public.txt")).asUtf8String()).isEqualTo("open");
            // its account's Allow alone is not enough: the private object's resource side grants nothing
            var denied = assertThrows(S3Exception.class, () -> reader.getObjectAsBytes(r -> r.bucket(bucket).key("private.txt")));
            assertThat(denied.statusCode()).isEqualTo(403);
        }
    }
}
