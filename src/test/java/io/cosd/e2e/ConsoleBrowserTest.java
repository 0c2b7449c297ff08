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
import java.time.Duration;
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
        chromium.consoleLog(); // drained: each test reads only its own messages
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

    /** The text of the first element matching {@code css}, once there is one. */
    private static String text(String css) throws Exception {
        chromium.find(css);
        return chromium.execute("return document.querySelector(arguments[0])?.textContent ?? null;", css).asText();
    }

    /** Opens a bucket's editor tab, which says the bucket has no such configuration yet ({@code empty}). */
    private static void openEditor(String bucket, String tab, String empty) throws Exception {
        chromium.open(console("#/b/" + bucket + "/" + tab));
        assertThat(text("#" + tab + "-state")).isEqualTo(empty);
    }

    /** Types into the first rule's fields, as a user fills the form: name, value, name, value, … */
    private static void fillRule(String... nameValue) throws Exception {
        for (int i = 0; i < nameValue.length; i += 2) chromium.type(".rule [name=" + nameValue[i] + "]", nameValue[i + 1]);
    }

    /** Saves the editor's document and waits for the page to say so. */
    private static void save(String tab) throws Exception {
        chromium.click("#" + tab + "-save");
        chromium.waitFor("document.getElementById('" + tab + "-state').textContent === 'Saved.'");
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
        chromium.waitFor("document.querySelector('#upload-progress li.done')");
        try (var in = cos.getObject(b, "hello world.txt").getObjectContent()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello from the console\n");
        }
        chromium.screenshot(SHOTS.resolve("objects.png"));

        // Download: a presigned GET with response-content-disposition=attachment, saved by the browser.
        chromium.click("tr[data-key='hello world.txt'] button[aria-label^='Download']");
        Path saved = downloads.resolve("hello world.txt");
        for (int i = 0; i < 600 && !Files.exists(saved); i++) Thread.sleep(100); // 60 s: a bound on a stuck browser
        assertThat(Files.readString(saved)).isEqualTo("hello from the console\n");

        // A presigned link with an expiry, fetched outside the browser.
        chromium.click("tr[data-key='hello world.txt'] button[aria-label^='Link']");
        chromium.click("#link-make");
        String url = chromium.waitFor("document.getElementById('link-url').value").asText();
        assertThat(url).contains("q-signature=");
        HttpResponse<String> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo("hello from the console\n");

        // CON-S3: the whole flow ran under the Content-Security-Policy without one violation or script error.
        chromium.execute("console.info('log-probe');"); // the log is read, so an empty one would not pass unseen
        var log = chromium.consoleLog();
        assertThat(log).anyMatch(l -> l.contains("log-probe"));
        // An API error answer is logged as a failed resource load; anything else SEVERE is a script error.
        assertThat(log).noneMatch(l -> l.contains("Content Security Policy")
                || (l.startsWith("SEVERE") && !l.contains("Failed to load resource: the server responded with a status of")));
    }

    @Test
    void theBucketListShowsEachBucketsVersioningObjectCountAndSize() throws Exception {
        String b = E2e.bucket("console-stats");
        cos.createBucket(b);
        for (int i = 0; i < 3; i++) cos.putObject(b, "dir/k" + i, "x".repeat(1000));
        signIn(E2e.SECRET_ID, E2e.SECRET_KEY);
        String row = "tr[data-bucket='" + b + "']";
        chromium.waitFor("document.querySelector(\"" + row + " .size\").textContent !== '…'");
        assertThat(text(row + " .versioning")).isEqualTo("Off");
        assertThat(text(row + " .count")).isEqualTo("3");
        assertThat(text(row + " .size")).isEqualTo("2.9 KiB");
    }

    @Test
    void theVersioningEditorSavesFromTheFormAndFromTheXmlAndTheCosSdkReadsItBack() throws Exception {
        String b = E2e.bucket("console-versioning");
        cos.createBucket(b);
        signIn(E2e.SECRET_ID, E2e.SECRET_KEY);
        chromium.open(console("#/b/" + b + "/versioning"));
        chromium.click("input[name='versioning-status'][value='Enabled']");
        save("versioning");
        assertThat(cos.getBucketVersioningConfiguration(b).getStatus()).isEqualTo(BucketVersioningConfiguration.ENABLED);
        chromium.screenshot(SHOTS.resolve("versioning.png"));

        chromium.open(console("#/b/" + b + "/versioning"));
        chromium.click("#versioning-mode-xml");
        assertThat(chromium.execute("return document.getElementById('versioning-xml').value;").asText())
                .isEqualTo("<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>");
        chromium.clear("#versioning-xml");
        chromium.type("#versioning-xml", "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>");
        save("versioning");
        assertThat(cos.getBucketVersioningConfiguration(b).getStatus()).isEqualTo(BucketVersioningConfiguration.SUSPENDED);
    }

    @Test
    void theCorsEditorSavesARuleTheCosSdkReadsBackAndTheXmlViewShowsWhatWasSent() throws Exception {
        String b = E2e.bucket("console-cors");
        cos.createBucket(b);
        signIn(E2e.SECRET_ID, E2e.SECRET_KEY);
        openEditor(b, "cors", "No CORS configuration yet.");
        chromium.click("#cors-add-rule");
        fillRule("ID", "app", "AllowedOrigin", "https://app.example.com\nhttps://*.example.org");
        chromium.click(".rule [name=AllowedMethod][value=PUT]");
        fillRule("AllowedHeader", "x-cos-meta-*", "ExposeHeader", "ETag", "MaxAgeSeconds", "600");
        chromium.screenshot(SHOTS.resolve("cors.png"));
        save("cors");

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
    void theLifecycleEditorSavesARuleTheCosSdkReadsBackAndThePreviewShowsWhatAPassWouldExpire() throws Exception {
        String b = E2e.bucket("console-lifecycle");
        cos.createBucket(b);
        cos.putObject(b, "logs/a.log", "aaaa");
        cos.putObject(b, "keep/b.txt", "bb");
        signIn(E2e.SECRET_ID, E2e.SECRET_KEY);
        openEditor(b, "lifecycle", "No Lifecycle configuration yet.");
        chromium.click("#lifecycle-add-rule");
        fillRule("id", "logs", "prefix", "logs/", "expirationDays", "30", "abortDays", "7");
        save("lifecycle");

        var rules = cos.getBucketLifecycleConfiguration(b).getRules();
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).getId()).isEqualTo("logs");
        assertThat(rules.get(0).getStatus()).isEqualTo("Enabled");
        assertThat(rules.get(0).getExpirationInDays()).isEqualTo(30);
        assertThat(rules.get(0).getAbortIncompleteMultipartUpload().getDaysAfterInitiation()).isEqualTo(7);
        assertThat(((com.qcloud.cos.model.lifecycle.LifecyclePrefixPredicate) rules.get(0).getFilter().getPredicate()).getPrefix())
                .isEqualTo("logs/");

        // The dry run of the saved rules, 31 days ahead: the one object under logs/ expires.
        chromium.clear("#preview-at");
        chromium.type("#preview-at", "+31d");
        chromium.click("#preview-run");
        chromium.waitFor("document.querySelector('#preview-result table')");
        assertThat(text("#preview-result tbody tr")).isEqualTo("logsexpire14 B");
        assertThat(text("#preview-result ul")).isEqualTo("expire: logs/a.log");
        chromium.execute("document.getElementById('preview-result').scrollIntoView();");
        chromium.screenshot(SHOTS.resolve("lifecycle.png"));
    }

    @Test
    void thePolicyEditorSavesADenyTheCosSdkReadsBackAndExplainShowsTheDenyWithItsStatement() throws Exception {
        String b = E2e.bucket("console-policy");
        cos.createBucket(b);
        signIn(E2e.SECRET_ID, E2e.SECRET_KEY);
        openEditor(b, "policy", "No Policy configuration yet.");
        chromium.click("#policy-add-statement");
        chromium.type(".rule [name=sid]", "no-secrets");
        chromium.execute("const s = document.querySelector('.rule [name=effect]'); s.value = 'deny';");
        fillRule("principals", "qcs::cam::anyone:anyone", "actions", "name/cos:GetObject", "resources", "qcs::cos:" + E2e.REGION + ":uid/" + E2e.APPID + ":" + b + "/secret/*");
        save("policy");

        var saved = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cos.getBucketPolicy(b).getPolicyText());
        JsonNode st = saved.path("Statement").get(0);
        assertThat(st.path("Sid").asText()).isEqualTo("no-secrets");
        assertThat(st.path("Effect").asText()).isEqualTo("deny");
        assertThat(st.path("Principal").path("qcs").get(0).asText()).isEqualTo("qcs::cam::anyone:anyone");
        assertThat(st.path("Action").get(0).asText()).isEqualTo("name/cos:GetObject");

        chromium.type("#explain-key", "secret/plan.txt");
        chromium.click("#explain-run");
        assertThat(text("#explain-verdict")).startsWith("DENIED");
        assertThat(text("#explain-statement")).contains("bucket policy", "no-secrets");
        chromium.execute("document.getElementById('explain-result').scrollIntoView();");
        chromium.screenshot(SHOTS.resolve("policy.png"));
    }

    @Test
    void theVersionsViewListsVersionsAndDeleteMarkersAndDeletesOneVersionPermanently() throws Exception {
        String b = E2e.bucket("console-versions");
        cos.createBucket(b);
        cos.setBucketVersioningConfiguration(new com.qcloud.cos.model.SetBucketVersioningConfigurationRequest(b,
                new BucketVersioningConfiguration(BucketVersioningConfiguration.ENABLED)));
        String v1 = cos.putObject(b, "doc.txt", "one").getVersionId();
        String v2 = cos.putObject(b, "doc.txt", "two").getVersionId();
        cos.deleteObject(b, "doc.txt");
        signIn(E2e.SECRET_ID, E2e.SECRET_KEY);
        chromium.open(console("#/b/" + b + "/objects"));
        assertThat(text("#objects .empty")).contains("This bucket is empty");
        chromium.click("#toggle-versions");
        chromium.find("#versions");
        assertThat(chromium.execute("return Array.from(document.querySelectorAll('#versions tbody tr'), "
                + "r => r.children[2].textContent + ' ' + r.dataset.version).join('|');").asText())
                .matches("delete marker \\(latest\\) \\S+\\|version " + v2 + "\\|version " + v1);
        chromium.screenshot(SHOTS.resolve("versions.png"));

        chromium.click("tr[data-version='" + v1 + "'] button[aria-label^='Delete']");
        chromium.acceptDialog();
        chromium.waitFor("!document.querySelector(\"tr[data-version='" + v1 + "']\") && document.querySelectorAll('#versions tbody tr').length === 2");
        var left = cos.listVersions(b, "").getVersionSummaries();
        assertThat(left).extracting(com.qcloud.cos.model.COSVersionSummary::getVersionId).doesNotContain(v1).contains(v2);
    }

    @Test
    void theReplicationEditorSavesARuleTheCosSdkReadsBackAndTheStatusMovesToCompleted() throws Exception {
        String src = E2e.bucket("console-rep-src"), dst = E2e.bucket("console-rep-dst");
        for (String b : new String[] {src, dst}) {
            cos.createBucket(b);
            cos.setBucketVersioningConfiguration(new com.qcloud.cos.model.SetBucketVersioningConfigurationRequest(b,
                    new BucketVersioningConfiguration(BucketVersioningConfiguration.ENABLED)));
        }
        signIn(E2e.SECRET_ID, E2e.SECRET_KEY);
        openEditor(src, "replication", "No Replication configuration yet.");
        // The Role defaults to the signed-in account's owner id (ListBuckets' Owner/ID).
        assertThat(chromium.waitFor("document.getElementById('replication-role').value").asText())
                .isEqualTo("qcs::cam::uin/" + E2e.UIN + ":uin/" + E2e.UIN);
        chromium.click("#replication-add-rule");
        fillRule("id", "to-dst", "prefix", "docs/", "bucket", "qcs::cos:" + E2e.REGION + "::" + dst);
        save("replication");
        var rules = cos.getBucketReplicationConfiguration(src).getRules();
        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).getID()).isEqualTo("to-dst");
        assertThat(rules.get(0).getPrefix()).isEqualTo("docs/");
        assertThat(rules.get(0).getDestinationConfig().getBucketQCS()).isEqualTo("qcs::cos:" + E2e.REGION + "::" + dst);

        cos.putObject(src, "docs/a.txt", "replicate me");
        chromium.click("#replication-refresh"); // then the panel refreshes itself while the object is PENDING
        chromium.waitFor("document.querySelector(\"#replication-status tr[data-key='docs/a.txt'] .rep-completed\")");
        assertThat(cos.getObjectMetadata(dst, "docs/a.txt").getContentLength()).isEqualTo(12);
        chromium.execute("document.getElementById('replication-status').scrollIntoView();");
        chromium.screenshot(SHOTS.resolve("replication.png"));
    }

    /**
     * A file over 8 MiB goes up in 5 MiB parts; one whose upload was begun before (its upload id kept in
     * localStorage, as a reload leaves it) sends only the parts the server does not have yet.
     */
    @Test
    void aLargeFileGoesUpInPartsAndAnUploadBegunBeforeAReloadResumesWithTheMissingParts() throws Exception {
        String b = E2e.bucket("console-multipart");
        cos.createBucket(b);
        byte[] data = new byte[12 * 1024 * 1024 + 123];
        new java.util.Random(7).nextBytes(data);
        Path dir = Files.createTempDirectory("cosd-console-large");
        Path big = Files.write(dir.resolve("big.bin"), data);
        signIn(E2e.SECRET_ID, E2e.SECRET_KEY);
        chromium.open(console("#/b/" + b + "/objects"));
        chromium.type("#upload-file", big.toAbsolutePath().toString());
        chromium.click("#upload");
        chromium.waitFor("document.querySelector('#upload-progress li.done')", Duration.ofSeconds(60));
        var meta = cos.getObjectMetadata(b, "big.bin");
        assertThat(meta.getContentLength()).isEqualTo(data.length);
        assertThat(meta.getETag()).endsWith("-3");
        assertThat(chromium.execute("return Object.keys(localStorage).length;").asInt()).isZero();

        // Part 1 of "resume.bin" was stored before the page was reloaded.
        Path again = Files.write(dir.resolve("resume.bin"), data);
        String uploadId = cos.initiateMultipartUpload(new com.qcloud.cos.model.InitiateMultipartUploadRequest(b, "resume.bin")).getUploadId();
        var part = new com.qcloud.cos.model.UploadPartRequest();
        part.setBucketName(b);
        part.setKey("resume.bin");
        part.setUploadId(uploadId);
        part.setPartNumber(1);
        part.setPartSize(5 * 1024 * 1024);
        part.setInputStream(new java.io.ByteArrayInputStream(data, 0, 5 * 1024 * 1024));
        cos.uploadPart(part);
        chromium.execute("localStorage.setItem(arguments[0], arguments[1]);",
                "cosd.console.upload:" + b + "/resume.bin:" + data.length + ":" + Files.getLastModifiedTime(again).toMillis(), uploadId);
        chromium.open(console("#/b/" + b + "/objects?prefix="));
        chromium.type("#upload-file", again.toAbsolutePath().toString());
        chromium.click("#upload");
        chromium.waitFor("document.querySelectorAll('#upload-progress li.done').length === 1", Duration.ofSeconds(60));
        assertThat(text("#upload-progress li")).contains("resuming: 1 of 3 parts already uploaded");
        try (var in = cos.getObject(b, "resume.bin").getObjectContent()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(cos.listMultipartUploads(new com.qcloud.cos.model.ListMultipartUploadsRequest(b)).getMultipartUploads()).isEmpty();
    }

    @Test
    void theDetailsShowAnObjectsMetadataAndSaveItsTagsAndNewMetadataAsTheCosSdkReadsThem() throws Exception {
        String b = E2e.bucket("console-details");
        cos.createBucket(b);
        var md = new com.qcloud.cos.model.ObjectMetadata();
        md.setContentType("text/markdown");
        md.addUserMetadata("author", "alice");
        cos.putObject(b, "notes.md", new java.io.ByteArrayInputStream("# notes".getBytes(StandardCharsets.UTF_8)), md);
        signIn(E2e.SECRET_ID, E2e.SECRET_KEY);
        chromium.open(console("#/b/" + b + "/objects"));
        chromium.click("tr[data-key='notes.md'] button[aria-label^='Details']");
        assertThat(text("#details table")).contains("text/markdown", "x-cos-meta-author", "alice", "STANDARD");
        chromium.type("#tags", "team=web\nstage=draft");
        chromium.click("#tags-save");
        chromium.waitFor("document.querySelector('#status .ok')");
        var tags = cos.getObjectTagging(new com.qcloud.cos.model.GetObjectTaggingRequest(b, "notes.md")).getTagSet();
        assertThat(tags).extracting(t -> t.getKey() + "=" + t.getValue()).containsExactlyInAnyOrder("team=web", "stage=draft");
        chromium.screenshot(SHOTS.resolve("details.png"));

        // Metadata replaced by a copy onto itself; the tags stay.
        chromium.clear("#meta-type");
        chromium.type("#meta-type", "text/plain");
        chromium.clear("#meta-user");
        chromium.type("#meta-user", "author=bob\nreviewed=yes");
        chromium.click("#meta-save");
        chromium.waitFor("document.getElementById('status').textContent.includes('Metadata of notes.md saved')");
        var after = cos.getObjectMetadata(b, "notes.md");
        assertThat(after.getContentType()).isEqualTo("text/plain");
        assertThat(after.getUserMetadata()).containsOnly(java.util.Map.entry("author", "bob"), java.util.Map.entry("reviewed", "yes"));
        try (var in = cos.getObject(b, "notes.md").getObjectContent()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("# notes");
        }
        assertThat(cos.getObjectTagging(new com.qcloud.cos.model.GetObjectTaggingRequest(b, "notes.md")).getTagSet()).hasSize(2);
    }

    @Test
    void theServerPageShowsHealthAndChartsOfTheRequestCounters() throws Exception {
        signIn(E2e.SECRET_ID, E2e.SECRET_KEY);
        chromium.click("#nav-server");
        assertThat(text("#health strong")).isEqualTo("ok");
        assertThat(text("#chart-operations")).contains("LIST_BUCKETS");
        assertThat(text("#chart-statuses")).contains("200");
        assertThat(chromium.execute("return document.querySelectorAll('#chart-operations meter').length;").asInt()).isPositive();
        chromium.screenshot(SHOTS.resolve("server.png"));
    }

    /** Keyboard only (Enter submits, the focus starts in the first field) and a phone's width without sideways scrolling. */
    @Test
    void onAPhoneTheConsoleIsUsedWithTheKeyboardAndNeedsNoSidewaysScrolling() throws Exception {
        String b = E2e.bucket("console-phone");
        cos.createBucket(b);
        cos.putObject(b, "photos/2026/a-rather-long-file-name-from-a-phone-camera.jpg", "x");
        cos.putObject(b, "readme.txt", "x");
        try {
            chromium.windowSize(400, 860);
            chromium.open(console("#/"));
            assertThat(chromium.execute("return document.activeElement.id;").asText()).isEqualTo("secret-id");
            chromium.type("#secret-id", E2e.SECRET_ID);
            chromium.type("#secret-key", E2e.SECRET_KEY + "\uE007"); // Enter
            chromium.find("#buckets table");
            chromium.open(console("#/b/" + b + "/objects"));
            chromium.find("tr[data-key='readme.txt']");
            assertThat(chromium.execute("return document.documentElement.scrollWidth <= window.innerWidth;").asBoolean()).isTrue();
            chromium.screenshot(SHOTS.resolve("phone-objects.png"));
        } finally {
            chromium.windowSize(1200, 800);
        }
    }

    /** Opened in the form and saved untouched, a configuration the SDK put reads back the same through the SDK. */
    @Test
    void configurationsTheCosSdkPutSurviveASaveFromTheFormUnchanged() throws Exception {
        String b = E2e.bucket("console-roundtrip");
        cos.createBucket(b);
        cos.setBucketCrossOriginConfiguration(b, new BucketCrossOriginConfiguration(java.util.List.of(
                CorsConfigApiTest.cosRule("one", java.util.List.of("https://a.example", "http://*.b.example"),
                        java.util.List.of(CORSRule.AllowedMethods.GET, CORSRule.AllowedMethods.HEAD),
                        java.util.List.of("x-cos-meta-*", "content-type"), java.util.List.of("ETag", "x-cos-request-id"), 300),
                CorsConfigApiTest.cosRule("two", java.util.List.of("*"), java.util.List.of(CORSRule.AllowedMethods.PUT),
                        java.util.List.of(), java.util.List.of(), 0))));
        var lc = new com.qcloud.cos.model.BucketLifecycleConfiguration().withRules(
                new com.qcloud.cos.model.BucketLifecycleConfiguration.Rule().withId("logs")
                        .withFilter(new com.qcloud.cos.model.lifecycle.LifecycleFilter(new com.qcloud.cos.model.lifecycle.LifecyclePrefixPredicate("logs/")))
                        .withStatus(com.qcloud.cos.model.BucketLifecycleConfiguration.ENABLED).withExpirationInDays(90)
                        .withAbortIncompleteMultipartUpload(new com.qcloud.cos.model.AbortIncompleteMultipartUpload().withDaysAfterInitiation(3)),
                new com.qcloud.cos.model.BucketLifecycleConfiguration.Rule().withId("cold")
                        .withFilter(new com.qcloud.cos.model.lifecycle.LifecycleFilter(new com.qcloud.cos.model.lifecycle.LifecyclePrefixPredicate("")))
                        .withStatus(com.qcloud.cos.model.BucketLifecycleConfiguration.DISABLED)
                        .addTransition(new com.qcloud.cos.model.BucketLifecycleConfiguration.Transition().withDays(30)
                                .withStorageClass("STANDARD_IA")));
        cos.setBucketLifecycleConfiguration(b, lc);
        String policy = "{\"Statement\":[{\"Principal\":{\"qcs\":[\"qcs::cam::anyone:anyone\"]},\"Effect\":\"allow\","
                + "\"Action\":[\"name/cos:GetObject\"],\"Resource\":[\"qcs::cos:" + E2e.REGION + ":uid/" + E2e.APPID + ":" + b + "/pub/*\"],"
                + "\"Condition\":{\"ip_equal\":{\"qcs:ip\":[\"10.0.0.0/8\"]}}}],\"version\":\"2.0\"}";
        cos.setBucketPolicy(b, policy);
        String dst = E2e.bucket("console-roundtrip-dst");
        cos.createBucket(dst);
        for (String v : new String[] {b, dst}) {
            cos.setBucketVersioningConfiguration(new com.qcloud.cos.model.SetBucketVersioningConfigurationRequest(v,
                    new BucketVersioningConfiguration(BucketVersioningConfiguration.ENABLED)));
        }
        var rep = new com.qcloud.cos.model.SetBucketReplicationConfigurationRequest(b, ReplicationConfigApiTest.config("r1", "docs/",
                "qcs::cos:" + E2e.REGION + "::" + dst, "Standard"));
        cos.setBucketReplicationConfiguration(rep);
        var repBefore = cos.getBucketReplicationConfiguration(b);
        var versioningBefore = cos.getBucketVersioningConfiguration(b);
        var corsBefore = cos.getBucketCrossOriginConfiguration(b);
        var lcBefore = cos.getBucketLifecycleConfiguration(b);
        var policyBefore = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cos.getBucketPolicy(b).getPolicyText());

        signIn(E2e.SECRET_ID, E2e.SECRET_KEY);
        for (String tab : new String[] {"versioning", "cors", "lifecycle", "replication", "policy"}) {
            chromium.open(console("#/b/" + b + "/" + tab));
            assertThat(text("#" + tab + "-state")).as(tab).isEqualTo("Saved configuration loaded.");
            assertThat(chromium.execute("return document.getElementById(arguments[0]).getAttribute('aria-selected');", tab + "-mode-form").asText())
                    .as(tab + " opens in the form").isEqualTo("true");
            chromium.click("#" + tab + "-save");
            chromium.waitFor("document.getElementById('" + tab + "-state').textContent === 'Saved.'");
            chromium.open(console("#/"));
        }
        assertThat(cos.getBucketVersioningConfiguration(b)).usingRecursiveComparison().isEqualTo(versioningBefore);
        assertThat(cos.getBucketReplicationConfiguration(b)).usingRecursiveComparison().isEqualTo(repBefore);
        assertThat(cos.getBucketCrossOriginConfiguration(b)).usingRecursiveComparison().isEqualTo(corsBefore);
        assertThat(cos.getBucketLifecycleConfiguration(b)).usingRecursiveComparison().isEqualTo(lcBefore);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(cos.getBucketPolicy(b).getPolicyText())).isEqualTo(policyBefore);
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
        JsonNode status = chromium.waitFor("document.querySelector('#status .error')?.textContent");
        assertThat(status.asText()).contains("InvalidRequest", "can not have more than one wildcard");
        assertThat(chromium.execute("return document.querySelector('.rule [name=AllowedOrigin]').getAttribute('aria-invalid');").asText())
                .isEqualTo("true");
        assertThat(chromium.execute("return document.activeElement.name;").asText()).isEqualTo("AllowedOrigin");
        assertThat(cos.getBucketCrossOriginConfiguration(b)).isNull();
    }

    private static String[] subUser(String uin) {
        assertThat(E2e.admin(env.dir, "user", "add", "--uin", uin, "--name", "console-" + uin).code()).isZero();
        Matcher k = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(E2e.admin(env.dir, "key", "create", "--uin", uin).out());
        assertThat(k.find()).isTrue();
        return new String[] {k.group(1), k.group(2)};
    }

    @Test
    void aSubUserWithoutPermissionsIsShownAccessDeniedForTheBucketListAndForABucket() throws Exception {
        String b = E2e.bucket("console-denied");
        cos.createBucket(b);
        String[] k = subUser("100000000451");
        signIn(k[0], k[1]);
        assertThat(text("#buckets .error")).startsWith("Access denied");
        chromium.type("#open-bucket", b);
        chromium.click("#open-bucket + button");
        assertThat(chromium.waitFor("document.querySelector('#tab-body .error')?.textContent").asText()).startsWith("Access denied");
        assertThat(text("#status")).contains("Access denied");
    }

    /** A sub-user the bucket policy lets read: listing and download work, an upload and the CORS page show AccessDenied. */
    @Test
    void aSubUserWhoMayOnlyReadSeesTheObjectsAndIsShownAccessDeniedForWhatItMayNotDo() throws Exception {
        String b = E2e.bucket("console-readonly");
        cos.createBucket(b);
        cos.putObject(b, "report.txt", "quarterly");
        String uin = "100000000452";
        String[] k = subUser(uin);
        cos.setBucketPolicy(b, "{\"Statement\":[{\"Principal\":{\"qcs\":[\"qcs::cam::uin/" + E2e.UIN + ":uin/" + uin + "\"]},"
                + "\"Effect\":\"Allow\",\"Action\":[\"name/cos:GetBucket\",\"name/cos:GetObject\",\"name/cos:HeadObject\"],"
                + "\"Resource\":[\"qcs::cos:" + E2e.REGION + ":uid/" + E2e.APPID + ":" + b + "/*\"]}],\"version\":\"2.0\"}");
        signIn(k[0], k[1]);
        chromium.open(console("#/b/" + b + "/objects"));
        chromium.find("tr[data-key='report.txt']");
        Path file = Files.createTempDirectory("cosd-console-denied").resolve("new.txt");
        Files.writeString(file, "not allowed");
        chromium.type("#upload-file", file.toAbsolutePath().toString());
        chromium.click("#upload");
        assertThat(chromium.waitFor("document.querySelector('#status .error')?.textContent").asText()).startsWith("Access denied");
        assertThat(text("#upload-progress li.failed")).contains("failed: AccessDenied");
        assertThat(cos.doesObjectExist(b, "new.txt")).isFalse();
        chromium.screenshot(SHOTS.resolve("denied.png"));
        chromium.click("#tab-cors");
        assertThat(chromium.waitFor("document.querySelector('#tab-body .error')?.textContent").asText())
                .isEqualTo("Access denied: these credentials may not read this.");
    }

    @Test
    void aWrongSecretKeyIsRefusedWithTheServersCodeAndNothingIsKept() throws Exception {
        chromium.open(console("#/"));
        chromium.type("#secret-id", E2e.SECRET_ID);
        chromium.type("#secret-key", "not-the-key");
        chromium.click("#sign-in");
        assertThat(chromium.waitFor("document.querySelector('#status .error')?.textContent").asText()).contains("SignatureDoesNotMatch");
        assertThat(chromium.execute("return sessionStorage.length;").asInt()).isZero();
        assertThat(text("h1")).isEqualTo("Sign in");
    }
}
