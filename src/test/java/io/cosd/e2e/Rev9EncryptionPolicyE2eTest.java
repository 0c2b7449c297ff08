package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Review (rev9) of the ?encryption policy actions (SSE-D9) for a sub-user, end to end. */
@CosdServer
class Rev9EncryptionPolicyE2eTest {
    static final String SUB_UIN = "100000000031";
    static final String SUB_CAM = "qcs::cam::uin/100000000001:uin/" + SUB_UIN;
    static final String B = E2e.bucket("rev9-enc-policy");
    static final String RES = "qcs::cos:" + E2e.REGION + ":uid/" + E2e.APPID + ":" + B + "/";
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient root;
    static S3Client sub;

    @BeforeAll
    static void fixtures() {
        root.createBucket(B);
        E2e.admin(env.dir, "user", "add", "--uin", SUB_UIN, "--name", "rev9enc");
        var m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(E2e.admin(env.dir, "key", "create", "--uin", SUB_UIN).out());
        assertThat(m.find()).isTrue();
        sub = env.s3(m.group(1), m.group(2));
    }

    static String policy(String... actions) {
        return "{\"Statement\": [{\"Principal\": {\"qcs\": [\"" + SUB_CAM + "\"]}, \"Effect\": \"allow\", \"Action\": [\""
                + String.join("\",\"", actions) + "\"], \"Resource\": [\"" + RES + "*\"]}], \"version\": \"2.0\"}";
    }

    static void denied(Executable e) {
        assertThatThrownBy(e::execute).isInstanceOfSatisfying(S3Exception.class, x -> assertThat(x.statusCode()).isEqualTo(403));
    }

    void put() {
        sub.putBucketEncryption(r -> r.bucket(B).serverSideEncryptionConfiguration(c -> c.rules(rule -> rule
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm("AES256")))));
    }

    @Test
    void cosActionsGrantExactlyTheirOperationAndS3PutAlsoDeletes_SSE_D9() {
        denied(this::put);
        root.setBucketPolicy(B, policy("name/cos:PutBucketEncryption", "name/cos:GetBucketEncryption"));
        put();
        assertThat(sub.getBucketEncryption(r -> r.bucket(B)).sdkHttpResponse().statusCode()).isEqualTo(200);
        denied(() -> sub.deleteBucketEncryption(r -> r.bucket(B)));
        root.setBucketPolicy(B, policy("name/cos:GetBucketEncryption", "s3:PutEncryptionConfiguration"));
        assertThat(sub.deleteBucketEncryption(r -> r.bucket(B)).sdkHttpResponse().statusCode()).isEqualTo(204);
        root.setBucketPolicy(B, policy("name/cos:DeleteBucketEncryption"));
        assertThat(sub.deleteBucketEncryption(r -> r.bucket(B)).sdkHttpResponse().statusCode()).isEqualTo(204);
        denied(this::put);
        denied(() -> sub.getBucketEncryption(r -> r.bucket(B)));
    }
}
