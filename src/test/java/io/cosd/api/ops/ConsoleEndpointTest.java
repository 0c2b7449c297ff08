package io.cosd.api.ops;

import io.cosd.api.error.ApiException;
import io.cosd.api.http.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The console's file serving (docs/console.md "Serving", CON-S1..S5), on the files packaged in the jar. */
class ConsoleEndpointTest {
    private final ConsoleEndpoint on = ConsoleEndpoint.on();

    private static String header(Response r, String name) {
        return r.headers().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static void refused(ConsoleEndpoint c, String path, boolean query, String code) {
        assertThatThrownBy(() -> c.serve(path, query, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo(code));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "/-/console/           | text/html; charset=utf-8",
            "/-/console/index.html | text/html; charset=utf-8",
            "/-/console/app.js     | text/javascript; charset=utf-8",
            "/-/console/qsign.js   | text/javascript; charset=utf-8",
            "/-/console/style.css  | text/css; charset=utf-8",
            "/-/console/icon.svg   | image/svg+xml",
    })
    void eachFileIsServedWithTheContentTypeOfItsExtensionAndNosniff_CON_S2(String path, String type) {
        Response r = on.serve(path.trim(), false, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo(type.trim());
        assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(((Response.Bytes) r.body()).data()).isNotEmpty();
    }

    @Test
    void everyFileCarriesAStrictContentSecurityPolicyAndNoReferrer_CON_S3() {
        Response r = on.serve("/-/console/", false, null);
        String csp = header(r, "Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'",
                "base-uri 'none'", "form-action 'none'");
        assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
        assertThat(header(r, "Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(header(r, "X-Frame-Options")).isEqualTo("DENY");
        // No inline script or style in the page, so the policy needs no exception for it.
        String html = new String(((Response.Bytes) r.body()).data(), StandardCharsets.UTF_8);
        assertThat(html).doesNotContain("<script>", "style=", "<style", "onclick", "http://", "https://");
    }

    @Test
    void anUnchangedFileIsA304AndEveryAnswerSaysRevalidate_CON_S4() {
        Response r = on.serve("/-/console/app.js", false, null);
        String etag = header(r, "ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(header(r, "Cache-Control")).isEqualTo("no-cache");
        Response again = on.serve("/-/console/app.js", false, etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isInstanceOf(Response.Empty.class);
        assertThat(on.serve("/-/console/app.js", false, "\"other\"").status()).isEqualTo(200);
    }

    @Test
    void theBarePathRedirectsToTheDirectorySoRelativeLinksResolve() {
        Response r = on.serve("/-/console", false, null);
        assertThat(r.status()).isEqualTo(301);
        assertThat(header(r, "Location")).isEqualTo("/-/console/");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/-/console/../health", "/-/console/..%2Fhealth", "/-/console/%2e%2e/x.js", "/-/console/a/app.js",
            "/-/console//app.js", "/-/console/.app.js", "/-/console/APP.JS", "/-/console/app.js/", "/-/console/app",
            "/-/console/app.js.map", "/-/console/app.class", "/-/console/..", "/-/console/missing.js",
            "/-/console/app.js%00.html", "/-/console/app\\x.js",
    })
    void aNameThatIsNotOnePlainFileOfAKnownTypeIsNotFoundBeforeTheClasspathIsAsked_CON_S1(String path) {
        refused(on, path, false, "NoSuchKey");
    }

    @Test
    void theClasspathIsOnlyAskedForNamesUnderTheConsoleDirectory_CON_S1() {
        var asked = new java.util.ArrayList<String>();
        var loader = new ClassLoader(null) {
            @Override
            public java.io.InputStream getResourceAsStream(String name) {
                asked.add(name);
                return null;
            }
        };
        var c = new ConsoleEndpoint(true, loader);
        for (String p : List.of("/-/console/x.js", "/-/console/../x.js", "/-/console/a/../../x.js", "/-/console/")) {
            refused(c, p, false, "NoSuchKey");
        }
        assertThat(asked).containsExactly("console/x.js", "console/index.html");
    }

    /**
     * ST-V3: console files need no credentials, so anyone can ask for any name the CON-S1 pattern
     * admits (37^64 of them per extension). A name that is not packaged was remembered as missing,
     * forever: one unauthenticated client could grow the heap without bound. Only files that exist are
     * kept in memory; a missing name is looked up again (a classpath lookup) and forgotten.
     */
    @Test
    void namesThatAreNotPackagedAreNotRememberedSoNoClientCanGrowMemory_ST_V3() {
        var c = ConsoleEndpoint.on();
        c.serve("/-/console/index.html", false, null);
        c.serve("/-/console/app.js", false, null);
        for (int i = 0; i < 5_000; i++) refused(c, "/-/console/missing-" + i + ".js", false, "NoSuchKey");
        assertThat(c.remembered()).isEqualTo(2);
        assertThat(c.serve("/-/console/app.js", false, null).status()).isEqualTo(200);
    }

    @Test
    void aQueryIsRefusedNotIgnored_CON_S5() {
        refused(on, "/-/console/", true, "InvalidArgument");
    }

    @Test
    void offEveryConsolePathIsNotFound_CON_S5() {
        for (String p : List.of("/-/console", "/-/console/", "/-/console/index.html", "/-/console/app.js")) {
            refused(ConsoleEndpoint.off(), p, false, "NoSuchKey");
        }
    }

    @Test
    void theSettingIsOnOrOffAndAnythingElseIsRefused() {
        assertThat(ConsoleEndpoint.enabled(null)).isTrue();
        assertThat(ConsoleEndpoint.enabled("")).isTrue();
        assertThat(ConsoleEndpoint.enabled("on")).isTrue();
        assertThat(ConsoleEndpoint.enabled(" OFF ")).isFalse();
        assertThatThrownBy(() -> ConsoleEndpoint.enabled("false")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("on or off");
    }
}
