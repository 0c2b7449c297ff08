package io.cosd.e2e;

import io.cosd.app.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A second reader's check of docs/console.md "One origin for the console" (docs/security.md
 * CON-O1..CON-O3) over the ways a Host can be spelled: upper case, a port, a trailing dot, a service
 * host, the bare {@code --domain-suffix}, and an {@code X-Forwarded-Host} that cosd does not read.
 * The invariant is the one the browser needs: on any host where {@code /-/console/} is the console,
 * every answer carrying stored or user-chosen bytes is sandboxed; on a host where such an answer is
 * not sandboxed, {@code /-/console/} is never the console. The console decision (Router) and the
 * sandbox decision (ConsoleOrigin) read the same Target, so each host falls wholly on one side.
 */
class ConsoleOriginHostsE2eTest {
    static final String SUFFIX = "cos.local.test";
    static final String BUCKET = E2e.bucket("origin-hosts");
    static final String PAGE = "<!doctype html><script>document.title = 'ran'</script>";
    /** A key that spells a stylesheet instruction and an XHTML script: a listing must keep it text. */
    static final String XML_KEY = "list/<?xml-stylesheet type=\"text/xsl\" href=\"t.xsl\"?><h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">";
    static E2e env;
    static S3Client s3;

    @BeforeAll
    static void serverWithADomainSuffix() throws Exception {
        env = new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(SUFFIX), 120_000, List.of()));
        s3 = env.s3();
        s3.createBucket(r -> r.bucket(BUCKET).acl(BucketCannedACL.PUBLIC_READ));
        s3.putObject(r -> r.bucket(BUCKET).key("site/evil.html").contentType("text/html").acl(ObjectCannedACL.PUBLIC_READ),
                RequestBody.fromString(PAGE));
        s3.putObject(r -> r.bucket(BUCKET).key(XML_KEY).contentType("text/plain"), RequestBody.fromString("x"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) s3.close();
        if (env != null) env.close();
    }

    private static RawHttp.Reply get(String host, String target, Map<String, String> more) throws Exception {
        var h = new HashMap<>(more);
        h.put("Host", host);
        return RawHttp.send(env.port(), "GET", target, h, null);
    }

    private static boolean isTheConsole(RawHttp.Reply r) {
        String csp = r.header("Content-Security-Policy");
        return r.status() == 200 && csp != null && csp.startsWith("default-src 'none'") && r.text().contains("app.js");
    }

    private static boolean sandboxed(RawHttp.Reply r) {
        return "sandbox".equals(r.header("Content-Security-Policy")) && r.count("Content-Security-Policy") == 1
                && "nosniff".equals(r.header("X-Content-Type-Options"));
    }

    @Test
    void whereverTheConsoleIsServedStoredPagesAreSandboxedAndWhereTheyAreNotThereIsNoConsole_CON_O1_CON_O2_CON_O3() throws Exception {
        int p = env.port();
        String cos = E2e.cosHost(BUCKET);
        String suffixHost = BUCKET + "." + SUFFIX;
        // host as sent -> whether it is the bucket's virtual host (else path style, where the console lives)
        var hosts = new java.util.LinkedHashMap<String, Boolean>();
        hosts.put("127.0.0.1:" + p, false);
        hosts.put("LOCALHOST:" + p, false);
        hosts.put("localhost.:" + p, false);
        hosts.put("cos." + E2e.REGION + ".myqcloud.com", false);          // the COS service host
        hosts.put("service.cos." + E2e.REGION + ".myqcloud.com", false);
        hosts.put(SUFFIX + ":" + p, false);                               // the bare suffix names no bucket
        hosts.put("www." + SUFFIX, false);                                 // not <name>-<APPID> under COS naming
        hosts.put(cos + ".", false);                                       // a trailing dot is another host, path style
        hosts.put(suffixHost + ".:" + p, false);
        hosts.put(cos, true);
        hosts.put(cos.toUpperCase(Locale.ROOT) + ":" + p, true);
        hosts.put(cos + ":80", true);
        hosts.put(suffixHost + ":" + p, true);
        hosts.put(suffixHost.toUpperCase(Locale.ROOT), true);
        hosts.forEach((host, virtual) -> {
            try {
                var console = get(host, "/-/console/", Map.of());
                var pathPage = get(host, "/" + BUCKET + "/site/evil.html", Map.of());
                var pathMissing = get(host, "/" + BUCKET + "/site/missing.html", Map.of());
                var virtualPage = get(host, "/site/evil.html", Map.of());
                assertThat(isTheConsole(console)).as("%s serves the console", host).isEqualTo(!virtual);
                if (virtual) {
                    assertThat(virtualPage.status()).as(host).isEqualTo(200);
                    assertThat(virtualPage.text()).as(host).isEqualTo(PAGE);
                    assertThat(virtualPage.header("Content-Security-Policy")).as(host).isNull(); // CON-O3: the bucket's own origin
                } else {
                    assertThat(pathPage.status()).as(host).isEqualTo(200);
                    assertThat(pathPage.text()).as(host).isEqualTo(PAGE);
                    for (var r : List.of(pathPage, pathMissing, virtualPage)) {
                        assertThat(sandboxed(r)).as("%s: %d %s", host, r.status(), r.text()).isTrue(); // CON-O2
                    }
                }
            } catch (Exception e) {
                throw new AssertionError(host, e);
            }
        });
    }

    @Test
    void xForwardedHostDecidesNeitherTheConsoleNorTheSandbox_CON_O1_CON_O2() throws Exception {
        String consoleHost = "127.0.0.1:" + env.port();
        String cos = E2e.cosHost(BUCKET);
        // the Host header alone decides: a forwarded bucket host does not lift the sandbox on the console's host ...
        var onConsoleHost = get(consoleHost, "/" + BUCKET + "/site/evil.html", Map.of("X-Forwarded-Host", cos));
        assertThat(onConsoleHost.status()).isEqualTo(200);
        assertThat(sandboxed(onConsoleHost)).isTrue();
        assertThat(isTheConsole(get(consoleHost, "/-/console/", Map.of("X-Forwarded-Host", cos)))).isTrue();
        // ... and a forwarded console host does not bring the console to a bucket's host
        assertThat(isTheConsole(get(cos, "/-/console/", Map.of("X-Forwarded-Host", consoleHost)))).isFalse();
    }

    @Test
    void aListingWhoseKeySpellsAStylesheetAndAScriptKeepsThemAsTextAndIsSandboxedOnTheConsolesHost_CON_O2() throws Exception {
        var path = get("127.0.0.1:" + env.port(), "/" + BUCKET + "?prefix=list/", Map.of());
        assertThat(path.status()).as(path.text()).isEqualTo(200);
        assertThat(path.header("Content-Type")).startsWith("application/xml");
        assertThat(sandboxed(path)).isTrue();
        var virtual = get(E2e.cosHost(BUCKET), "/?prefix=list/", Map.of());
        assertThat(virtual.status()).isEqualTo(200);
        for (var r : List.of(path, virtual)) {
            // the only processing instruction is the declaration; the key is escaped character data
            String body = r.text();
            assertThat(body).contains("&lt;?xml-stylesheet").doesNotContain("<?xml-stylesheet").doesNotContain("<h:script");
            assertThat(body.indexOf("<?")).isEqualTo(body.lastIndexOf("<?"));
        }
    }

    @Test
    void aRefusedPostObjectFormEchoesNothingRunnableAndIsSandboxedOnTheConsolesHost_CON_O2() throws Exception {
        // what a form on another site could post to the console's host: no policy, a key that is markup
        String boundary = "b0undary";
        String form = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"key\"\r\n\r\n<script>alert(1)</script>\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"success_action_status\"\r\n\r\n201\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.html\"\r\n"
                + "Content-Type: text/html\r\n\r\n" + PAGE + "\r\n--" + boundary + "--\r\n";
        var r = RawHttp.send(env.port(), "POST", "/" + BUCKET, Map.of("Host", "127.0.0.1:" + env.port(),
                "Content-Type", "multipart/form-data; boundary=" + boundary), form.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.text()).isGreaterThanOrEqualTo(400); // the bucket is not public-write
        assertThat(sandboxed(r)).isTrue();
        assertThat(r.text()).doesNotContain("<script");
    }
}
