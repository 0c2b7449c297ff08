package io.cosd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cosd.app.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stored HTML page that tries to read the console's secrets, opened in headless Chromium
 * (docs/console.md "One origin for the console", docs/security.md CON-O1..CON-O4). Its script puts
 * what it could read into its own title: the console's {@code localStorage} and {@code sessionStorage}
 * (where the signed-in SecretKey lives), {@code fetch('/-/console/')}, and the DOM of the console
 * opened in an iframe. On the console's host it runs no script at all and its document's origin is
 * opaque; the same page from a server with {@code --console=off} shows that the probe does read a
 * same-origin page's storage; on a bucket's virtual host it runs in the bucket's own origin, which
 * holds nothing of the console's and serves no console.
 */
@CosdServer
class ConsoleOriginBrowserTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    static Chromium chromium;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BUCKET = E2e.bucket("origin-browser");

    /** Reads what it can of its origin and of the console, and writes it into its own title. */
    static final String PROBE = """
            <!doctype html><html><head><meta charset="utf-8"><title>not run</title></head><body><p>a stored page</p>
            <script>
            (async () => {
              const out = {ran: true, origin: String(window.origin)};
              const all = s => { const o = {}; for (let i = 0; i < s.length; i++) o[s.key(i)] = s.getItem(s.key(i)); return o; };
              try { out.local = all(localStorage); } catch (e) { out.local = 'refused ' + e.name; }
              try { out.session = all(sessionStorage); } catch (e) { out.session = 'refused ' + e.name; }
              try {
                const r = await fetch('/-/console/');
                out.fetched = r.status + ' ' + (await r.text()).slice(0, 300);
              } catch (e) { out.fetched = 'refused ' + e.name; }
              out.frame = await new Promise(done => {
                const f = document.createElement('iframe');
                const t = setTimeout(() => done('no load'), 3000);
                f.onload = () => {
                  clearTimeout(t);
                  try {
                    const d = f.contentDocument;
                    done(d ? 'read ' + d.documentElement.outerHTML.slice(0, 300) : 'no document');
                  } catch (e) { done('refused ' + e.name); }
                };
                f.src = '/-/console/';
                document.body.append(f);
              });
              document.title = JSON.stringify(out);
            })();
            </script></body></html>
            """;

    /** {@code *.myqcloud.com} resolves to loopback, so a bucket's virtual host reaches this server. */
    @BeforeAll
    static void browserAndPage() throws Exception {
        chromium = new Chromium(null, List.of("--host-resolver-rules=MAP *.myqcloud.com 127.0.0.1"));
        s3.createBucket(r -> r.bucket(BUCKET));
        storePage(s3, BUCKET);
    }

    static void storePage(S3Client client, String bucket) {
        client.putObject(r -> r.bucket(bucket).key("site/probe.html").contentType("text/html").acl(ObjectCannedACL.PUBLIC_READ),
                RequestBody.fromString(PROBE));
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
    }

    /** Signs in to the console as a user does: the SecretKey is then in this tab's sessionStorage. */
    private static void signInAndKeepAnUploadRecord(String origin) throws Exception {
        chromium.open(origin + "/-/console/");
        chromium.execute("sessionStorage.clear(); localStorage.clear();"); // signed out, whichever test ran before
        chromium.open(origin + "/-/console/#/");
        chromium.type("#secret-id", E2e.SECRET_ID);
        chromium.type("#secret-key", E2e.SECRET_KEY);
        chromium.click("#sign-in");
        chromium.find("#buckets table, #buckets .empty, #buckets .error");
        assertThat(chromium.execute("return JSON.stringify(Object.assign({}, sessionStorage));").asText()).contains(E2e.SECRET_KEY);
        chromium.execute("localStorage.setItem('probe-upload-record', 'upload-id-of-the-console');");
    }

    /** The probe's report, once its title changed from "not run" (or "not run" after 6 s: it never ran). */
    private static String titleAfterTheProbe() throws Exception {
        String t = chromium.title();
        for (int i = 0; i < 60 && t.equals("not run"); i++) {
            Thread.sleep(100);
            t = chromium.title();
        }
        return t;
    }

    @Test
    void aStoredPageOnTheConsolesHostRunsNoScriptSoItReadsNeitherTheConsolesStorageNorItsPage_CON_O2() throws Exception {
        String origin = "http://127.0.0.1:" + env.port();
        signInAndKeepAnUploadRecord(origin);
        // the same tab: were the page of the console's origin, the tab's sessionStorage would be its own
        chromium.open(origin + "/" + BUCKET + "/site/probe.html");
        String title = titleAfterTheProbe();
        assertThat(title).isEqualTo("not run");
        assertThat(title).doesNotContain(E2e.SECRET_KEY).doesNotContain("upload-id-of-the-console");
        // the page itself still shows, as static HTML
        assertThat(chromium.execute("return document.body.textContent;").asText()).contains("a stored page");
        // and even the driver's own script finds an opaque origin there, with no access to the storage
        assertThat(chromium.execute("return String(window.origin);").asText()).isEqualTo("null");
        assertThat(chromium.execute("try { localStorage.length; return 'read'; } catch (e) { return e.name; }").asText())
                .isEqualTo("SecurityError");
        // back in the console, the user is still signed in and nothing was changed
        chromium.open(origin + "/-/console/#/");
        assertThat(chromium.execute("return localStorage.getItem('probe-upload-record');").asText()).isEqualTo("upload-id-of-the-console");
    }

    @Test
    void withTheConsoleOffTheSameProbeRunsAndReadsItsOriginsStorageSoTheSandboxIsWhatStopsIt_CON_O4() throws Exception {
        try (E2e off = new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000, List.of()),
                Map.of("COSD_CONSOLE", "off")); S3Client offS3 = off.s3()) {
            String b = E2e.bucket("origin-off");
            offS3.createBucket(r -> r.bucket(b));
            storePage(offS3, b);
            String origin = "http://127.0.0.1:" + off.port();
            chromium.open(origin + "/-/health");
            chromium.execute("sessionStorage.setItem('planted', 'session-secret'); localStorage.setItem('planted', 'local-secret');");
            chromium.open(origin + "/" + b + "/site/probe.html");
            JsonNode report = JSON.readTree(titleAfterTheProbe());
            assertThat(report.path("ran").asBoolean()).isTrue();
            assertThat(report.path("origin").asText()).isEqualTo(origin);
            assertThat(report.path("session").path("planted").asText()).isEqualTo("session-secret");
            assertThat(report.path("local").path("planted").asText()).isEqualTo("local-secret");
            assertThat(report.path("fetched").asText()).startsWith("404"); // no console here to read
            assertThat(report.path("frame").asText()).startsWith("read "); // a same-origin frame's DOM is readable
        }
    }

    @Test
    void onABucketsVirtualHostThePageRunsInTheBucketsOwnOriginWhichHoldsNoConsole_CON_O1_CON_O3() throws Exception {
        String consoleOrigin = "http://127.0.0.1:" + env.port();
        signInAndKeepAnUploadRecord(consoleOrigin);
        String bucketOrigin = "http://" + E2e.cosHost(BUCKET) + ":" + env.port();
        // /-/console/ on the bucket host is the object API's answer, never the console
        chromium.open(bucketOrigin + "/-/console/");
        assertThat(chromium.title()).isNotEqualTo("cosd console");
        // (an anonymous read of a key the bucket does not hold: AccessDenied, in the browser's XML viewer)
        assertThat(chromium.execute("return document.querySelector('#secret-id') === null && document.documentElement.textContent;").asText())
                .contains("AccessDenied").doesNotContain("app.js");
        // the page itself is served as S3 serves it: it runs, in the bucket's origin, seeing nothing of the console's
        chromium.open(bucketOrigin + "/site/probe.html");
        JsonNode report = JSON.readTree(titleAfterTheProbe());
        assertThat(report.path("ran").asBoolean()).isTrue();
        assertThat(report.path("origin").asText()).isEqualTo(bucketOrigin);
        assertThat(report.path("local").toString()).isEqualTo("{}");
        assertThat(report.path("session").toString()).isEqualTo("{}");
        assertThat(report.path("fetched").asText()).startsWith("403").contains("<Code>AccessDenied</Code>").doesNotContain("app.js");
        assertThat(report.path("frame").asText()).contains("AccessDenied").doesNotContain("app.js");
        assertThat(report.toString()).doesNotContain(E2e.SECRET_KEY);
    }
}
