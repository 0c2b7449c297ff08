package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import io.cosd.store.meta.MetadataStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ST-V5 (docs/buckets.md "Names no bucket can have"): a bucket name no bucket can have (too long, too short, a
 * character no naming rule allows), from the Host, the path or a copy source, is {@code 400 InvalidBucketName} in
 * both dialects, as S3 answers an operation on such a name, before authentication and without a database statement
 * (counted by the store, as StatementsPerRequestE2eTest counts them). Before, each was a bucket lookup (one that no
 * thread's memo keeps past 2,048 characters) answered {@code NoSuchBucket}. A name that only breaks a later or the
 * other mode's rule may still be a bucket's, and is still looked up.
 */
@CosdServer
class BucketNamesNoneCanHaveE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    @CosdServer.Inject static COSClient cos;
    static final String BUCKET = E2e.bucket("names-none");
    static final String LONG = "a".repeat(3000) + "-" + E2e.APPID, OVER = "b".repeat(64);

    @BeforeAll
    static void fixtures() {
        s3.createBucket(b -> b.bucket(BUCKET));
        s3.putObject(b -> b.bucket(BUCKET).key("src"), RequestBody.fromString("source"));
    }

    @Test
    void anS3RequestNamingABucketNoneCanHaveIsInvalidBucketNameWithoutADatabaseStatement_ST_V5() {
        for (String name : new String[] {LONG, OVER}) {
            assertInvalidBucketName(() -> s3.getObject(b -> b.bucket(name).key("k")));
            assertInvalidBucketName(() -> s3.putObject(b -> b.bucket(name).key("k"), RequestBody.fromString("x")));
            assertInvalidBucketName(() -> s3.listObjectsV2(b -> b.bucket(name)));
            assertThat(leastStatements(() -> assertInvalidBucketName(() -> s3.getObject(b -> b.bucket(name).key("k")))))
                    .as("statements of a GET naming %s characters", name.length()).isZero();
        }
        // a copy source naming one: refused as such, nothing copied, no statement either (the destination is not read)
        assertInvalidBucketName(() -> s3.copyObject(b -> b.sourceBucket(OVER).sourceKey("src").destinationBucket(BUCKET).destinationKey("copy")));
        assertThat(leastStatements(() -> assertInvalidBucketName(() -> s3.copyObject(b -> b.sourceBucket(LONG).sourceKey("src")
                .destinationBucket(BUCKET).destinationKey("copy"))))).isZero();
        String upload = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("parts")).uploadId();
        assertInvalidBucketName(() -> s3.uploadPartCopy(b -> b.sourceBucket(OVER).sourceKey("src").destinationBucket(BUCKET)
                .destinationKey("parts").uploadId(upload).partNumber(1)));
        assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(o -> o.key()).containsExactly("src");
        assertThat(s3.listParts(b -> b.bucket(BUCKET).key("parts").uploadId(upload)).parts()).isEmpty();
        // a name that breaks only a rule about its characters' order may still be a bucket's: looked up, NoSuchBucket
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket("photos--").key("k"))).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket"));
    }

    @Test
    void aCosRequestNamingABucketNoneCanHaveIsInvalidBucketNameOnTheHostThePathAndTheCopySource_ST_V5() throws Exception {
        // virtual-hosted, as the COS SDK sends every request: the Host's bucket label is 3,011 characters long
        assertCosInvalidBucketName(() -> cos.getObject(LONG, "k"));
        assertCosInvalidBucketName(() -> cos.putObject(LONG, "k", "x"));
        assertCosInvalidBucketName(() -> cos.copyObject(LONG, "src", BUCKET, "copy"));
        assertThat(leastStatements(() -> assertCosInvalidBucketName(() -> cos.getObject(LONG, "k")))).isZero();
        assertThat(cos.doesObjectExist(BUCKET, "copy")).isFalse();
        // path style, q-signed: the COS envelope
        for (String name : new String[] {OVER, "Upper-" + E2e.APPID, "under_score-" + E2e.APPID, "ab"}) {
            RawHttp.Reply r = SignedRaw.send(env.port(), "GET", name, "k", Map.of(), Map.of(), null);
            assertThat(r.status()).as(name).isEqualTo(400);
            assertThat(r.text()).as(name).contains("<Code>InvalidBucketName</Code>");
        }
        // a copy source header naming one, q-signed (the COS SDK names a source as its host)
        RawHttp.Reply copy = SignedRaw.send(env.port(), "PUT", BUCKET, "copy", Map.of(),
                Map.of("x-cos-copy-source", OVER + ".cos." + E2e.REGION + ".myqcloud.com/src"), new byte[0]);
        assertThat(copy.status()).isEqualTo(400);
        assertThat(copy.text()).contains("<Code>InvalidBucketName</Code>");
        assertThat(cos.doesObjectExist(BUCKET, "copy")).isFalse();
    }

    /** The least statements of five runs of {@code request}: background workers' polls land in some runs, never in all. */
    private static long leastStatements(Runnable request) {
        MetadataStore meta = env.server.metadata();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long before = meta.dbStatements();
            request.run();
            least = Math.min(least, meta.dbStatements() - before);
        }
        return least;
    }

    private static void assertInvalidBucketName(Runnable request) {
        assertThatThrownBy(request::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidBucketName");
        });
    }

    private static void assertCosInvalidBucketName(Runnable request) {
        assertThatThrownBy(request::run).isInstanceOfSatisfying(CosServiceException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(400);
            assertThat(e.getErrorCode()).isEqualTo("InvalidBucketName");
        });
    }
}
