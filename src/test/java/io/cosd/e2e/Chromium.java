package io.cosd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium driven through chromedriver with the W3C WebDriver HTTP protocol over the JDK
 * HttpClient: no Selenium, no driver download. Debian's chromium and chromium-driver must be
 * installed (scripts/test-deps.sh, run by ./run-tests, installs them); when they are missing the test
 * fails, it does not skip.
 */
final class Chromium implements AutoCloseable {
    static final Path BROWSER = Path.of(System.getProperty("cosd.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("cosd.chromedriver", "/usr/bin/chromedriver"));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process driver;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String session;

    Chromium() throws Exception {
        this(null);
    }

    /** As above; downloads go to {@code downloads} without asking (null: the browser's default). */
    Chromium(Path downloads) throws Exception {
        this(downloads, List.of());
    }

    /** As above, with more command-line switches for the browser (e.g. {@code --host-resolver-rules=…}). */
    Chromium(Path downloads, List<String> extraArgs) throws Exception {
        for (Path p : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new AssertionError("The CORS browser test needs " + p + " (Debian packages chromium and chromium-driver; "
                        + "scripts/test-deps.sh, run by ./run-tests, installs them): apt-get install -y chromium chromium-driver");
            }
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        driver = new ProcessBuilder(DRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        base = "http://127.0.0.1:" + port;
        try {
            awaitReady();
            var args = new java.util.ArrayList<>(List.of(
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--no-first-run", "--disable-extensions"));
            args.addAll(extraArgs);
            var options = new java.util.HashMap<String, Object>(Map.of("binary", BROWSER.toString(), "args", args));
            if (downloads != null) {
                options.put("prefs", Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
                        "download.prompt_for_download", false));
            }
            var caps = Map.of("capabilities", Map.of("alwaysMatch", Map.of(
                    "browserName", "chrome",
                    "goog:loggingPrefs", Map.of("browser", "ALL"),
                    "goog:chromeOptions", options)));
            session = call("POST", "/session", caps).get("sessionId").asText();
            // implicit: finding an element waits up to 10 s for it to appear (pages render after their API calls)
            call("POST", "/session/" + session + "/timeouts", Map.of("script", 30_000, "pageLoad", 30_000, "implicit", 10_000));
        } catch (Exception | AssertionError e) {
            driver.destroyForcibly();
            throw e;
        }
    }

    /** Polls /status until chromedriver answers ready (it starts in well under a second). */
    private void awaitReady() throws Exception {
        Exception last = null;
        for (int i = 0; i < 1200; i++) { // 60 s: chromedriver starts slowly on a loaded machine
            if (!driver.isAlive()) throw new AssertionError("chromedriver exited with status " + driver.exitValue());
            try {
                if (call("GET", "/status", null).path("ready").asBoolean()) return;
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("chromedriver did not become ready", last);
    }

    void open(String url) throws Exception {
        call("POST", "/session/" + session + "/url", Map.of("url", url));
    }

    /** The current page's title, read by the driver (it works on a page that runs no script). */
    String title() throws Exception {
        return call("GET", "/session/" + session + "/title", null).asText();
    }

    /** Runs an async script; its last argument is the callback. Returns what the script passed to it. */
    JsonNode executeAsync(String script, Object... args) throws Exception {
        return call("POST", "/session/" + session + "/execute/async", Map.of("script", script, "args", Arrays.asList(args)));
    }

    /** Runs a synchronous script and returns its value. */
    JsonNode execute(String script, Object... args) throws Exception {
        return call("POST", "/session/" + session + "/execute/sync", Map.of("script", script, "args", Arrays.asList(args)));
    }

    /** {@link #waitFor(String, Duration)} with 30 s: a bound on a stuck page, not a speed claim (a loaded machine needs more than 10). */
    JsonNode waitFor(String expression) throws Exception {
        return waitFor(expression, Duration.ofSeconds(30));
    }

    /**
     * The value of a script expression once it is truthy (not null, false or empty text), polled every
     * 100 ms for up to {@code within}: pages update after their API calls. On time-out the assertion
     * names the expression and the console's status line.
     */
    JsonNode waitFor(String expression, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            JsonNode v = execute("return " + expression + ";");
            if (v != null && !v.isNull() && !(v.isBoolean() && !v.asBoolean()) && !(v.isTextual() && v.asText().isEmpty())) return v;
            if (System.nanoTime() >= deadline) break;
            Thread.sleep(100);
        }
        throw new AssertionError("the page never showed: " + expression + "; status line: "
                + execute("return document.getElementById('status')?.textContent;"));
    }

    /** The first element matching a CSS selector, waiting up to the implicit timeout for it. */
    String find(String css) throws Exception {
        return call("POST", "/session/" + session + "/element", Map.of("using", "css selector", "value", css))
                .elements().next().asText(); // {"element-6066-…": id}, the W3C element reference
    }

    /** Clicks the element as a user would (WebDriver moves the pointer to it). */
    void click(String css) throws Exception {
        call("POST", "/session/" + session + "/element/" + find(css) + "/click", Map.of());
    }

    /** Types into the element (for a file input: the path of the file to choose). */
    void type(String css, String text) throws Exception {
        call("POST", "/session/" + session + "/element/" + find(css) + "/value", Map.of("text", text));
    }

    void clear(String css) throws Exception {
        call("POST", "/session/" + session + "/element/" + find(css) + "/clear", Map.of());
    }

    /** The browser console's messages since the last call (chromedriver's log endpoint), one per line. */
    List<String> consoleLog() throws Exception {
        var out = new java.util.ArrayList<String>();
        for (JsonNode e : call("POST", "/session/" + session + "/se/log", Map.of("type", "browser"))) {
            out.add(e.path("level").asText() + " " + e.path("message").asText());
        }
        return out;
    }

    /** Accepts the page's confirm() dialog. */
    void acceptDialog() throws Exception {
        call("POST", "/session/" + session + "/alert/accept", Map.of());
    }

    void windowSize(int width, int height) throws Exception {
        call("POST", "/session/" + session + "/window/rect", Map.of("width", width, "height", height));
    }

    /** A PNG of the viewport. */
    void screenshot(Path png) throws Exception {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, java.util.Base64.getDecoder().decode(call("GET", "/session/" + session + "/screenshot", null).asText()));
    }

    private JsonNode call(String method, String path, Object body) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(90));
        if (body == null) b.method(method, HttpRequest.BodyPublishers.noBody());
        else b.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).header("Content-Type", "application/json");
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode value = JSON.readTree(r.body()).path("value");
        if (r.statusCode() != 200) throw new AssertionError("WebDriver " + method + " " + path + " failed: " + r.statusCode() + " " + value);
        return value;
    }

    @Override
    public void close() {
        try {
            if (session != null) call("DELETE", "/session/" + session, null);
        } catch (Exception ignored) {
            // the driver is killed below anyway
        } finally {
            driver.destroy();
            try {
                if (!driver.waitFor(10, TimeUnit.SECONDS)) driver.destroyForcibly();
            } catch (InterruptedException e) {
                driver.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
