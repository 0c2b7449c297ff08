package io.cosd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketCrossOriginConfiguration;
import com.qcloud.cos.model.CORSRule;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST Object from a real browser (docs/post-object.md): headless Chromium on a page of another origin
 * submits an HTML form to cosd (a navigation, followed through the 303 of success_action_redirect
 * back to the page's origin) and posts the same kind of form with fetch() and FormData, which the
 * bucket's CORS rule lets the page read.
 */
@CosdServer
class PostObjectBrowserTest {
    static final String B = E2e.bucket("browser-forms");
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static HttpServer page;
    static int pagePort;
    static Chromium chromium;
    static final CompletableFuture<String> redirected = new CompletableFuture<>();

    @BeforeAll
    static void fixtures() throws Exception {
        cos.createBucket(B);
        page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        page.createContext("/", ex -> {
            if (ex.getRequestURI().getPath().equals("/done")) redirected.complete(ex.getRequestURI().getRawQuery());
            byte[] html = "<!doctype html><html><head><title>upload page</title></head><body>upload page</body></html>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, html.length);
            ex.getResponseBody().write(html);
            ex.close();
        });
        page.start();
        pagePort = page.getAddress().getPort();
        cos.setBucketCrossOriginConfiguration(B, new BucketCrossOriginConfiguration(List.of(CorsConfigApiTest.cosRule("forms",
                List.of("http://localhost:" + pagePort), List.of(CORSRule.AllowedMethods.POST), List.of("*"), List.of("ETag"), 0))));
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
        if (page != null) page.stop(0);
    }

    /** Builds a form with the given fields and an in-memory file, then submits it (navigation) or posts it with fetch. */
    static final String SUBMIT = """
            const [action, fields, filename, content, useFetch, done] = arguments;
            const form = document.createElement('form');
            form.action = action; form.method = 'post'; form.enctype = 'multipart/form-data';
            for (const [k, v] of Object.entries(fields)) {
              const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; form.appendChild(i);
            }
            const f = document.createElement('input'); f.type = 'file'; f.name = 'file';
            const dt = new DataTransfer(); dt.items.add(new File([content], filename, {type: 'text/plain'})); f.files = dt.files;
            form.appendChild(f);
            document.body.appendChild(form);
            if (!useFetch) { done({origin: location.origin}); setTimeout(() => form.submit(), 0); return; }
            fetch(action, {method: 'POST', body: new FormData(form)})
              .then(async r => done({origin: location.origin, ok: true, status: r.status, etag: r.headers.get('ETag'), text: await r.text()}))
              .catch(e => done({origin: location.origin, ok: false, error: String(e)}));
            """;

    @Test
    void aBrowserFormOnAnotherOriginUploadsAndFollowsTheRedirect_AUTH_P1() throws Exception {
        String done = "http://localhost:" + pagePort + "/done";
        String p = PostObjectE2eTest.policy(B, Instant.now().plusSeconds(600), "[\"starts-with\",\"$key\",\"browser/\"]",
                "{\"success_action_redirect\":\"" + done + "\"}");
        Map<String, String> fields = PostObjectE2eTest.qSigned(p, PostObjectE2eTest.fields("key", "browser/${filename}",
                "success_action_redirect", done));
        chromium.open("http://localhost:" + pagePort + "/");
        JsonNode r = chromium.executeAsync(SUBMIT, env.endpoint() + "/" + B, fields, "form.txt", "sent by a form", false);
        assertThat(r.path("origin").asText()).isEqualTo("http://localhost:" + pagePort);
        String query = redirected.get(60, TimeUnit.SECONDS);
        assertThat(query).startsWith("bucket=" + B + "&key=browser%2Fform.txt&etag=%22");
        assertThat(E2e.text(cos, B, "browser/form.txt")).isEqualTo("sent by a form");
    }

    @Test
    void fetchWithFormDataFromAnAllowedOriginReadsTheExposedEtag_AUTH_P1() throws Exception {
        String p = PostObjectE2eTest.policy(B, Instant.now().plusSeconds(600), "{\"key\":\"browser/fetched.txt\"}",
                "{\"success_action_status\":\"201\"}");
        Map<String, String> fields = PostObjectE2eTest.qSigned(p, PostObjectE2eTest.fields("key", "browser/fetched.txt",
                "success_action_status", "201"));
        chromium.open("http://localhost:" + pagePort + "/");
        JsonNode r = chromium.executeAsync(SUBMIT, env.endpoint() + "/" + B, fields, "x.txt", "sent by fetch", true);
        assertThat(r.path("ok").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("status").asInt()).as(r.toString()).isEqualTo(201);
        assertThat(r.path("etag").asText()).startsWith("\"");
        assertThat(r.path("text").asText()).contains("<Key>browser/fetched.txt</Key>");
        assertThat(E2e.text(cos, B, "browser/fetched.txt")).isEqualTo("sent by fetch");
    }
}
