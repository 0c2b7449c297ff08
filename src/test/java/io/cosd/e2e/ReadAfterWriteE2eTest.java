package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GETs answered on the event loop from remembered rows (docs/performance.md "The GET path") see
 * every write at once: an overwrite, a delete, a delete marker, a bucket's deletion and a key
 * revoked by `cosd admin` (another store on the same file) are what the very next read sees,
 * through both SDKs. And a plain GET stays on the event loop (no reruns counted).
 */
@CosdServer
class ReadAfterWriteE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;

    private static void cosPut(String bucket, String key, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        var md = new com.qcloud.cos.model.ObjectMetadata();
        md.setContentLength(b.length);
        cos.putObject(bucket, key, new ByteArrayInputStream(b), md);
    }

    private static void s3Put(String bucket, String key, String body) {
        s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body));
    }

    private static String s3Get(String bucket, String key) {
        return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
    }

    @Test
    void everyOverwriteAndDeleteIsSeenByTheNextGetThroughBothSdks() throws Exception {
        String b = E2e.bucket("raw-plain");
        cos.createBucket(b);
        for (int i = 0; i < 25; i++) {
            String body = "round " + i;
            if (i % 2 == 0) cosPut(b, "k", body); else s3Put(b, "k", body);
            assertThat(E2e.text(cos, b, "k")).isEqualTo(body);
            assertThat(s3Get(b, "k")).isEqualTo(body);
            assertThat(s3.headObject(r -> r.bucket(b).key("k")).contentLength()).isEqualTo(body.length());
            if (i % 5 == 4) {
                if (i % 2 == 0) cos.deleteObject(b, "k"); else s3.deleteObject(r -> r.bucket(b).key("k"));
                assertThatThrownBy(() -> cos.getObject(b, "k")).isInstanceOfSatisfying(CosServiceException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchKey"));
                assertThatThrownBy(() -> s3Get(b, "k")).isInstanceOf(NoSuchKeyException.class);
            }
        }
    }

    @Test
    void aDeleteMarkerAndAnOlderVersionAreServedAsTheyAreAtOnce() {
        String b = E2e.bucket("raw-versions");
        cos.createBucket(b);
        s3.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        String v1 = s3.putObject(r -> r.bucket(b).key("k"), RequestBody.fromString("one")).versionId();
        assertThat(s3Get(b, "k")).isEqualTo("one");
        s3Put(b, "k", "two");
        assertThat(s3Get(b, "k")).isEqualTo("two");
        cos.deleteObject(b, "k"); // a delete marker becomes current
        assertThatThrownBy(() -> s3Get(b, "k")).isInstanceOf(NoSuchKeyException.class);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(b).key("k").versionId(v1)).asUtf8String()).isEqualTo("one");
    }

    @Test
    void aDeletedBucketIsGoneForTheNextGet() {
        String b = E2e.bucket("raw-gone");
        cos.createBucket(b);
        cosPut(b, "k", "x");
        assertThat(s3Get(b, "k")).isEqualTo("x");
        s3.deleteObject(r -> r.bucket(b).key("k"));
        s3.deleteBucket(r -> r.bucket(b));
        assertThatThrownBy(() -> s3Get(b, "k")).isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> cos.getObject(b, "k")).isInstanceOfSatisfying(CosServiceException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo("NoSuchBucket"));
    }

    @Test
    void aKeyRevokedByAnAdminCommandIsRefusedOnTheNextSignedGet() throws Exception {
        String b = E2e.bucket("raw-keys");
        cos.createBucket(b);
        cosPut(b, "k", "x");
        E2e.AdminRun created = E2e.admin(env.dir, "key", "create", "--uin", E2e.UIN);
        var m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(created.out());
        assertThat(m.find()).isTrue();
        COSClient second = env.cos(m.group(1), m.group(2));
        S3Client secondS3 = env.s3(m.group(1), m.group(2));
        try {
            assertThat(E2e.text(second, b, "k")).isEqualTo("x");
            assertThat(secondS3.getObjectAsBytes(r -> r.bucket(b).key("k")).asUtf8String()).isEqualTo("x");
            assertThat(E2e.admin(env.dir, "key", "revoke", "--secret-id", m.group(1)).code()).isZero();
            assertThatThrownBy(() -> second.getObject(b, "k")).isInstanceOfSatisfying(CosServiceException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo("InvalidAccessKeyId"));
            assertThatThrownBy(() -> secondS3.getObjectAsBytes(r -> r.bucket(b).key("k"))).isInstanceOfSatisfying(S3Exception.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId"));
        } finally {
            second.shutdown();
            secondS3.close();
        }
    }

    @Test
    void aPlainGetIsAnsweredOnTheEventLoopAndAListingIsRunAgainOffIt() throws Exception {
        String b = E2e.bucket("raw-loop");
        cos.createBucket(b);
        cosPut(b, "k", "x");
        s3Get(b, "k"); // the first read of a bucket's configurations may load them off the loop (ConfigCache)
        double before = reruns();
        for (int i = 0; i < 20; i++) assertThat(s3Get(b, "k")).isEqualTo("x");
        assertThat(reruns()).isEqualTo(before + 1); // only the /-/metrics read itself (an ops endpoint) is rerun
        s3.listObjectsV2(r -> r.bucket(b));
        assertThat(reruns()).isEqualTo(before + 3); // the listing, and the second /-/metrics read
    }

    private static double reruns() throws Exception {
        String text = MetricsText.withoutNode(RawHttp.send(env.port(), "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), new byte[0]).text());
        var m = Pattern.compile("(?m)^cosd_event_loop_reruns_total ([0-9.E+]+)$").matcher(text);
        assertThat(m.find()).as("metric present").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
