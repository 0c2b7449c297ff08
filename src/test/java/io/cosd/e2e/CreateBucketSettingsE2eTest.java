package io.cosd.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Settings given at CreateBucket are the actions they stand for, as BT-7 already
 * makes tags at creation a PutBucketTagging. A sub-user whose identity policy allows s3:CreateBucket alone
 * may not choose the new bucket's Object Ownership (s3:PutBucketOwnershipControls, ACL-O2) or a public ACL
 * (s3:PutBucketAcl, ACL-C5), as S3 requires.
 */
@CosdServer
class CreateBucketSettingsE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    static final String SUB_UIN = "100000000663";
    static S3Client sub;

    @BeforeAll
    static void fixtures() throws Exception {
        assertThat(E2e.admin(env.dir, "user", "add", "--uin", SUB_UIN, "--name", "rev6creator").code()).isZero();
        var m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(E2e.admin(env.dir, "key", "create", "--uin", SUB_UIN).out());
        assertThat(m.find()).isTrue();
        sub = env.s3(m.group(1), m.group(2));
        Path f = Files.createTempFile(env.dir, "rev6-policy", ".json");
        Files.writeString(f, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:CreateBucket\",\"s3:DeleteBucket\"],"
                + "\"Resource\":\"arn:aws:s3:::rev6-made-*\"}]}");
        var put = E2e.admin(env.dir, "user", "policy", "put", "--uin", SUB_UIN, "--file", f.toString());
        assertThat(put.code()).as(put.out()).isZero();
    }

    static Integer status(Runnable call) {
        S3Exception e = catchThrowableOfType(S3Exception.class, call::run);
        return e == null ? 200 : e.statusCode();
    }

    @Test
    void aSubUserAllowedOnlyCreateBucketCannotSetObjectOwnershipAtCreation_ACL_O2() {
        String b = E2e.bucket("rev6-made-own");
        String plain = E2e.bucket("rev6-made-plain");
        assertThat(status(() -> sub.createBucket(r -> r.bucket(plain)))).isEqualTo(200); // control: CreateBucket alone works
        assertThat(status(() -> sub.createBucket(r -> r.bucket(b).objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED))))
                .as("x-amz-object-ownership at creation without s3:PutBucketOwnershipControls").isEqualTo(403);
    }

    @Test
    void aSubUserAllowedOnlyCreateBucketCannotMakeThePublicBucketAclAtCreation_ACL_C5() {
        String b = E2e.bucket("rev6-made-public");
        assertThat(status(() -> sub.createBucket(r -> r.bucket(b).acl(BucketCannedACL.PUBLIC_READ_WRITE))))
                .as("x-amz-acl public-read-write at creation without s3:PutBucketAcl").isEqualTo(403);
    }
}
