package io.cosd.e2e;

import io.cosd.domain.bucket.BucketNaming;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ReplicationRuleStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bucket names as an S3 tool meets them (docs/buckets.md "Bucket names"): by default
 * {@code aws s3 mb s3://mybucket} is refused with a message naming the rule and the caller's APPID;
 * with {@code --bucket-names s3} plain names work, one namespace per server, beside COS names.
 */
class BucketNamesE2eTest {

    @Test
    void byDefaultAPlainNameIsInvalidBucketNameAndTheMessageNamesTheCallersAppId() throws Exception {
        try (var env = new E2e(Files.createTempDirectory("cosd-names-cos"), BucketNaming.COS); S3Client s3 = env.s3()) {
            assertThatThrownBy(() -> s3.createBucket(b -> b.bucket("mybucket")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidBucketName");
                        assertThat(e.awsErrorDetails().errorMessage()).startsWith("The specified bucket is not valid.")
                                .contains("<name>-<APPID>").contains(E2e.APPID).contains("mybucket-" + E2e.APPID);
                    });
            assertThat(s3.listBuckets().buckets()).isEmpty();
            s3.createBucket(b -> b.bucket("mybucket-" + E2e.APPID));
            assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).containsExactly("mybucket-" + E2e.APPID);
        }
    }

    @Test
    void byDefaultTheCosSdkGetsTheSameHintForAnotherAccountsAppId() throws Exception {
        try (var env = new E2e(Files.createTempDirectory("cosd-names-cos2"), BucketNaming.COS)) {
            var cos = env.cos();
            try {
                assertThatThrownBy(() -> cos.createBucket("photos-1999999999"))
                        .isInstanceOfSatisfying(com.qcloud.cos.exception.CosServiceException.class, e -> {
                            assertThat(e.getStatusCode()).isEqualTo(400);
                            assertThat(e.getErrorCode()).isEqualTo("InvalidBucketName");
                            assertThat(e.getErrorMessage()).contains("your account's APPID " + E2e.APPID);
                        });
            } finally {
                cos.shutdown();
            }
        }
    }

    @Test
    void inS3ModePlainNamesWorkBesideCosNamesAndAreUniqueOnTheServer() throws Exception {
        try (var env = new E2e(Files.createTempDirectory("cosd-names-s3"), BucketNaming.S3); S3Client s3 = env.s3()) {
            s3.createBucket(b -> b.bucket("mybucket"));
            s3.createBucket(b -> b.bucket("my.dotted.bucket"));
            s3.createBucket(b -> b.bucket("logs-2024"));                 // a numeric suffix no account has
            s3.createBucket(b -> b.bucket("photos-" + E2e.APPID));       // COS names still work
            assertThat(s3.listBuckets().buckets()).extracting(Bucket::name)
                    .containsExactly("logs-2024", "my.dotted.bucket", "mybucket", "photos-" + E2e.APPID);

            s3.putObject(b -> b.bucket("my.dotted.bucket").key("a.txt"), RequestBody.fromString("hello"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("my.dotted.bucket").key("a.txt")).asUtf8String()).isEqualTo("hello");
            assertThat(s3.headBucket(b -> b.bucket("mybucket")).sdkHttpResponse().statusCode()).isEqualTo(200);

            assertThatThrownBy(() -> s3.createBucket(b -> b.bucket("mybucket")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketAlreadyOwnedByYou"));
            for (String bad : new String[] {"xn--bucket", "bucket-s3alias", "sthree-bucket"}) { // names the AWS SDK lets through
                assertThatThrownBy(() -> s3.createBucket(b -> b.bucket(bad))).as(bad)
                        .isInstanceOfSatisfying(S3Exception.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(400);
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidBucketName");
                            assertThat(e.awsErrorDetails().errorMessage()).contains("plain S3 names").contains(E2e.APPID);
                        });
            }
            for (String bad : new String[] {"ab", "My-Bucket", "my..bucket", "192.168.1.1"}) { // the SDKs refuse to send these
                var reply = SignedRaw.send(env.port(), "PUT", bad, "", Map.of(), Map.of(), new byte[0]);
                assertThat(reply.status()).as(bad).isEqualTo(400);
                assertThat(reply.text()).as(bad).contains("<Code>InvalidBucketName</Code>").contains(E2e.APPID);
            }
            assertThat(s3.listBuckets().buckets()).hasSize(4);
            s3.deleteObject(b -> b.bucket("my.dotted.bucket").key("a.txt"));
            s3.deleteBucket(b -> b.bucket("my.dotted.bucket"));
            assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain("my.dotted.bucket");
        }
    }

    @Test
    void inS3ModeAPlainBucketTakesPoliciesAndIsAReplicationDestination() throws Exception {
        try (var env = new E2e(Files.createTempDirectory("cosd-names-s3b"), BucketNaming.S3); S3Client s3 = env.s3()) {
            for (String b : new String[] {"plainsrc", "plaindest"}) {
                s3.createBucket(r -> r.bucket(b));
                s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            }
            // A COS-grammar resource names a plain bucket with the owner's APPID (the bucket's, not its name's).
            s3.putBucketPolicy(r -> r.bucket("plainsrc").policy("{\"version\":\"2.0\",\"statement\":[{\"effect\":\"allow\","
                    + "\"principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},\"action\":[\"name/cos:GetObject\"],"
                    + "\"resource\":[\"qcs::cos:" + E2e.REGION + ":uid/" + E2e.APPID + ":plainsrc/pub/*\"]}]}"));
            s3.putBucketReplication(r -> r.bucket("plainsrc").replicationConfiguration(c -> c
                    .role("qcs::cam::uin/" + E2e.UIN + ":uin/" + E2e.UIN)
                    .rules(rule -> rule.id("all").status(ReplicationRuleStatus.ENABLED).prefix("")
                            .destination(d -> d.bucket("qcs::cos:" + E2e.REGION + "::plaindest")))));
            s3.putObject(r -> r.bucket("plainsrc").key("pub/a.txt"), RequestBody.fromString("hello"));

            var anonymous = RawHttp.send(env.port(), "GET", "/plainsrc/pub/a.txt", Map.of("host", "127.0.0.1:" + env.port()), new byte[0]);
            assertThat(anonymous.status()).isEqualTo(200);
            assertThat(anonymous.text()).isEqualTo("hello");
            long deadline = System.nanoTime() + 60_000_000_000L; // a bound on a stuck replication, not a speed claim
            String copied = null;
            while (copied == null && System.nanoTime() < deadline) {
                try {
                    copied = s3.getObjectAsBytes(r -> r.bucket("plaindest").key("pub/a.txt")).asUtf8String();
                } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
                    Thread.sleep(100);
                }
            }
            assertThat(copied).isEqualTo("hello");
        }
    }
}
