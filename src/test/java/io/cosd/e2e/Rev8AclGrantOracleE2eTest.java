package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review probes (second reviewer, access control): what a grant's resolution tells a caller about other
 * accounts (docs/acl.md "The model", ACL-M2, ACL-M6; docs/policy.md "Explain", POL-I6, POL-I8). The explain
 * endpoint answers the same for an existing and a missing sub-user of another account (POL-I6) and for an
 * existing and a missing account (POL-I8); a grant naming them must not tell the difference either, or the
 * privacy those rules buy is lost through the ordinary API. Each test states what should hold; a failing one
 * is a finding.
 */
@CosdServer
class Rev8AclGrantOracleE2eTest {
    @CosdServer.Inject static E2e env;

    static String cam(String root, String uin) { return "qcs::cam::uin/" + root + ":uin/" + uin; }

    /** The status and error code of a PUT ?acl by {@code b}'s root granting READ to {@code id}. */
    static String putAcl(S3Client s3, String bucket, String id) {
        try {
            s3.putBucketAcl(r -> r.bucket(bucket).grantRead("id=\"" + id + "\"").grantFullControl("id=\"" + cam(ownerOf(bucket), ownerOf(bucket)) + "\""));
            return "200";
        } catch (S3Exception e) {
            return e.statusCode() + " " + e.awsErrorDetails().errorCode();
        }
    }

    static final Map<String, String> OWNERS = new java.util.concurrent.ConcurrentHashMap<>();

    static String ownerOf(String bucket) { return OWNERS.get(bucket); }

    /**
     * POL-I6 keeps one account from learning which sub-users another has (the explain endpoint answers one
     * message for all). ACL-M6 resolves a sub-user grant against the store, so account B's root, on its own
     * bucket, gets 200 for A's existing sub-user and 400 InvalidArgument for a missing one: an enumeration
     * oracle for every tenant's sub-users.
     */
    @Test
    void aGrantToAnotherAccountsSubUserAnswersTheSameWhetherThatSubUserExistsOrNot_ACL_M6_POL_I6() {
        String sub = "100000000161";
        assertThat(E2e.admin(env.dir, "user", "add", "--uin", sub, "--name", "hidden161").code()).isZero();
        E2e.Account b = E2e.addAccount(env.dir); // another account (B), whose root probes the default one (A)
        String bucket = "rev8-subprobe-" + b.appId();
        OWNERS.put(bucket, b.uin());
        try (S3Client s3 = env.s3(b.secretId(), b.secretKey())) {
            s3.createBucket(r -> r.bucket(bucket));
            String existing = putAcl(s3, bucket, cam(E2e.UIN, sub));
            String missing = putAcl(s3, bucket, cam(E2e.UIN, "100000000169"));
            assertThat(existing).as("grant to A's existing sub-user vs a missing one, by B's root").isEqualTo(missing);
        }
    }

    /**
     * Worse: the probe needs no ACL right at all. Grants on a PutObject are resolved before the write's own ACL
     * action is authorized (ACL-C5), and a writer an ACL grant admitted needs nothing more. So an anonymous caller
     * allowed to upload into any bucket (here a public-read-write one) enumerates any account's sub-users: 200 for
     * an existing one (and the grant is stored), 400 InvalidArgument for a missing one.
     */
    @Test
    void anAnonymousUploaderLearnsNothingAboutAnyAccountsSubUsersFromAGrantHeader_ACL_M6_ACL_C5_POL_I6() throws Exception {
        String sub = "100000000162";
        assertThat(E2e.admin(env.dir, "user", "add", "--uin", sub, "--name", "hidden162").code()).isZero();
        E2e.Account b = E2e.addAccount(env.dir); // another account (B), whose root probes the default one (A)
        String bucket = "rev8-dropbox-" + b.appId();
        try (S3Client s3 = env.s3(b.secretId(), b.secretKey())) {
            s3.createBucket(r -> r.bucket(bucket).acl(BucketCannedACL.PUBLIC_READ_WRITE));
        }
        String host = "127.0.0.1:" + env.port();
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        var existing = RawHttp.send(env.port(), "PUT", "/" + bucket + "/a", Map.of("Host", host,
                "x-cos-grant-read", "id=\"" + cam(E2e.UIN, sub) + "\""), data);
        var missing = RawHttp.send(env.port(), "PUT", "/" + bucket + "/b", Map.of("Host", host,
                "x-cos-grant-read", "id=\"" + cam(E2e.UIN, "100000000169") + "\""), data);
        assertThat(existing.status()).as("anonymous PUT granting A's existing sub-user: %s%nmissing one: %s", existing.text(), missing.text())
                .isEqualTo(missing.status());
    }

    /**
     * DECISION (ACL-M2, POL-I8): an account grant names an account that must exist, as S3 refuses an unknown canonical
     * id, so PUT ?acl tells its caller whether an account exists; POL-I8 covers the explain endpoint only, and
     * docs/policy.md says so. This pins the documented behaviour.
     */
    @Test
    void aGrantToAnAccountThatDoesNotExistIsInvalidArgumentAsS3Answers_ACL_M2_POL_I8() {
        E2e.Account b = E2e.addAccount(env.dir); // another account (B), whose root probes the default one (A)
        String bucket = "rev8-acctprobe-" + b.appId();
        OWNERS.put(bucket, b.uin());
        try (S3Client s3 = env.s3(b.secretId(), b.secretKey())) {
            s3.createBucket(r -> r.bucket(bucket));
            assertThat(putAcl(s3, bucket, E2e.UIN)).isEqualTo("200");
            assertThat(putAcl(s3, bucket, "100000000199")).startsWith("400");
        }
    }

    /** Control: the ordinary grant works; what differs above is only the existence of the grantee. */
    @Test
    void aGrantToAnExistingSubUserOfAnotherAccountIsStored_ACL_M6() {
        String sub = "100000000163";
        assertThat(E2e.admin(env.dir, "user", "add", "--uin", sub, "--name", "shown163").code()).isZero();
        E2e.Account b = E2e.addAccount(env.dir); // another account (B), whose root probes the default one (A)
        String bucket = "rev8-subctl-" + b.appId();
        OWNERS.put(bucket, b.uin());
        try (S3Client s3 = env.s3(b.secretId(), b.secretKey())) {
            s3.createBucket(r -> r.bucket(bucket));
            assertThat(putAcl(s3, bucket, cam(E2e.UIN, sub))).isEqualTo("200");
            assertThat(s3.getBucketAcl(r -> r.bucket(bucket)).grants()).anySatisfy(g -> assertThat(g.grantee().id()).isEqualTo(cam(E2e.UIN, sub)));
            s3.putObject(r -> r.bucket(bucket).key("k"), RequestBody.fromString("v"));
        }
    }
}
