package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.model.BucketCrossOriginConfiguration;
import com.qcloud.cos.model.CORSRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.cosd.e2e.CorsConfigApiTest.cosRule;
import static org.assertj.core.api.Assertions.assertThat;

/** Preflights (docs/spec/semantics.md §1.4) and actual cross-origin requests (§1.6) over raw HTTP against a started cosd. */
@CosdServer
class CorsRequestsTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static final String B = E2e.bucket("cors-req");
    static final String HOST = B + ".cos.ap-guangzhou.myqcloud.com";
    static final String NONE = E2e.bucket("cors-unset");

    @BeforeAll
    static void fixtures() throws Exception {
        cos.createBucket(B);
        cos.createBucket(NONE);
        cos.putObject(B, "obj", "hello");
        cos.setBucketCrossOriginConfiguration(B, new BucketCrossOriginConfiguration(List.of(
                cosRule("get", List.of("http://www.qq.com"), List.of(CORSRule.AllowedMethods.GET), List.of(), List.of("ETag"), 0),
                cosRule("put", List.of("http://www.qq.com", "https://*.example.com"),
                        List.of(CORSRule.AllowedMethods.PUT, CORSRule.AllowedMethods.GET, CORSRule.AllowedMethods.POST,
                                CORSRule.AllowedMethods.DELETE, CORSRule.AllowedMethods.HEAD),
                        List.of("Range", "x-cos-meta-*"), List.of("Content-Length", "ETag", "x-cos-meta-author"), 600),
                cosRule("any", List.of("*"), List.of(CORSRule.AllowedMethods.HEAD), List.of("*"), List.of(), 0))));
    }

    /** An unsigned OPTIONS as a browser sends it; null arguments are left out. */
    static RawHttp.Reply preflight(int port, String bucket, String target, String origin, String method, String headers) throws Exception {
        var h = new LinkedHashMap<String, String>();
        h.put("Host", bucket + ".cos.ap-guangzhou.myqcloud.com");
        if (origin != null) h.put("Origin", origin);
        if (method != null) h.put("Access-Control-Request-Method", method);
        if (headers != null) h.put("Access-Control-Request-Headers", headers);
        return RawHttp.send(port, "OPTIONS", target, h, null);
    }

    private static RawHttp.Reply preflight(String target, String origin, String method, String headers) throws Exception {
        return preflight(env.port(), B, target, origin, method, headers);
    }

    private static void assertNoCorsHeaders(RawHttp.Reply r) {
        assertThat(r.headerLines()).noneMatch(l -> l.regionMatches(true, 0, "Access-Control-", 0, 15));
    }

    private static RawHttp.Reply signed(String method, String key, Map<String, String> extra, byte[] body) throws Exception {
        var url = cos.generatePresignedUrl(B, key, new Date(System.currentTimeMillis() + 600_000), HttpMethodName.valueOf(method));
        var h = new LinkedHashMap<String, String>();
        h.put("Host", HOST);
        h.putAll(extra);
        return RawHttp.send(env.port(), method, url.getFile(), h, body);
    }

    // ---- preflight ----

    @Test
    void aMatchingPreflightIs200WithTheCosHeaders_CORS_P7_H1_to_H6() throws Exception {
        var r = preflight("/obj", "http://www.qq.com", "PUT", "X-Cos-Meta-Author, range");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Length")).isEqualTo("0");
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("http://www.qq.com");
        assertThat(r.header("Access-Control-Allow-Methods")).isEqualTo("PUT,GET,POST,DELETE,HEAD");
        assertThat(r.header("Access-Control-Allow-Headers")).isEqualTo("x-cos-meta-author,range");
        assertThat(r.header("Access-Control-Expose-Headers")).isEqualTo("Content-Length,ETag,x-cos-meta-author");
        assertThat(r.header("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(r.header("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(r.header("Vary")).as("ResponseVary is false").isNull();
        assertThat(r.header("x-cos-request-id")).isNotBlank();
    }

    @Test
    void theFirstRuleMatchingOriginMethodAndHeadersServesThePreflight_CORS_M1() throws Exception {
        assertThat(preflight("/obj", "http://www.qq.com", "GET", null).header("Access-Control-Allow-Methods")).isEqualTo("GET");
        // "get" matches origin and method but allows no headers: the "put" rule serves it.
        assertThat(preflight("/obj", "http://www.qq.com", "GET", "range").header("Access-Control-Allow-Methods"))
                .isEqualTo("PUT,GET,POST,DELETE,HEAD");
    }

    @Test
    void aWildcardOriginRuleAnswersStarWithoutCredentials_CORS_M5_H6() throws Exception {
        var r = preflight("/obj", "http://anywhere.test", "HEAD", "x-whatever");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
        assertThat(r.header("Access-Control-Allow-Headers")).isEqualTo("x-whatever");
    }

    @Test
    void aGlobOriginMatchesSubdomainsOnly_CORS_M2() throws Exception {
        assertThat(preflight("/obj", "https://app.example.com", "DELETE", null).status()).isEqualTo(200);
        assertThat(preflight("/obj", "https://example.com", "DELETE", null).status()).isEqualTo(403);
        assertThat(preflight("/obj", "http://app.example.com", "DELETE", null).status()).isEqualTo(403);
    }

    @Test
    void everyPathIsAPreflightAnsweredBeforeAuthentication_CORS_P7() throws Exception {
        for (String target : List.of("/", "/?lifecycle", "/?cors", "/obj?uploads", "/no/such/key", "/?frobnicate", "/obj?acl")) {
            var r = preflight(target, "http://www.qq.com", "GET", null);
            assertThat(r.status()).as(target).isEqualTo(200);
            assertThat(r.header("Access-Control-Allow-Origin")).as(target).isEqualTo("http://www.qq.com");
        }
    }

    @Test
    void noOriginIs400BadRequest_CORS_P1() throws Exception {
        var r = preflight("/obj", null, "GET", null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("<Code>BadRequest</Code>", "<Message>Insufficient information. Origin request header needed.</Message>",
                "<RequestId>", "<TraceId>");
        assertNoCorsHeaders(r);
    }

    @Test
    void aMissingOrUnknownRequestMethodIs400BadRequest_CORS_P2() throws Exception {
        var missing = preflight("/obj", "http://www.qq.com", null, null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text()).contains("<Code>BadRequest</Code>", "<Message>Invalid Access-Control-Request-Method: </Message>");
        var bad = preflight("/obj", "http://www.qq.com", "PATCH", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("<Message>Invalid Access-Control-Request-Method: PATCH</Message>");
        assertThat(preflight("/obj", "http://www.qq.com", "get", null).status()).isEqualTo(400);
    }

    @Test
    void malformedRequestHeadersAre400BadRequest_CORS_P3() throws Exception {
        var r = preflight("/obj", "http://www.qq.com", "PUT", "range,,x-cos-meta-a");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("<Code>BadRequest</Code>",
                "<Message>Access-Control-Request-Headers \"range,,x-cos-meta-a\" contains invalid character.</Message>");
    }

    @Test
    void aBucketWithoutCorsIs403AccessForbiddenWithTheCosText_CORS_P4() throws Exception {
        var r = preflight(env.port(), NONE, "/obj", "http://www.qq.com", "GET", null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).contains("<Code>AccessForbidden</Code>", "<Message>CORSResponse: This CORS request is not allowed. "
                + "This is usually because the evalution of Origin, request method / Access-Control-Request-Method or "
                + "Access-Control-Requet-Headers are not whitelisted by the resource's CORS spec</Message>");
        assertNoCorsHeaders(r);
    }

    @Test
    void anS3PreflightWithoutCorsSaysCorsIsNotEnabledWithMethodAndResourceType_CORS_P4() throws Exception {
        var r = preflight(env.port(), NONE, "/obj", "http://www.qq.com", "PUT", "x-amz-date,x-amz-content-sha256");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("x-amz-request-id")).isNotBlank();
        assertThat(r.text()).contains("<Code>AccessForbidden</Code>", "<Message>CORSResponse: CORS is not enabled for this bucket.</Message>",
                "<Method>OPTIONS</Method>", "<ResourceType>OBJECT</ResourceType>");
    }

    @Test
    void noMatchingRuleIs403WithoutCorsHeadersInBothDialects_CORS_P5() throws Exception {
        var cosReply = preflight("/obj", "http://evil.test", "PUT", null);
        assertThat(cosReply.status()).isEqualTo(403);
        assertThat(cosReply.text()).contains("<Code>AccessForbidden</Code>", "Access-Control-Requet-Headers");
        assertNoCorsHeaders(cosReply);
        var s3Reply = preflight("/", "http://www.qq.com", "PUT", "x-amz-acl");
        assertThat(s3Reply.status()).isEqualTo(403);
        assertThat(s3Reply.text()).contains("Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
                "<ResourceType>BUCKET</ResourceType>");
        assertNoCorsHeaders(s3Reply);
    }

    @Test
    void aPreflightToAMissingBucketIs403_CORS_P6() throws Exception {
        var r = preflight(env.port(), E2e.bucket("no-such-bucket"), "/obj", "http://www.qq.com", "GET", null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).contains("<Code>AccessForbidden</Code>");
    }

    @Test
    void responseVaryAddsVaryOriginAndAnUpdateIsSeenAtOnce_CORS_H7() throws Exception {
        String b = E2e.bucket("cors-vary");
        cos.createBucket(b);
        String xml = "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>"
                + "<ResponseVary>true</ResponseVary></CORSConfiguration>";
        var url = cos.generatePresignedUrl(b, "/", new Date(System.currentTimeMillis() + 600_000), HttpMethodName.PUT, Map.of(), Map.of("cors", ""));
        var put = RawHttp.send(env.port(), "PUT", url.getFile(), Map.of("Host", b + ".cos.ap-guangzhou.myqcloud.com",
                "Content-Type", "application/xml"), xml.getBytes(StandardCharsets.UTF_8));
        assertThat(put.status()).isEqualTo(200);
        var r = preflight(env.port(), b, "/k", "http://a.test", "GET", null);
        assertThat(r.header("Vary")).isEqualTo("Origin");
        assertThat(cos.getBucketCrossOriginConfiguration(b).getRules()).hasSize(1);
        cos.deleteBucketCrossOriginConfiguration(b);
        assertThat(preflight(env.port(), b, "/k", "http://a.test", "GET", null).status()).isEqualTo(403);
    }

    // ---- actual requests ----

    @Test
    void withoutOriginThereAreNoCorsHeaders_CORS_R1() throws Exception {
        var r = signed("GET", "obj", Map.of(), null);
        assertThat(r.status()).isEqualTo(200);
        assertNoCorsHeaders(r);
    }

    @Test
    void aMatchingOriginGetsTheHeadersOnSuccess_CORS_R2() throws Exception {
        var r = signed("GET", "obj", Map.of("Origin", "http://www.qq.com"), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("http://www.qq.com");
        assertThat(r.header("Access-Control-Expose-Headers")).isEqualTo("ETag");
        assertThat(r.header("Access-Control-Allow-Methods")).isEqualTo("GET");
    }

    @Test
    void errorResponsesCarryTheHeadersToo_CORS_R2() throws Exception {
        var missing = signed("GET", "no-such-key", Map.of("Origin", "http://www.qq.com"), null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Access-Control-Allow-Origin")).isEqualTo("http://www.qq.com");
        var head = signed("HEAD", "no-such-key", Map.of("Origin", "https://a.example.com"), null);
        assertThat(head.status()).isEqualTo(404);
        assertThat(head.header("Access-Control-Allow-Origin")).isEqualTo("https://a.example.com");
        var anonymous = RawHttp.send(env.port(), "PUT", "/obj", Map.of("Host", HOST, "Origin", "http://www.qq.com"), new byte[]{1});
        assertThat(anonymous.status()).isEqualTo(403);
        assertThat(anonymous.text()).contains("<Code>AccessDenied</Code>");
        assertThat(anonymous.header("Access-Control-Allow-Origin")).isEqualTo("http://www.qq.com");
    }

    @Test
    void aNonMatchingOriginIsStillServedWithoutHeaders_CORS_R3() throws Exception {
        var r = signed("GET", "obj", Map.of("Origin", "http://evil.test"), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("hello");
        assertNoCorsHeaders(r);
        var unset = RawHttp.send(env.port(), "GET", "/", Map.of("Host", NONE + ".cos.ap-guangzhou.myqcloud.com", "Origin", "http://www.qq.com"), null);
        assertNoCorsHeaders(unset);
    }

    @Test
    void corsNeverGrantsAccess_CORS_R4() throws Exception {
        var r = RawHttp.send(env.port(), "GET", "/obj", Map.of("Host", HOST, "Origin", "http://anywhere.test",
                "Access-Control-Request-Method", "HEAD"), null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void anActualRequestIsMatchedOnAccessControlRequestMethodWhenSent_CORS_M3() throws Exception {
        // A DELETE from www.qq.com would match "put"; asking for GET selects the GET-only rule first.
        var r = signed("DELETE", "gone", Map.of("Origin", "http://www.qq.com", "Access-Control-Request-Method", "GET"), null);
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Access-Control-Allow-Methods")).isEqualTo("GET");
        var plain = signed("DELETE", "gone", Map.of("Origin", "http://www.qq.com"), null);
        assertThat(plain.header("Access-Control-Allow-Methods")).isEqualTo("PUT,GET,POST,DELETE,HEAD");
    }
}
