package io.cosd.e2e;

import io.cosd.domain.bucket.BucketNaming;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Files;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The copy condition facts of POL-S9 are what the copy actually does: the source it reads and the
 * metadata directive it applies (POL-C9).
 */
@CosdServer
class CopySourceFactsE2eTest {
    @CosdServer.Inject static S3Client s3;

    static void assertDenied(Runnable call) {
        S3Exception e = catchThrowableOfType(S3Exception.class, call::run);
        assertThat(e).as("expected 403 AccessDenied, the request ran").isNotNull();
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
    }

    /**
     * POL-S9, POL-C9: s3:x-amz-metadata-directive is the directive the copy applies (ObjectHeaders.isReplace
     * trims, upper-cases and takes COS's "Replaced"), so a Deny on "REPLACE" (which binds the owner too in an
     * S3 document, POL-S7) holds for "replace" and "Replaced" as well.
     */
    @Test
    void aDenyOnTheReplaceMetadataDirectiveHoldsForEverySpellingTheCopyTreatsAsReplace_POL_S9() {
        String b = E2e.bucket("rev6-mdir");
        s3.createBucket(r -> r.bucket(b));
        s3.putObject(r -> r.bucket(b).key("src").metadata(Map.of("owner", "finance")), RequestBody.fromString("s"));
        s3.putBucketPolicy(r -> r.bucket(b).policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::" + b + "/*\","
                + "\"Condition\":{\"StringEquals\":{\"s3:x-amz-metadata-directive\":\"REPLACE\"}}}]}"));
        // The spelling the policy names is denied (control).
        assertDenied(() -> s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").destinationBucket(b).destinationKey("dst-upper")
                .metadataDirective("REPLACE").metadata(Map.of("owner", "mallory"))));
        // The spellings the copy also treats as REPLACE must be denied too.
        for (String spelling : new String[] {"replace", "Replaced"}) {
            String key = "dst-" + spelling;
            assertDenied(() -> s3.copyObject(r -> r.sourceBucket(b).sourceKey("src").destinationBucket(b).destinationKey(key)
                    .metadataDirective(spelling).metadata(Map.of("owner", "mallory"))));
        }
    }

    /**
     * POL-S9: only a COS host gives the bucket of its first DNS label; an S3-form bucket name may contain dots
     * (--bucket-names s3), so a copy from "rev6logs.example/k" reads that bucket, never "rev6logs/k".
     */
    @Test
    void aCopyFromADottedS3BucketReadsThatBucketNotTheBucketNamedByItsFirstLabel_POL_S9() throws Exception {
        try (var env = new E2e(Files.createTempDirectory("cosd-rev6-dotted"), BucketNaming.S3); S3Client c = env.s3()) {
            c.createBucket(r -> r.bucket("rev6logs"));
            c.createBucket(r -> r.bucket("rev6logs.example"));
            c.putObject(r -> r.bucket("rev6logs").key("k"), RequestBody.fromString("from the look-alike bucket"));
            c.putObject(r -> r.bucket("rev6logs.example").key("k"), RequestBody.fromString("from the named bucket"));
            c.copyObject(r -> r.sourceBucket("rev6logs.example").sourceKey("k").destinationBucket("rev6logs.example").destinationKey("copy"));
            assertThat(c.getObjectAsBytes(r -> r.bucket("rev6logs.example").key("copy")).asUtf8String())
                    .isEqualTo("from the named bucket");
            // The COS dialect (q-signed, x-cos-copy-source): path form and COS host form both name the dotted bucket.
            for (String source : new String[] {"rev6logs.example/k", "rev6logs.example.cos." + E2e.REGION + ".myqcloud.com/k"}) {
                var put = SignedRaw.send(env.port(), "PUT", "rev6logs.example", "cos-copy", Map.of(),
                        Map.of("x-cos-copy-source", source), null);
                assertThat(put.status()).as(source + ": " + put.text()).isEqualTo(200);
                assertThat(c.getObjectAsBytes(r -> r.bucket("rev6logs.example").key("cos-copy")).asUtf8String())
                        .as(source).isEqualTo("from the named bucket");
            }
        }
    }
}
