package io.cosd.e2e;

import io.cosd.app.Config;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's files from a real server (docs/console.md "Serving"): on by default, without
 * credentials, GET and HEAD only, and {@code COSD_CONSOLE=off} (what {@code --console=off} sets) turns
 * every console path into 404 without touching the API.
 */
@CosdServer
class ConsoleServingE2eTest {
    @CosdServer.Inject static E2e env;

    private static RawHttp.Reply send(int port, String method, String path) throws Exception {
        return RawHttp.send(port, method, path, Map.of("Host", "127.0.0.1:" + port), null);
    }

    @Test
    void theConsoleIsServedByDefaultWithoutCredentialsWithItsSecurityHeaders() throws Exception {
        var r = send(env.port(), "GET", "/-/console/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(r.header("Content-Security-Policy")).startsWith("default-src 'none'");
        assertThat(r.text()).contains("<script type=\"module\" src=\"app.js\"></script>");
        var js = send(env.port(), "HEAD", "/-/console/qsign.js");
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(js.body()).isEmpty();
        var redirect = send(env.port(), "GET", "/-/console");
        assertThat(redirect.status()).isEqualTo(301);
        assertThat(redirect.header("Location")).isEqualTo("/-/console/");
    }

    @Test
    void anotherMethodATraversalOrAQueryIsRefused() throws Exception {
        assertThat(send(env.port(), "PUT", "/-/console/index.html").status()).isEqualTo(405);
        assertThat(send(env.port(), "DELETE", "/-/console/").status()).isEqualTo(405);
        var traversal = send(env.port(), "GET", "/-/console/../metrics");
        assertThat(traversal.status()).isEqualTo(404);
        assertThat(traversal.text()).contains("<Code>NoSuchKey</Code>").doesNotContain("cosd_requests_total");
        assertThat(send(env.port(), "GET", "/-/console/%2e%2e/metrics").status()).isEqualTo(404);
        assertThat(send(env.port(), "GET", "/-/console/?x=1").status()).isEqualTo(400);
    }

    @Test
    void offTheConsolePathsAreNotFoundAndTheApiStillAnswers() throws Exception {
        try (E2e off = new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000, List.of()),
                Map.of("COSD_CONSOLE", "off"))) {
            for (String p : List.of("/-/console", "/-/console/", "/-/console/app.js")) {
                var r = send(off.port(), "GET", p);
                assertThat(r.status()).as(p).isEqualTo(404);
                assertThat(r.text()).contains("--console=off");
            }
            assertThat(send(off.port(), "GET", "/-/health").status()).isEqualTo(200);
        }
    }
}
