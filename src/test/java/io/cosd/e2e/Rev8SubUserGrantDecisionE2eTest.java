package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Review probes (second reviewer, access control) of how a grant to one sub-user (ACL-M6) takes part in a
 * decision: ACL-C5 (an ACL asked for on a write is also the ACL action, "by the same decision"), ACL-E1 ("a
 * Deny always beats an ACL grant") and ACL-O3 (BucketOwnerEnforced disables every grant). Each test states what
 * should hold; a failing one is a finding.
 */
@CosdServer
class Rev8SubUserGrantDecisionE2eTest {
    @CosdServer.Inject static E2e env;

    static String cam(String uin) { return "qcs::cam::uin/" + E2e.UIN + ":uin/" + uin; }

    /** A sub-user of the default account with keys and no identity policy; returns {SecretId, SecretKey}. */
    static String[] subUser(String uin) {
        assertThat(E2e.admin(env.dir, "user", "add", "--uin", uin, "--name", "r8-" + uin).code()).isZero();
        Matcher k = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(E2e.admin(env.dir, "key", "create", "--uin", uin).out());
        assertThat(k.find()).isTrue();
        return new String[] {k.group(1), k.group(2)};
    }

    static int anonymousGet(String bucket, String key) throws Exception {
        return RawHttp.send(env.port(), "GET", "/" + bucket + "/" + key, Map.of("Host", "127.0.0.1:" + env.port()), null).status();
    }

    /**
     * The bucket owner lets one sub-user write through a bucket WRITE grant (ACL-M6) and its policy explicitly
     * denies s3:PutObjectAcl to everyone. The sub-user's PutObject with {@code x-amz-acl: public-read} is also a
     * PutObjectAcl (ACL-C5), which the Deny refuses; but Access#aclGrantAdmitsTheWritersAcl lets any write whose
     * own decision was ACL_GRANT skip the ACL action whenever it is not allowed, an explicit Deny included, so
     * the object is published. The ACL-path exemption should lift only an implicit deny (ACL-E1).
     */
    @Test
    void anExplicitDenyOfPutObjectAclStillRefusesAPublicObjectFromASubUserAdmittedByAWriteGrant_ACL_C5_ACL_E1_ACL_M6() throws Exception {
        String[] k = subUser("100000000171");
        String b = E2e.bucket("rev8-denyacl");
        try (S3Client s3 = env.s3()) {
            s3.createBucket(r -> r.bucket(b));
            s3.putBucketAcl(r -> r.bucket(b).grantWrite("id=\"" + cam("100000000171") + "\"")
                    .grantFullControl("id=\"" + cam(E2e.UIN) + "\""));
            s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                    + "\"Action\":\"s3:PutObjectAcl\",\"Resource\":\"arn:aws:s3:::" + b + "/*\"}]}"));
        }
        int status;
        try (S3Client sub = env.s3(k[0], k[1])) {
            sub.putObject(r -> r.bucket(b).key("plain.txt"), RequestBody.fromString("ok"));   // the grant itself works
            try {
                sub.putObject(r -> r.bucket(b).key("published.txt").acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("leak"));
                status = 200;
            } catch (S3Exception e) {
                status = e.statusCode();
            }
        }
        int anonymous = anonymousGet(b, "published.txt");
        assertThat(status).as("a public-read PutObject against an explicit Deny of s3:PutObjectAcl; anonymous GET then answered %d", anonymous)
                .isEqualTo(403);
        assertThat(anonymous).as("published.txt anonymously readable").isNotEqualTo(200);
    }

    /** Control for ACL-O3: an object grant to a sub-user stops counting once the bucket is BucketOwnerEnforced. */
    @Test
    void bucketOwnerEnforcedDisablesAnObjectGrantToASubUser_ACL_O3_ACL_M6() {
        String[] k = subUser("100000000172");
        String b = E2e.bucket("rev8-enforced");
        try (S3Client s3 = env.s3()) {
            s3.createBucket(r -> r.bucket(b));
            s3.putObject(r -> r.bucket(b).key("k").grantRead("id=\"" + cam("100000000172") + "\""), RequestBody.fromString("v"));
        }
        try (S3Client sub = env.s3(k[0], k[1])) {
            assertThat(sub.getObjectAsBytes(r -> r.bucket(b).key("k")).asUtf8String()).isEqualTo("v");
            try (S3Client s3 = env.s3()) {
                s3.putBucketOwnershipControls(r -> r.bucket(b).ownershipControls(c -> c.rules(x -> x.objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED))));
            }
            var e = assertThrows(S3Exception.class, () -> sub.getObjectAsBytes(r -> r.bucket(b).key("k")));
            assertThat(e.statusCode()).isEqualTo(403);
        }
    }

    /**
     * Control for POL-I4: a grant naming a sub-user of another account directly is still only the resource's side;
     * without its own identity Allow it is refused, with one it is let in; another sub-user of the same account
     * and that account's root are never let in by it (ACL-M6).
     */
    @Test
    void aSubUserOfAnotherAccountGrantedByNameStillNeedsItsIdentityAllowAndNoOneElseMatches_POL_I4_ACL_M6() throws Exception {
        String[] granted = subUser("100000000173");
        String[] sibling = subUser("100000000174");
        E2e.Account other = E2e.addAccount(env.dir);
        String b = "rev8-xgrant-" + other.appId();
        try (S3Client owner = env.s3(other.secretId(), other.secretKey())) {
            owner.createBucket(r -> r.bucket(b));
            owner.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("v"));
            owner.putBucketAcl(r -> r.bucket(b).grantRead("id=\"" + cam("100000000173") + "\"")
                    .grantFullControl("id=\"" + other.uin() + "\""));
        }
        try (S3Client s = env.s3(granted[0], granted[1])) {
            assertThat(assertThrows(S3Exception.class, () -> s.listObjectsV2(r -> r.bucket(b))).statusCode()).isEqualTo(403);
        }
        String doc = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:ListBucket\"],"
                + "\"Resource\":[\"arn:aws:s3:::" + b + "\"]}]}";
        for (String uin : new String[] {"100000000173", "100000000174"}) {
            var f = java.nio.file.Files.writeString(env.dir.resolve("rev8-" + uin + ".json"), doc);
            assertThat(E2e.admin(env.dir, "user", "policy", "put", "--uin", uin, "--file", f.toString()).code()).isZero();
        }
        try (S3Client s = env.s3(granted[0], granted[1])) {
            assertThat(s.listObjectsV2(r -> r.bucket(b)).contents()).hasSize(1);
        }
        try (S3Client s = env.s3(sibling[0], sibling[1])) {
            assertThat(assertThrows(S3Exception.class, () -> s.listObjectsV2(r -> r.bucket(b))).statusCode()).isEqualTo(403);
        }
        try (S3Client root = env.s3()) {
            assertThat(assertThrows(S3Exception.class, () -> root.listObjectsV2(r -> r.bucket(b))).statusCode()).isEqualTo(403);
        }
    }

    /**
     * The same hole without sub-users (it predates ACL-M6): an anonymous writer admitted by a public-read-write
     * bucket's AllUsers WRITE passes the owner's explicit Deny of s3:PutObjectAcl with {@code x-cos-acl: public-read}.
     */
    @Test
    void anExplicitDenyOfPutObjectAclStillRefusesAPublicObjectFromAnAnonymousWriterOfAPublicReadWriteBucket_ACL_C5_ACL_E1() throws Exception {
        String b = E2e.bucket("rev8-denyacl-anon");
        try (S3Client s3 = env.s3()) {
            s3.createBucket(r -> r.bucket(b).acl(software.amazon.awssdk.services.s3.model.BucketCannedACL.PUBLIC_READ_WRITE));
            s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                    + "\"Action\":\"s3:PutObjectAcl\",\"Resource\":\"arn:aws:s3:::" + b + "/*\"}]}"));
        }
        String host = "127.0.0.1:" + env.port();
        int plain = RawHttp.send(env.port(), "PUT", "/" + b + "/plain", Map.of("Host", host), "ok".getBytes()).status();
        assertThat(plain).as("the WRITE grant itself").isEqualTo(200);
        var pub = RawHttp.send(env.port(), "PUT", "/" + b + "/published", Map.of("Host", host, "x-cos-acl", "public-read"), "leak".getBytes());
        assertThat(pub.status()).as("anonymous public-read PutObject against an explicit Deny of s3:PutObjectAcl: %s", pub.text()).isEqualTo(403);
    }

    /**
     * Control for the public access block (POL-P6, POL-P7): a sub-user grant and LogDelivery are not public, so
     * BlockPublicAcls takes them, IgnorePublicAcls leaves the sub-user's grant in force, and policyStatus stays false.
     */
    @Test
    void theBlockTreatsSubUserAndLogDeliveryGrantsAsNotPublic_POL_P6_POL_P7_ACL_M6_ACL_M7() {
        String[] k = subUser("100000000175");
        String b = E2e.bucket("rev8-block");
        try (S3Client s3 = env.s3()) {
            s3.createBucket(r -> r.bucket(b));
            s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("v"));
            s3.putPublicAccessBlock(r -> r.bucket(b).publicAccessBlockConfiguration(c -> c.blockPublicAcls(true).ignorePublicAcls(true)
                    .blockPublicPolicy(true).restrictPublicBuckets(true)));
            s3.putBucketAcl(r -> r.bucket(b).acl("log-delivery-write"));
            s3.putBucketAcl(r -> r.bucket(b).grantRead("id=\"" + cam("100000000175") + "\"")
                    .grantWrite("uri=\"http://acs.amazonaws.com/groups/s3/LogDelivery\"")
                    .grantFullControl("id=\"" + cam(E2e.UIN) + "\""));
            assertThat(s3.getBucketPolicyStatus(r -> r.bucket(b)).policyStatus().isPublic()).isFalse();
            var e = assertThrows(S3Exception.class, () -> s3.putBucketAcl(r -> r.bucket(b).acl("public-read")));
            assertThat(e.statusCode()).isEqualTo(403);
        }
        try (S3Client sub = env.s3(k[0], k[1])) {
            assertThat(sub.listObjectsV2(r -> r.bucket(b)).contents()).hasSize(1);
        }
    }

    /**
     * Control for ACL-C5: a writer a policy admitted (s3:PutObject only) may not add a grant to a sub-user or to
     * LogDelivery on its write: each is beyond the two owners, so the write is also a PutObjectAcl it lacks.
     */
    @Test
    void aPolicyAdmittedWriterMayNotGrantASubUserOrLogDeliveryWithoutPutObjectAcl_ACL_C5_ACL_M6_ACL_M7() throws Exception {
        String[] w = subUser("100000000176");
        subUser("100000000177");
        String b = E2e.bucket("rev8-c5");
        try (S3Client s3 = env.s3()) {
            s3.createBucket(r -> r.bucket(b));
        }
        var f = java.nio.file.Files.writeString(env.dir.resolve("rev8-c5.json"), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":[\"s3:PutObject\"],\"Resource\":[\"arn:aws:s3:::" + b + "/*\"]}]}");
        assertThat(E2e.admin(env.dir, "user", "policy", "put", "--uin", "100000000176", "--file", f.toString()).code()).isZero();
        try (S3Client sub = env.s3(w[0], w[1])) {
            sub.putObject(r -> r.bucket(b).key("plain"), RequestBody.fromString("ok"));
            for (String grant : new String[] {"id=\"" + cam("100000000177") + "\"", "uri=\"http://acs.amazonaws.com/groups/s3/LogDelivery\""}) {
                var e = assertThrows(S3Exception.class, () -> sub.putObject(r -> r.bucket(b).key("granted").grantRead(grant), RequestBody.fromString("x")), grant);
                assertThat(e.statusCode()).isEqualTo(403);
            }
        }
        try (S3Client s3 = env.s3()) {
            assertThat(s3.listObjectsV2(r -> r.bucket(b)).contents()).extracting(o -> o.key()).containsExactly("plain");
        }
    }
}
