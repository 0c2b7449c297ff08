package io.cosd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketCrossOriginConfiguration;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.CORSRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console (docs/console.md) driven in headless Chromium through WebDriver, as a user would:
 * typing, clicking, choosing a file. Every effect is read back through the COS Java SDK, and every
 * request the console makes is one it signed in the page (q-sign, WebCrypto), so these tests also
 * prove the browser's signatures verify. Screenshots of each page go to {@code target/console-screenshots},
 * or to {@code docs/console} with {@code -Dcosd.console.screenshots=docs/console} (docs/console.md
 * "Screenshots").
 */
@CosdServer
class ConsoleBrowserTest {
    static final Path SHOTS = Path.of(System.getProperty("cosd.console.screenshots", "target/console-screenshots"));

    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static Chromium chromium;
    static Path downloads;

    @BeforeAll
    static void browser() throws Exception {
        downloads = Files.createTempDirectory("cosd-console-downloads");
        chromium = new Chromium(downloads);
        chromium.windowSize(1200, 800);
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
    }

    @BeforeEach
    void signedOut() throws Exception {
        chromium.open(console(""));
        chromium.execute("sessionStorage.clear();");
    }

    static String console(String fragment) {
        return "http://127.0.0.1:" + env.port() + "/-/console/" + fragment;
    }

    private static void signIn(String id, String key) throws Exception {
        chromium.open(console("#/"));
        chromium.type("#secret-id", id);
        chromium.type("#secret-key", key);
        chromium.click("#sign-in");
        chromium.find("#buckets table, #buckets .empty, #buckets .error");
    }

    /** Polls a script's truthy value for up to 10 s (the page updates after its API calls). */
    private static JsonNode waitFor(String expression) throws Exception {
        JsonNode v = null;
        for (int i = 0; i < 100; i++) {
            v = chromium.execute("return " + expression + ";");
            if (v != null && !v.isNull() && !(v.isBoolean() && !v.asBoolean()) && !(v.isTextual() && v.asText().isEmpty())) return v;
            Thread.sleep(100);
        }
        throw new AssertionError("the page never showed: " + expression + "; status line: "
                + chromium.execute("return document.getElementById('status').textContent;"));
    }

    /** The text of the first element matching {@code css}, once there is one. */
    private static String text(String css) throws Exception {
        chromium.find(css);
        return chromium.execute("return document.querySelector(arguments[0])?.textContent ?? null;", css).asText();
    }

    @Test
    void aUserSignsInCreatesAVersionedBucketUploadsAFileAndDownloadsItThroughTheUi() throws Exception {
        String b = E2e.bucket("console-flow");
        chromium.open(console("#/"));
        chromium.find("#secret-id");
        chromium.screenshot(SHOTS.resolve("sign-in.png"));
        signIn(E2e.SECRET_ID, E2e.SECRET_KEY);
        assertThat(text("h1")).isEqualTo("Buckets");
        assertThat(chromium.execute("return sessionStorage.length;").asInt()).isEqualTo(1);

        chromium.type("#new-bucket", b);
        chromium.click("#new-bucket-versioning");
        chromium.click("#create-bucket");
        chromium.find("tr[data-bucket='" + b + "']");
        assertThat(cos.doesBucketExist(b)).isTrue();
        assertThat(cos.getBucketVersioningConfiguration(b).getStatus()).isEqualTo(BucketVersioningConfiguration.ENABLED);
        chromium.screenshot(SHOTS.resolve("buckets.png"));

        chromium.click("tr[data-bucket='" + b + "'] a");
        assertThat(text("#objects .empty")).contains("This bucket is empty");
        Path file = Files.createTempDirectory("cosd-console-upload").resolve("hello world.txt");
        Files.writeString(file, "hello from the console\n");
        chromium.type("#upload-file", file.toAbsolutePath().toString());
        chromium.click("#upload");
        chromium.find("tr[data-key='hello world.txt']");
        waitFor("document.querySelector('#upload-progress li.done')");
        try (var in = cos.getObject(b, "hello world.txt").getObjectContent()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello from the console\n");
        }
        chromium.screenshot(SHOTS.resolve("objects.png"));

        // Download: a presigned GET with response-content-disposition=attachment, saved by the browser.
        chromium.click("tr[data-key='hello world.txt'] button[aria-label^='Download']");
        Path saved = downloads.resolve("hello world.txt");
        for (int i = 0; i < 100 && !Files.exists(saved); i++) Thread.sleep(100);
        assertThat(Files.readString(saved)).isEqualTo("hello from the console\n");

        // A presigned link with an expiry, fetched outside the browser.
        chromium.click("tr[data-key='hello world.txt'] button[aria-label^='Link']");
        chromium.click("#link-make");
        String url = waitFor("document.getElementById('link-url').value").asText();
        assertThat(url).contains("q-signature=");
        HttpResponse<String> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo("hello from the console\n");
    }

    @Test
    void theVersioningEditorSavesFromTheFormAndFromTheXmlAndTheCosSdkReadsItBack() throws Exception {
        String b = E2e.bucket("console-versioning");
        cos.createBucket(b);
        signIn(E2e.SECRET_ID, E2e.SECRET_KEY);
        chromium.open(console("#/b/" + b + "/versioning"));
        chromium.click("input[name='versioning-status'][value='Enabled']");
        chromium.click("#versioning-save");
        waitFor("document.getElementById('versioning-state').textContent === 'Saved.'");
        assertThat(cos.getBucketVersioningConfiguration(b).getStatus()).isEqualTo(BucketVersioningConfiguration.ENABLED);
        chromium.screenshot(SHOTS.resolve("versioning.png"));

        chromium.open(console("#/b/" + b + "/versioning"));
        chromium.click("#versioning-mode-xml");
        assertThat(chromium.execute("return document.getElementById('versioning-xml').value;").asText())
                .isEqualTo("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>");
        chromium.clear("#versioning-xml");
        chromium.type("#versioning-xml", "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>");
        chromium.click("#versioning-save");
        waitFor("document.getElementById('versioning-state').textContent === 'Saved.'");
        assertThat(cos.getBucketVersioningConfiguration(b).getStatus()).isEqualTo(BucketVersioningConfiguration.SUSPENDED);
    }

