package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.AbortIncompleteMultipartUpload;
import com.qcloud.cos.model.BucketLifecycleConfiguration;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.Tag.LifecycleTagPredicate;
import com.qcloud.cos.model.Tag.Tag;
import com.qcloud.cos.model.lifecycle.LifecycleAndOperator;
import com.qcloud.cos.model.lifecycle.LifecycleFilter;
import com.qcloud.cos.model.lifecycle.LifecyclePrefixPredicate;
import io.cosd.api.core.Formats;
import io.cosd.api.lifecycle.LifecycleXmlTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cosd.e2e.CosSdkBucketsAndErrorsTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

/** PUT/GET/DELETE ?lifecycle through the COS Java SDK, raw Python-shaped requests and AWS SDK v2 (docs/spec/semantics.md §3.1-3.3, §3.7). */
@CosdServer
class LifecycleConfigApiTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;

    static BucketLifecycleConfiguration.Rule javaRule() {
        var r = new BucketLifecycleConfiguration.Rule().withId("string").withStatus(BucketLifecycleConfiguration.ENABLED);
        r.setFilter(new LifecycleFilter(new LifecyclePrefixPredicate("")));
        r.addTransition(new BucketLifecycleConfiguration.Transition().withDays(100).withStorageClass("Standard_IA"));
        r.setExpirationInDays(200);
        r.setAbortIncompleteMultipartUpload(new AbortIncompleteMultipartUpload().withDaysAfterInitiation(7));
        return r;
    }

    @Test
    void cosJavaSdkSetsGetsAndDeletesTheConfiguration_LC_A1_A2_A3() {
        String b = E2e.bucket("lc-java");
        cos.createBucket(b);
        assertThat(cos.getBucketLifecycleConfiguration(b)).as("Java swallows 404 NoSuchLifecycleConfiguration").isNull();
        var tags = new BucketLifecycleConfiguration.Rule().withId("tags").withStatus(BucketLifecycleConfiguration.DISABLED);
        tags.setFilter(new LifecycleFilter(new LifecycleAndOperator(List.of(new LifecyclePrefixPredicate("logs/"),
                new LifecycleTagPredicate(new Tag("k1", "v1"))))));
        tags.addNoncurrentVersionTransition(new BucketLifecycleConfiguration.NoncurrentVersionTransition().withDays(30).withStorageClass("Archive"));
        Date date = Date.from(Instant.parse("2018-04-24T00:00:00Z"));
        tags.setExpirationDate(date);
        tags.setNoncurrentVersionExpirationInDays(365);
        cos.setBucketLifecycleConfiguration(b, new BucketLifecycleConfiguration(List.of(javaRule(), tags)));

        var got = cos.getBucketLifecycleConfiguration(b).getRules();
        assertThat(got).extracting(BucketLifecycleConfiguration.Rule::getId).containsExactly("string", "tags");
        assertThat(got.get(0).getExpirationInDays()).isEqualTo(200);
        assertThat(got.get(0).getTransitions().get(0).getStorageClass()).isEqualTo("Standard_IA");
        assertThat(got.get(0).getTransitions().get(0).getDays()).isEqualTo(100);
        assertThat(got.get(0).getAbortIncompleteMultipartUpload().getDaysAfterInitiation()).isEqualTo(7);
        assertThat(got.get(1).getStatus()).isEqualTo("Disabled");
        assertThat(got.get(1).getExpirationDate()).isEqualTo(date);
        assertThat(got.get(1).getNoncurrentVersionExpirationInDays()).isEqualTo(365);
        assertThat(got.get(1).getNoncurrentVersionTransitions().get(0).getDays()).isEqualTo(30);
        assertThat(got.get(1).getFilter().getPredicate()).isInstanceOf(LifecycleAndOperator.class);

        cos.deleteBucketLifecycleConfiguration(b);
        assertThat(cos.getBucketLifecycleConfiguration(b)).isNull();
        // LC-A3 DECISION: COS dialect deleting nothing is 404, S3 is 204.
        assertCode(() -> cos.deleteBucketLifecycleConfiguration(b), 404, "NoSuchLifecycleConfiguration");
        s3.deleteBucketLifecycle(x -> x.bucket(b));
    }

    @Test
    void thePythonSdkDocumentIsAcceptedAndItsDateComesBackJavaParseable_LC_V11_LC_V20() throws Exception {
        String b = E2e.bucket("lc-python");
        cos.createBucket(b);
        var r = putRaw(b, LifecycleXmlTest.PYTHON, true);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        var got = cos.getBucketLifecycleConfiguration(b).getRules();
        assertThat(got.get(0).getExpirationDate()).isEqualTo(Date.from(Instant.parse("2018-04-23T16:00:00Z")));
        assertThat(got.get(1).getTransitions()).hasSize(2);
        var bad = RawHttp.send(env.port(), "PUT", target(b), Map.of("Host", b + ".cos.ap-guangzhou.myqcloud.com",
                "Content-Type", "application/xml", "Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA=="),
                LifecycleXmlTest.PYTHON.getBytes(StandardCharsets.UTF_8));
        assertThat(bad.text()).contains("<Code>BadDigest</Code>");
    }

    @Test
    void anInvalidDocumentChangesNothing_LC_V7() throws Exception {
        String b = E2e.bucket("lc-invalid");
        cos.createBucket(b);
        cos.setBucketLifecycleConfiguration(b, new BucketLifecycleConfiguration(List.of(javaRule())));
        var r = putRaw(b, "<LifecycleConfiguration><Rule><ID>x</ID><Status>Enabled</Status><Expiration><Days>0</Days></Expiration></Rule></LifecycleConfiguration>", false);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("<Code>InvalidArgument</Code>").contains("<RequestId>");
        assertThat(cos.getBucketLifecycleConfiguration(b).getRules()).extracting(BucketLifecycleConfiguration.Rule::getId).containsExactly("string");
        var unknown = putRaw(b, "<LifecycleConfiguration><Rule><ID>x</ID><Status>Enabled</Status><Transition><Days>1</Days><StorageClass>COLD</StorageClass></Transition></Rule></LifecycleConfiguration>", false);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text()).contains("<Code>NotSupportedStorageClass</Code>");
    }

    @Test
    void s3SdkRoundTripsAndGetsNoSuchLifecycleConfiguration_LC_A2() {
        String b = E2e.bucket("lc-s3");
        s3.createBucket(x -> x.bucket(b));
        CorsConfigApiTest.assertS3Code(() -> s3.getBucketLifecycleConfiguration(x -> x.bucket(b)), 404, "NoSuchLifecycleConfiguration", null);
        s3.putBucketLifecycleConfiguration(x -> x.bucket(b).lifecycleConfiguration(c -> c.rules(
                software.amazon.awssdk.services.s3.model.LifecycleRule.builder().id("exp").status("Enabled")
                        .filter(f -> f.prefix("tmp/")).expiration(e -> e.days(3)).build())));
        var rules = s3.getBucketLifecycleConfiguration(x -> x.bucket(b)).rules();
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).expiration().days()).isEqualTo(3);
        assertThat(rules.get(0).filter().prefix()).isEqualTo("tmp/");
    }

    @Test
    void objectResponsesPredictTheExpirationAtBeijingMidnight_LC_H1_H2_H3() throws Exception {
        String b = E2e.bucket("lc-header");
        cos.createBucket(b);
        var r = javaRule().withId("exp");
        r.setTransitions(List.of());
        r.setExpirationInDays(3);
        r.setFilter(new LifecycleFilter(new LifecyclePrefixPredicate("logs/")));
        var tagged = new BucketLifecycleConfiguration.Rule().withId("tagged").withStatus("Enabled").withExpirationInDays(1);
        tagged.setFilter(new LifecycleFilter(new LifecycleTagPredicate(new Tag("temp", "yes"))));
        cos.setBucketLifecycleConfiguration(b, new BucketLifecycleConfiguration(List.of(r, tagged)));
        byte[] bytes = "x".getBytes(StandardCharsets.UTF_8);
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(bytes.length);
        cos.putObject(new PutObjectRequest(b, "logs/a", new ByteArrayInputStream(bytes), md));
        Date expected = Date.from(ZonedDateTime.now(ZoneId.of("Asia/Shanghai")).toLocalDate().plusDays(4)
                .atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant());
        var head = cos.getObjectMetadata(b, "logs/a");
        assertThat(head.getExpirationTimeRuleId()).isEqualTo("exp");
        assertThat(head.getExpirationTime()).isEqualTo(expected);
        // LC-H2: the tag filter is honoured, and the header follows the current configuration.
        cos.putObject(new PutObjectRequest(b, "other", new ByteArrayInputStream(bytes), md));
        assertThat(cos.getObjectMetadata(b, "other").getExpirationTimeRuleId()).isNull();
        var raw = RawHttp.send(env.port(), "PUT", cos.generatePresignedUrl(b, "logs/b", new Date(System.currentTimeMillis() + 600_000),
                com.qcloud.cos.http.HttpMethodName.PUT).getFile(), Map.of("Host", b + ".cos.ap-guangzhou.myqcloud.com"), bytes);
        assertThat(raw.header("x-cos-expiration")).isEqualTo("expiry-date=\"" + Formats.HTTP_DATE.format(expected.toInstant())
                + "\", rule-id=\"exp\"");
        cos.deleteBucketLifecycleConfiguration(b);
        assertThat(cos.getObjectMetadata(b, "logs/a").getExpirationTimeRuleId()).isNull();
    }

    static String target(String b) {
        return target(cos, b);
    }

    static String target(COSClient cos, String b) {
        var url = cos.generatePresignedUrl(b, "/", new Date(System.currentTimeMillis() + 600_000),
                com.qcloud.cos.http.HttpMethodName.PUT, Map.of(), Map.of("lifecycle", ""));
        return url.getFile().replaceFirst("\\?lifecycle(&|$)", "?lifecycle=$1");
    }

    /** A lifecycle document PUT the way the Python SDK sends it (raw, with Content-MD5). */
    static RawHttp.Reply putRaw(int port, COSClient cos, String b, String doc) throws Exception {
        byte[] body = doc.getBytes(StandardCharsets.UTF_8);
        return RawHttp.send(port, "PUT", target(cos, b), Map.of("Host", b + ".cos.ap-guangzhou.myqcloud.com", "Content-Type", "application/xml",
                "Content-MD5", Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body))), body);
    }

    static RawHttp.Reply putRaw(String b, String doc, boolean md5) throws Exception {
        byte[] body = doc.getBytes(StandardCharsets.UTF_8);
        var h = new LinkedHashMap<String, String>(Map.of("Host", b + ".cos.ap-guangzhou.myqcloud.com", "Content-Type", "application/xml"));
        if (md5) h.put("Content-MD5", Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body)));
        return RawHttp.send(env.port(), "PUT", target(b), h, body);
    }
}
