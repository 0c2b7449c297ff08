package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketCrossOriginConfiguration;
import com.qcloud.cos.model.CORSRule;
import io.cosd.api.cors.CorsXmlTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static io.cosd.e2e.CosSdkBucketsAndErrorsTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PUT/GET/DELETE ?cors through the COS Java SDK and AWS SDK v2 (docs/spec/semantics.md §1.1, §1.2). */
@CosdServer
class CorsConfigApiTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;

    static CORSRule cosRule(String id, List<String> origins, List<CORSRule.AllowedMethods> methods, List<String> headers,
                            List<String> expose, int maxAge) {
        CORSRule r = new CORSRule();
        r.setId(id);
        r.setAllowedOrigins(origins);
        r.setAllowedMethods(methods);
        r.setAllowedHeaders(headers);
        r.setExposedHeaders(expose);
        r.setMaxAgeSeconds(maxAge);
        return r;
    }

    static void s3Put(String bucket, software.amazon.awssdk.services.s3.model.CORSRule... rules) {
        s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(CORSConfiguration.builder().corsRules(rules).build()));
    }

    static software.amazon.awssdk.services.s3.model.CORSRule s3Rule(String origin, String method) {
        return software.amazon.awssdk.services.s3.model.CORSRule.builder().allowedOrigins(origin).allowedMethods(method).build();
    }

    static void assertS3Code(Runnable r, int status, String code, String message) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            if (message != null) assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    @Test
    void cosJavaSdkSetsGetsAndDeletesTheConfiguration_CORS_A1_A3_A4_A5() {
        String b = E2e.bucket("cors-cos");
        cos.createBucket(b);
        assertThat(cos.getBucketCrossOriginConfiguration(b)).as("Java swallows 404 NoSuchCORSConfiguration").isNull();
        var rules = List.of(
                cosRule("1234", List.of("http://www.qq.com", "https://a.example"), List.of(CORSRule.AllowedMethods.GET, CORSRule.AllowedMethods.PUT),
                        List.of("X-Cos-Meta-Test"), List.of("ETag", "x-cos-meta-test1"), 500),
                cosRule("second", List.of("*"), List.of(CORSRule.AllowedMethods.HEAD), List.of("*"), List.of(), 0));
        cos.setBucketCrossOriginConfiguration(b, new BucketCrossOriginConfiguration(rules));

        BucketCrossOriginConfiguration got = cos.getBucketCrossOriginConfiguration(b);
        assertThat(got.getRules()).hasSize(2);
        CORSRule r = got.getRules().get(0);
        assertThat(r.getId()).isEqualTo("1234");
        assertThat(r.getAllowedOrigins()).containsExactly("http://www.qq.com", "https://a.example");
        assertThat(r.getAllowedMethods()).containsExactly(CORSRule.AllowedMethods.GET, CORSRule.AllowedMethods.PUT);
        assertThat(r.getAllowedHeaders()).as("case preserved").containsExactly("X-Cos-Meta-Test");
        assertThat(r.getExposedHeaders()).containsExactly("ETag", "x-cos-meta-test1");
        assertThat(r.getMaxAgeSeconds()).isEqualTo(500);
        assertThat(got.getRules().get(1).getAllowedMethods()).containsExactly(CORSRule.AllowedMethods.HEAD);

        cos.deleteBucketCrossOriginConfiguration(b);
        assertThat(cos.getBucketCrossOriginConfiguration(b)).isNull();
        cos.deleteBucketCrossOriginConfiguration(b); // CORS-A5: idempotent
    }

    @Test
    void getWithoutConfigurationIsNoSuchCorsConfigurationWithTheCosBody_CORS_A3() throws Exception {
        String b = E2e.bucket("cors-none");
        cos.createBucket(b);
        var url = cos.generatePresignedUrl(b, "/", new Date(System.currentTimeMillis() + 600_000),
                com.qcloud.cos.http.HttpMethodName.GET, Map.of(), Map.of("cors", ""));
        var r = RawHttp.send(env.port(), "GET", url.getFile(), Map.of("Host", b + ".cos.ap-guangzhou.myqcloud.com"), null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).contains("<Code>NoSuchCORSConfiguration</Code>", "<RequestId>", "<TraceId>");
        assertS3Code(() -> s3.getBucketCors(x -> x.bucket(b)), 404, "NoSuchCORSConfiguration", null);
    }

    @Test
    void thePythonSdkDocumentIsAcceptedAndTheJavaSdkReadsItBack_CORS_A1_A4() throws Exception {
        String b = E2e.bucket("cors-python");
        cos.createBucket(b);
        byte[] body = CorsXmlTest.PYTHON.getBytes(StandardCharsets.UTF_8);
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
        var url = cos.generatePresignedUrl(b, "/", new Date(System.currentTimeMillis() + 600_000),
                com.qcloud.cos.http.HttpMethodName.PUT, Map.of(), Map.of("cors", ""));
        // Python sends "?cors=" (docs/spec/protocol.md §3.6), with Content-MD5 and application/xml.
        String target = url.getFile().replaceFirst("\\?cors(&|$)", "?cors=$1");
        var r = RawHttp.send(env.port(), "PUT", target, Map.of("Host", b + ".cos.ap-guangzhou.myqcloud.com",
                "Content-Type", "application/xml", "Content-MD5", md5), body);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        var got = cos.getBucketCrossOriginConfiguration(b).getRules();
        assertThat(got).extracting(CORSRule::getId).containsExactly("1234", "second");
        assertThat(got.get(0).getAllowedMethods()).containsExactly(CORSRule.AllowedMethods.GET, CORSRule.AllowedMethods.PUT);
        assertThat(got.get(0).getMaxAgeSeconds()).isEqualTo(500);
        var bad = RawHttp.send(env.port(), "PUT", target, Map.of("Host", b + ".cos.ap-guangzhou.myqcloud.com",
                "Content-Type", "application/xml", "Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA=="), body);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("<Code>BadDigest</Code>");
    }

    @Test
    void putReplacesTheWholeConfiguration_CORS_A1() {
        String b = E2e.bucket("cors-replace");
        s3.createBucket(x -> x.bucket(b));
        s3Put(b, s3Rule("http://one", "GET"), s3Rule("http://two", "PUT"));
        s3Put(b, s3Rule("http://three", "DELETE"));
        var rules = s3.getBucketCors(x -> x.bucket(b)).corsRules();
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).allowedOrigins()).containsExactly("http://three");
        assertThat(rules.get(0).allowedMethods()).containsExactly("DELETE");
    }

    @Test
    void awsSdkRoundTripsEveryFieldAndDeleteAnswers204_CORS_A4_A5() {
        String b = E2e.bucket("cors-aws");
        s3.createBucket(x -> x.bucket(b));
        s3Put(b, software.amazon.awssdk.services.s3.model.CORSRule.builder().id("r1").allowedOrigins("http://*.example.com")
                .allowedMethods("PUT", "POST").allowedHeaders("Content-Type", "x-amz-*").exposeHeaders("ETag").maxAgeSeconds(3000).build());
        var r = s3.getBucketCors(x -> x.bucket(b)).corsRules().get(0);
        assertThat(r.id()).isEqualTo("r1");
        assertThat(r.allowedOrigins()).containsExactly("http://*.example.com");
        assertThat(r.allowedMethods()).containsExactly("PUT", "POST");
        assertThat(r.allowedHeaders()).containsExactly("Content-Type", "x-amz-*");
        assertThat(r.exposeHeaders()).containsExactly("ETag");
        assertThat(r.maxAgeSeconds()).isEqualTo(3000);
        assertThat(s3.deleteBucketCors(x -> x.bucket(b)).sdkHttpResponse().statusCode()).isEqualTo(204);
        assertThat(s3.deleteBucketCors(x -> x.bucket(b)).sdkHttpResponse().statusCode()).isEqualTo(204);
    }

    @Test
    void everyValidationFailureHasItsCodeAndChangesNothing_CORS_V1_to_V5() {
        String b = E2e.bucket("cors-invalid");
        s3.createBucket(x -> x.bucket(b));
        s3Put(b, s3Rule("http://kept", "GET"));
        assertS3Code(() -> s3Put(b, s3Rule("*", "OPTIONS")), 400, "InvalidRequest",
                "Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS (CORSRule/AllowedMethod accepts GET, PUT, POST, DELETE, HEAD).");
        assertS3Code(() -> s3Put(b, s3Rule("*", "get")), 400, "InvalidRequest",
                "Found unsupported HTTP method in CORS config. Unsupported method is get (CORSRule/AllowedMethod accepts GET, PUT, POST, DELETE, HEAD).");
        assertS3Code(() -> s3Put(b, s3Rule("http://*.*.example.com", "GET")), 400, "InvalidRequest",
                "AllowedOrigin \"http://*.*.example.com\" can not have more than one wildcard.");
        assertS3Code(() -> s3Put(b, software.amazon.awssdk.services.s3.model.CORSRule.builder().allowedOrigins("*")
                .allowedMethods("GET").allowedHeaders("x-*-*").build()), 400, "InvalidRequest",
                "AllowedHeader \"x-*-*\" can not have more than one wildcard.");
        assertS3Code(() -> s3Put(b, software.amazon.awssdk.services.s3.model.CORSRule.builder().allowedMethods("GET").build()),
                400, "MalformedXML", null);
        assertS3Code(() -> s3Put(b, software.amazon.awssdk.services.s3.model.CORSRule.builder().allowedOrigins("*").build()),
                400, "MalformedXML", null);
        var many = new ArrayList<software.amazon.awssdk.services.s3.model.CORSRule>();
        for (int i = 0; i < 101; i++) many.add(s3Rule("http://o" + i, "GET"));
        assertS3Code(() -> s3Put(b, many.toArray(software.amazon.awssdk.services.s3.model.CORSRule[]::new)), 400, "InvalidRequest",
                "The number of CORS rules should not exceed allowed limit of 100 rules.");
        assertThat(s3.getBucketCors(x -> x.bucket(b)).corsRules()).singleElement()
                .satisfies(r -> assertThat(r.allowedOrigins()).containsExactly("http://kept"));
    }

    @Test
    void aBodyOver64KbIsXmlSizeLimit_CORS_A2() {
        String b = E2e.bucket("cors-size");
        s3.createBucket(x -> x.bucket(b));
        var big = new ArrayList<software.amazon.awssdk.services.s3.model.CORSRule>();
        for (int i = 0; i < 100; i++) big.add(s3Rule("http://" + "o".repeat(700) + i, "GET"));
        assertS3Code(() -> s3Put(b, big.toArray(software.amazon.awssdk.services.s3.model.CORSRule[]::new)), 400, "XMLSizeLimit", null);
        assertS3Code(() -> s3.getBucketCors(x -> x.bucket(b)), 404, "NoSuchCORSConfiguration", null);
    }

    @Test
    void aDeletedAndRecreatedBucketHasNoCorsLeft_CORS_A3() throws Exception {
        String b = E2e.bucket("cors-recreate");
        cos.createBucket(b);
        cos.setBucketCrossOriginConfiguration(b, new BucketCrossOriginConfiguration(List.of(
                cosRule("r", List.of("*"), List.of(CORSRule.AllowedMethods.GET), List.of(), List.of(), 0))));
        var pre = CorsRequestsTest.preflight(env.port(), b, "/k", "http://x", "GET", null);
        assertThat(pre.status()).isEqualTo(200);
        cos.deleteBucket(b);
        cos.createBucket(b);
        assertThat(cos.getBucketCrossOriginConfiguration(b)).isNull();
        assertThat(CorsRequestsTest.preflight(env.port(), b, "/k", "http://x", "GET", null).status()).isEqualTo(403);
    }

    @Test
    void theConfigurationApiIsAuthenticatedLikeEveryBucketOperation_CORS_A6() {
        String b = E2e.bucket("cors-anon");
        cos.createBucket(b);
        COSClient stranger = env.cos("AKIDunknownunknownunknownunknown0000", "whatever");
        try {
            assertCode(() -> stranger.getBucketCrossOriginConfiguration(b), 403, "InvalidAccessKeyId");
        } finally {
            stranger.shutdown();
        }
    }
}