    @Test
    void theCorsEditorSavesARuleTheCosSdkReadsBackAndTheXmlViewShowsWhatWasSent() throws Exception {
        String b = E2e.bucket("console-cors");
        cos.createBucket(b);
        signIn(E2e.SECRET_ID, E2e.SECRET_KEY);
        chromium.open(console("#/b/" + b + "/cors"));
        assertThat(text("#cors-state")).isEqualTo("No CORS configuration yet.");
        chromium.click("#cors-add-rule");
        chromium.type(".rule [name=ID]", "app");
        chromium.type(".rule [name=AllowedOrigin]", "https://app.example.com\nhttps://*.example.org");
        chromium.click(".rule [name=AllowedMethod][value=PUT]");
        chromium.type(".rule [name=AllowedHeader]", "x-cos-meta-*");
        chromium.type(".rule [name=ExposeHeader]", "ETag");
        chromium.type(".rule [name=MaxAgeSeconds]", "600");
        chromium.screenshot(SHOTS.resolve("cors.png"));
        chromium.click("#cors-save");
        waitFor("document.getElementById('cors-state').textContent === 'Saved.'");

        BucketCrossOriginConfiguration read = cos.getBucketCrossOriginConfiguration(b);
        assertThat(read.getRules()).hasSize(1);
        CORSRule r = read.getRules().get(0);
        assertThat(r.getId()).isEqualTo("app");
        assertThat(r.getAllowedOrigins()).containsExactly("https://app.example.com", "https://*.example.org");
        assertThat(r.getAllowedMethods()).containsExactly(CORSRule.AllowedMethods.GET, CORSRule.AllowedMethods.PUT);
        assertThat(r.getAllowedHeaders()).containsExactly("x-cos-meta-*");
        assertThat(r.getExposedHeaders()).containsExactly("ETag");
        assertThat(r.getMaxAgeSeconds()).isEqualTo(600);

        // Reopened, the page shows the saved rule; its XML view is the document the server holds.
        chromium.open(console("#/b/" + b + "/cors"));
        assertThat(chromium.execute("return document.querySelector('.rule [name=AllowedOrigin]').value;").asText())
                .isEqualTo("https://app.example.com\nhttps://*.example.org");
        chromium.click("#cors-mode-xml");
        assertThat(chromium.execute("return document.getElementById('cors-xml').value;").asText())
                .contains("<AllowedOrigin>https://*.example.org</AllowedOrigin>", "<MaxAgeSeconds>600</MaxAgeSeconds>");
    }

    @Test
    void aRuleTheServerRefusesShowsItsCodeAndMessageAndMarksTheFieldItNames() throws Exception {
        String b = E2e.bucket("console-cors-bad");
        cos.createBucket(b);
        signIn(E2e.SECRET_ID, E2e.SECRET_KEY);
        chromium.open(console("#/b/" + b + "/cors"));
        chromium.click("#cors-add-rule");
        chromium.type(".rule [name=AllowedOrigin]", "https://*.*.example.com");
        chromium.click("#cors-save");
        JsonNode status = waitFor("document.querySelector('#status .error')?.textContent");
        assertThat(status.asText()).contains("InvalidRequest", "can not have more than one wildcard");
        assertThat(chromium.execute("return document.querySelector('.rule [name=AllowedOrigin]').getAttribute('aria-invalid');").asText())
                .isEqualTo("true");
        assertThat(chromium.execute("return document.activeElement.name;").asText()).isEqualTo("AllowedOrigin");
        assertThat(cos.getBucketCrossOriginConfiguration(b)).isNull();
    }

    @Test
    void aSubUserWithoutPermissionsIsShownAccessDeniedForTheBucketListAndForABucket() throws Exception {
        String b = E2e.bucket("console-denied");
        cos.createBucket(b);
        String uin = "100000000451";
        assertThat(E2e.admin(env.dir, "user", "add", "--uin", uin, "--name", "console-" + uin).code()).isZero();
        Matcher k = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(E2e.admin(env.dir, "key", "create", "--uin", uin).out());
        assertThat(k.find()).isTrue();
        signIn(k.group(1), k.group(2));
        assertThat(text("#buckets .error")).startsWith("Access denied");
        chromium.type("#open-bucket", b);
        chromium.click("#open-bucket + button");
        assertThat(waitFor("document.querySelector('#tab-body .error')?.textContent").asText()).startsWith("Access denied");
        assertThat(text("#status")).contains("Access denied");
    }

    @Test
    void aWrongSecretKeyIsRefusedWithTheServersCodeAndNothingIsKept() throws Exception {
        chromium.open(console("#/"));
        chromium.type("#secret-id", E2e.SECRET_ID);
        chromium.type("#secret-key", "not-the-key");
        chromium.click("#sign-in");
        assertThat(waitFor("document.querySelector('#status .error')?.textContent").asText()).contains("SignatureDoesNotMatch");
        assertThat(chromium.execute("return sessionStorage.length;").asInt()).isZero();
        assertThat(text("h1")).isEqualTo("Sign in");
    }
}
