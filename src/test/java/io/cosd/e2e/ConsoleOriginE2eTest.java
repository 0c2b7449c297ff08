package io.cosd.e2e;

import io.cosd.app.Config;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stored bytes never run in the console's origin (docs/console.md "One origin for the console",
 * docs/security.md CON-O1..CON-O4), against a real server with the AWS SDK (path style, the console's
 * host) and raw HTTP on a bucket's virtual host ({@code <bucket>.cos.<region>.myqcloud.com}).
 */
@CosdServer
class ConsoleOriginE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;

    static final String BUCKET = E2e.bucket("origin");
    static final String PAGE = "<!doctype html><title>static</title><script>document.title = 'ran'</script>";

    @BeforeAll
    static void storeAPageAndASvg() {
        s3.createBucket(r -> r.bucket(BUCKET));
        s3.putObject(r -> r.bucket(BUCKET).key("site/evil.html").contentType("text/html").acl(ObjectCannedACL.PUBLIC_READ),
                RequestBody.fromString(PAGE));
        s3.putObject(r -> r.bucket(BUCKET).key("site/evil.svg").contentType("image/svg+xml").acl(ObjectCannedACL.PUBLIC_READ),
                RequestBody.fromString("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"));
        // what a virtual-hosted "/-/console/" names: an object of the bucket, never the console
        s3.putObject(r -> r.bucket(BUCKET).key("-/console/").contentType("text/plain").acl(ObjectCannedACL.PUBLIC_READ),
                RequestBody.fromString("an object named -/console/"));
    }

    private static RawHttp.Reply onConsoleHost(String method, String path, Map<String, String> more) throws Exception {
        var h = new java.util.HashMap<>(more);
        h.put("Host", "127.0.0.1:" + env.port());
        return RawHttp.send(env.port(), method, path, h, null);
    }

    private static RawHttp.Reply onBucketHost(String method, String path) throws Exception {
        return RawHttp.send(env.port(), method, path, Map.of("Host", E2e.cosHost(BUCKET)), null);
    }

    private static void assertSandboxed(RawHttp.Reply r, String what) {
        assertThat(r.header("Content-Security-Policy")).as("%s: %s", what, r.text()).isEqualTo("sandbox");
        assertThat(r.count("Content-Security-Policy")).as(what).isEqualTo(1);
        assertThat(r.header("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
    }

    private static void assertPlainS3(RawHttp.Reply r, String what) {
        assertThat(r.header("Content-Security-Policy")).as(what).isNull();
        assertThat(r.header("X-Content-Type-Options")).as(what).isNull();
    }

    @Test
    void aPathStyleObjectReadThroughTheAwsSdkCarriesTheSandboxAndItsBytesAreUnchanged_CON_O2() {
        var got = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("site/evil.html"));
        assertThat(got.asUtf8String()).isEqualTo(PAGE);
        assertThat(got.response().contentType()).isEqualTo("text/html");
        assertThat(got.response().sdkHttpResponse().firstMatchingHeader("Content-Security-Policy")).hasValue("sandbox");
        assertThat(got.response().sdkHttpResponse().firstMatchingHeader("X-Content-Type-Options")).hasValue("nosniff");
        var head = s3.headObject(r -> r.bucket(BUCKET).key("site/evil.svg"));
        assertThat(head.sdkHttpResponse().firstMatchingHeader("Content-Security-Policy")).hasValue("sandbox");
        var ranged = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("site/evil.html").range("bytes=0-14"));
        assertThat(ranged.asUtf8String()).isEqualTo("<!doctype html>");
        assertThat(ranged.response().sdkHttpResponse().statusCode()).isEqualTo(206);
        assertThat(ranged.response().sdkHttpResponse().firstMatchingHeader("Content-Security-Policy")).hasValue("sandbox");
        // an error answer too: no path-style answer of the console's host runs as a document
        assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket(BUCKET).key("missing")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Content-Security-Policy")).hasValue("sandbox");
                });
    }

    @Test
    void aPresignedUrlAskingForTextHtmlIsSandboxedIn200And206And304Answers_CON_O2() throws Exception {
        try (var presigner = S3Presigner.builder().endpointOverride(URI.create(env.endpoint())).region(Region.of(env.region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            // stored as text/plain; the URL asks the answer to say text/html, as an attacker's link would
            s3.putObject(r -> r.bucket(BUCKET).key("note.txt").contentType("text/plain"), RequestBody.fromString(PAGE));
            URL url = presigner.presignGetObject(GetObjectPresignRequest.builder().signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(GetObjectRequest.builder().bucket(BUCKET).key("note.txt").responseContentType("text/html").build())
                    .build()).url();
            String target = url.getFile();
            String host = url.getHost() + ":" + url.getPort();
            var full = RawHttp.send(env.port(), "GET", target, Map.of("Host", host), null);
            assertThat(full.status()).as(full.text()).isEqualTo(200);
            assertThat(full.header("Content-Type")).isEqualTo("text/html");
            assertSandboxed(full, "200");
            var part = RawHttp.send(env.port(), "GET", target, Map.of("Host", host, "Range", "bytes=0-4"), null);
            assertThat(part.status()).isEqualTo(206);
            assertSandboxed(part, "206");
            var unchanged = RawHttp.send(env.port(), "GET", target, Map.of("Host", host, "If-None-Match", full.header("ETag")), null);
            assertThat(unchanged.status()).isEqualTo(304);
            assertSandboxed(unchanged, "304");
        }
    }

    @Test
    void anAnonymousPathStyleReadOfAPublicPageIsSandboxedAndTheSameObjectOnItsBucketHostIsPlainS3_CON_O2_CON_O3() throws Exception {
        var pathStyle = onConsoleHost("GET", "/" + BUCKET + "/site/evil.html", Map.of());
        assertThat(pathStyle.status()).isEqualTo(200);
        assertThat(pathStyle.text()).isEqualTo(PAGE);
        assertSandboxed(pathStyle, "path style");
        var virtual = onBucketHost("GET", "/site/evil.html");
        assertThat(virtual.status()).isEqualTo(200);
        assertThat(virtual.text()).isEqualTo(PAGE);
        assertThat(virtual.header("Content-Type")).isEqualTo("text/html");
        assertPlainS3(virtual, "virtual-hosted");
        assertPlainS3(onBucketHost("GET", "/missing"), "virtual-hosted error");
    }

    @Test
    void onABucketHostTheConsolesPathIsAnObjectNeverTheConsole_CON_O1() throws Exception {
        var stored = onBucketHost("GET", "/-/console/");
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.text()).isEqualTo("an object named -/console/");
        assertPlainS3(stored, "the object -/console/");
        for (String path : List.of("/-/console", "/-/console/index.html", "/-/console/app.js")) {
            var r = onBucketHost("GET", path);
            assertThat(r.status()).as(path).isIn(403, 404); // as the object API answers a key the caller may not read or that is not there
            assertThat(r.text()).as(path).startsWith("<?xml").doesNotContain("<script");
            assertThat(r.header("Content-Type")).as(path).doesNotStartWith("text/html").doesNotStartWith("text/javascript");
        }
        // the console itself is still on the endpoint's own host, with its own single policy (CON-S3)
        var console = onConsoleHost("GET", "/-/console/", Map.of());
        assertThat(console.status()).isEqualTo(200);
        assertThat(console.count("Content-Security-Policy")).isEqualTo(1);
        assertThat(console.header("Content-Security-Policy")).startsWith("default-src 'none'");
        assertSandboxed(onConsoleHost("GET", "/-/console/nope.js", Map.of()), "a console path's 404");
    }

    @Test
    void withTheConsoleOffAPathStyleObjectIsServedAsPlainS3_CON_O4() throws Exception {
        try (E2e off = new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000, List.of()),
                Map.of("COSD_CONSOLE", "off"))) {
            String b = E2e.bucket("origin-off");
            S3Client offS3 = off.s3();
            offS3.createBucket(r -> r.bucket(b));
            offS3.putObject(r -> r.bucket(b).key("index.html").contentType("text/html").acl(ObjectCannedACL.PUBLIC_READ),
                    RequestBody.fromString(PAGE));
            var r = RawHttp.send(off.port(), "GET", "/" + b + "/index.html", Map.of("Host", "127.0.0.1:" + off.port()), null);
            assertThat(r.status()).isEqualTo(200);
            assertPlainS3(r, "console off");
            offS3.close();
        }
    }
}
