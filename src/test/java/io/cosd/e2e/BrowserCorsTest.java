package io.cosd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.qcloud.cos.COSClient;
import com.qcloud.cos.ClientConfig;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.endpoint.EndpointBuilder;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.http.HttpProtocol;
import com.qcloud.cos.model.BucketCrossOriginConfiguration;
import com.qcloud.cos.model.CORSRule;
import com.qcloud.cos.region.Region;
import com.sun.net.httpserver.HttpServer;
import io.cosd.app.Config;
import io.cosd.app.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.cosd.e2e.CorsConfigApiTest.cosRule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser (headless Chromium) on another origin uses cosd exactly as far as the bucket's CORS
 * rules allow (docs/cors.md#tests). The page comes from a second local server on another port; its script calls
 * fetch() with URLs presigned by the SDKs (generatePresignedUrl / S3Presigner), so no anonymous
 * access is needed. cosd serves virtual hosts under {@code localhost}: Chromium resolves every
 * {@code *.localhost} name to loopback, which gives both real bucket hosts and wildcard page origins.
 */
@CosdServer(factory = "localhostHosts")
class BrowserCorsTest {
    static final String B = E2e.bucket("browser");
    static final String FETCH = """
            const [url, method, headers, body, done] = arguments;
            const page = {origin: location.origin, title: document.title};
            fetch(url, {method: method, headers: headers, body: body})
              .then(async r => done({page: page, ok: true, status: r.status, etag: r.headers.get('ETag'),
                                     author: r.headers.get('x-cos-meta-author'), text: await r.text()}))
              .catch(e => done({page: page, ok: false, error: String(e)}));
            """;

    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static Server server;
    static COSClient signer;
    static HttpServer page;
    static Chromium chromium;
    static int pagePort;

    /** This class's server ({@link CosdServer#factory}): serves virtual hosts under {@code localhost}. */
    static E2e localhostHosts() throws Exception {
        return new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of("localhost"), 120_000));
    }

    @BeforeAll
    static void fixtures() throws Exception {
        server = env.server;
        signer = localhostSigner(server.port());
        cos.createBucket(B);
        page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        page.createContext("/", ex -> {
            byte[] html = "<!doctype html><html><head><title>cors page</title></head><body>cors page</body></html>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, html.length);
            ex.getResponseBody().write(html);
            ex.close();
        });
        page.start();
        pagePort = page.getAddress().getPort();
        cos.setBucketCrossOriginConfiguration(B, new BucketCrossOriginConfiguration(List.of(
                // CORS-M2: one wildcard in the host part; every *.localhost page on this port.
                cosRule("app", List.of("http://*.localhost:" + pagePort), List.of(CORSRule.AllowedMethods.PUT, CORSRule.AllowedMethods.GET),
                        List.of("x-cos-meta-*"), List.of("ETag", "x-cos-meta-author"), 0),
                // The plain loopback origin may only GET, and nothing is exposed.
                cosRule("plain", List.of("http://127.0.0.1:" + pagePort), List.of(CORSRule.AllowedMethods.GET), List.of(), List.of(), 0))));
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
        if (page != null) page.stop(0);
        if (signer != null) signer.shutdown();
    }

    /**
     * A COS Java SDK client used only to presign: its bucket endpoint is {@code <bucket>.localhost:<port>},
     * so the signed Host is the one the browser sends (the JVM itself cannot resolve *.localhost).
     */
    static COSClient localhostSigner(int port) {
        ClientConfig cc = new ClientConfig(new Region(E2e.REGION));
        cc.setHttpProtocol(HttpProtocol.http);
        cc.setEndpointBuilder(new EndpointBuilder() {
            @Override
            public String buildGeneralApiEndpoint(String bucket) { return bucket + ".localhost:" + port; }

            @Override
            public String buildGetServiceApiEndpoint() { return "127.0.0.1:" + port; }
        });
        return new COSClient(new BasicCOSCredentials(E2e.SECRET_ID, E2e.SECRET_KEY), cc);
    }

    private static String presigned(String key, HttpMethodName method) {
        return signer.generatePresignedUrl(B, key, new Date(System.currentTimeMillis() + 600_000), method).toString();
    }

    /** Opens the page on {@code pageHost} and runs fetch() there. */
    private static JsonNode fetchFrom(String pageHost, String url, String method, Map<String, String> headers, String body) throws Exception {
        String origin = "http://" + pageHost + ":" + pagePort;
        chromium.open(origin + "/");
        JsonNode r = chromium.executeAsync(FETCH, url, method, headers, body);
        // The page really loaded on that origin, so a refusal below is the browser's CORS check.
        assertThat(r.path("page").path("title").asText()).as(r.toString()).isEqualTo("cors page");
        assertThat(r.path("page").path("origin").asText()).isEqualTo(origin);
        return r;
    }

    @Test
    void anAllowedOriginPutsWithUserMetadataThenGetsAndReadsTheExposedEtag_CORS_M2_M4_H3_H4() throws Exception {
        var put = fetchFrom("app.localhost", presigned("from-browser.txt", HttpMethodName.PUT), "PUT",
                Map.of("x-cos-meta-author", "alice"), "hello from the browser");
        assertThat(put.path("ok").asBoolean()).as(put.toString()).isTrue();
        assertThat(put.path("status").asInt()).isEqualTo(200);
        String etag = put.path("etag").asText();
        assertThat(etag).as("ETag is in ExposeHeader").matches("\"[0-9a-f]{32}\"");

        var get = fetchFrom("app.localhost", presigned("from-browser.txt", HttpMethodName.GET), "GET", Map.of(), null);
        assertThat(get.path("ok").asBoolean()).as(get.toString()).isTrue();
        assertThat(get.path("text").asText()).isEqualTo("hello from the browser");
        assertThat(get.path("etag").asText()).isEqualTo(etag);
        assertThat(get.path("author").asText()).isEqualTo("alice");
        assertThat(cos.getObjectMetadata(B, "from-browser.txt").getUserMetadata()).containsEntry("author", "alice");
    }

    @Test
    void etagIsReadableOnlyWhenExposed_CORS_H4() throws Exception {
        cos.putObject(B, "plain.txt", "plain");
        var get = fetchFrom("127.0.0.1", presigned("plain.txt", HttpMethodName.GET), "GET", Map.of(), null);
        assertThat(get.path("ok").asBoolean()).as(get.toString()).isTrue();
        assertThat(get.path("text").asText()).isEqualTo("plain");
        assertThat(get.path("etag").isNull()).as("ETag not in the plain rule's ExposeHeader: " + get).isTrue();
    }

    @Test
    void aMethodTheRuleDoesNotAllowIsBlockedBeforeTheRequestIsSent_CORS_M3_P5() throws Exception {
        var put = fetchFrom("127.0.0.1", presigned("not-put.txt", HttpMethodName.PUT), "PUT", Map.of(), "x");
        assertThat(put.path("ok").asBoolean()).as(put.toString()).isFalse();
        assertThat(put.path("error").asText()).contains("TypeError");
        assertThat(cos.doesObjectExist(B, "not-put.txt")).isFalse();
    }

    @Test
    void aHeaderTheRuleDoesNotAllowIsBlocked_CORS_M4_P5() throws Exception {
        var put = fetchFrom("app.localhost", presigned("bad-header.txt", HttpMethodName.PUT), "PUT",
                Map.of("x-cos-meta-author", "alice", "x-custom", "1"), "x");
        assertThat(put.path("ok").asBoolean()).as(put.toString()).isFalse();
        assertThat(cos.doesObjectExist(B, "bad-header.txt")).isFalse();
    }

    @Test
    void anOriginNoRuleMatchesIsBlocked_CORS_M2_R3() throws Exception {
        cos.putObject(B, "secret.txt", "s");
        // "http://*.localhost:P" needs a label before ".localhost", so http://localhost:P does not match.
        var get = fetchFrom("localhost", presigned("secret.txt", HttpMethodName.GET), "GET", Map.of(), null);
        assertThat(get.path("ok").asBoolean()).as(get.toString()).isFalse();
    }

    @Test
    void anS3PresignedUrlWorksFromAnAllowedOriginWithS3Headers_CORS_H2() throws Exception {
        cos.putObject(B, "s3.txt", "via s3");
        try (S3Presigner p = S3Presigner.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(software.amazon.awssdk.regions.Region.of(E2e.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            String url = p.presignGetObject(GetObjectPresignRequest.builder().signatureDuration(Duration.ofMinutes(10))
                    .getObjectRequest(GetObjectRequest.builder().bucket(B).key("s3.txt").build()).build()).url().toString();
            var get = fetchFrom("web.localhost", url, "GET", Map.of(), null);
            assertThat(get.path("ok").asBoolean()).as(get.toString()).isTrue();
            assertThat(get.path("text").asText()).isEqualTo("via s3");
            assertThat(get.path("etag").asText()).isNotBlank();
        }
    }
}
