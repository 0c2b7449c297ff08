package io.cosd.e2e;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Security review of the one access decision (domain/access/AccessDecision, docs/access-control.md §5,
 * POL-I4, ACL-E1..E3): the ACL step runs on every implicit deny, including that of a sub-user of another
 * account whose own identity policy allows nothing. POL-I4 says such a caller needs its identity policy
 * to allow as well ("one alone is AccessDenied"), and S3 evaluates an IAM user's request in its own
 * account's user context first, so a resource grant alone never lets it in; cosd lets an ACL grant
 * alone do it. The refactor kept the old Access.decide behaviour: this was there before. Fails until fixed.
 */
@CosdServer
class Rev5AccessDecisionE2eTest {
    @CosdServer.Inject static E2e env;
    static final String AUTHENTICATED = "uri=\"http://acs.amazonaws.com/groups/global/AuthenticatedUsers\"";

    @Test
    void aSubUserOfAnotherAccountWhoseIdentityPolicyAllowsNothingIsNotLetInByAnAclGrantAlone_POL_I4() throws Exception {
        // Account B owns a bucket whose ACL lets every signed caller write and list it.
        String out = E2e.admin(env.dir, "account", "add").out();
        var m = Pattern.compile("uin=(\\d+) appid=(\\d+)\\s+SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        String bucket = "rev5-shared-" + m.group(2);
        try (S3Client owner = env.s3(m.group(3), m.group(4))) {
            owner.createBucket(b -> b.bucket(bucket));
            owner.putBucketAcl(b -> b.bucket(bucket).grantWrite(AUTHENTICATED).grantRead(AUTHENTICATED));
        }
        // A sub-user of account A with no identity policy at all: its own account granted it nothing.
        String subUin = "100000000071";
        assertThat(E2e.admin(env.dir, "user", "add", "--uin", subUin, "--name", "locked").code()).isZero();
        var k = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)")
                .matcher(E2e.admin(env.dir, "key", "create", "--uin", subUin).out());
        assertThat(k.find()).isTrue();
        try (S3Client locked = env.s3(k.group(1), k.group(2))) {
            // It may not even read its own account's buckets ...
            assertThrows(S3Exception.class, locked::listBuckets);
            // ... and must not write into or list another account's bucket on the strength of that bucket's ACL alone.
            var put = assertThrows(S3Exception.class,
                    () -> locked.putObject(p -> p.bucket(bucket).key("dropped.txt"), RequestBody.fromString("x")),
                    "a cross-account sub-user without an identity Allow wrote through an AuthenticatedUsers WRITE grant");
            assertThat(put.statusCode()).isEqualTo(403);
            var list = assertThrows(S3Exception.class, () -> locked.listObjectsV2(l -> l.bucket(bucket)),
                    "a cross-account sub-user without an identity Allow listed through an AuthenticatedUsers READ grant");
            assertThat(list.statusCode()).isEqualTo(403);
        }
    }
}
