package io.cosd.api.ops;

import io.cosd.api.core.Request;
import io.cosd.api.error.ErrorCode;
import io.cosd.api.http.Response;
import io.cosd.api.route.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code GET|HEAD /-/console/<file>}: the web console's static files, read from the classpath
 * ({@code console/} inside the jar; nothing is fetched from elsewhere, so air-gapped sites work).
 * The console is a client of the public API that signs in the browser (docs/console.md): these
 * files hold no data and need no credentials, like {@code /-/health}.
 *
 * <p>Rules (docs/console.md "Serving", CON-S1..S5):
 * <ul>
 *   <li>CON-S1: a file name is one path segment of lower-case letters, digits and hyphens with one
 *       known extension; anything else (a slash, {@code ..}, a percent sign, a dot file, an unknown
 *       type) is 404 before the classpath is asked, so no name can reach another resource;</li>
 *   <li>CON-S2: the content type comes from that extension, with {@code nosniff};</li>
 *   <li>CON-S3: every file carries a strict Content-Security-Policy (scripts, styles and fetches
 *       from this origin only, no inline script, no frames), {@code Referrer-Policy: no-referrer}
 *       (a presigned link must not leak to another site) and {@code X-Frame-Options: DENY};</li>
 *   <li>CON-S4: {@code Cache-Control: no-cache} with a strong ETag of the bytes, so an upgraded
 *       cosd is seen at once and an unchanged file costs a 304;</li>
 *   <li>CON-S5: a query is refused (400), never ignored; the console keeps its state in the URL's
 *       fragment, which is never sent. {@code --console=off} answers 404 for every console path.</li>
 * </ul>
 * GET and HEAD only: the Router refuses other methods (405).
 */
public final class ConsoleEndpoint {
    static final String ROOT = "console/";
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.(html|js|css|svg|png)");
    static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private record Asset(byte[] bytes, String type, String etag) {}

    private final boolean on;
    private final ClassLoader loader;
    /** Packaged files only (ST-V3): never a name that was asked for and not found. */
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    ConsoleEndpoint(boolean on, ClassLoader loader) {
        this.on = on;
        this.loader = loader;
    }

    /** Serves the files packaged with cosd. */
    public static ConsoleEndpoint on() {
        return new ConsoleEndpoint(true, ConsoleEndpoint.class.getClassLoader());
    }

    /**
     * {@code --console on|off} or COSD_CONSOLE (the flag wins; default on). Anything else is refused,
     * never read as one of them.
     */
    public static boolean enabled(String setting) {
        if (setting == null || setting.isBlank()) return true;
        return switch (setting.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("--console / COSD_CONSOLE must be on or off, not " + setting.trim());
        };
    }

    /** {@code --console=off}: every console path is 404. */
    public static ConsoleEndpoint off() {
        return new ConsoleEndpoint(false, ConsoleEndpoint.class.getClassLoader());
    }

    public Response serve(Request rc) {
        return serve(rc.target().rawPath(), !rc.target().rawQuery().isEmpty(), rc.header("If-None-Match"));
    }

    /** Whether the console is served: then stored bytes on its host are sandboxed (ConsoleOrigin, CON-O2). */
    public boolean isOn() {
        return on;
    }

    /** How many files are held in memory (tests: ST-V3). */
    int remembered() {
        return cache.size();
    }

    Response serve(String rawPath, boolean hasQuery, String ifNoneMatch) {
        if (!on) throw ErrorCode.NO_SUCH_KEY.exception("The console is off on this server (--console=off).");
        if (hasQuery) throw ErrorCode.INVALID_ARGUMENT.exception("The console's files take no query parameters.");
        // The bare path: relative links in index.html need the trailing slash.
        if (rawPath.equals(Router.CONSOLE)) return secured(Response.status(301).header("Location", Router.CONSOLE + "/")).empty();
        String name = rawPath.substring(Router.CONSOLE.length() + 1);
        if (name.isEmpty()) name = "index.html";
        Asset a = NAME.matcher(name).matches() ? asset(name) : null; // CON-S1
        if (a == null) throw ErrorCode.NO_SUCH_KEY.exception("No such console file.");
        boolean unchanged = ifNoneMatch != null && ifNoneMatch.contains(a.etag); // CON-S4
        var r = secured(Response.status(unchanged ? 304 : 200)).header("ETag", a.etag).header("Cache-Control", "no-cache");
        return unchanged ? r.empty() : r.bytes(a.bytes, a.type);
    }

    /** CON-S2, CON-S3: the headers every console answer carries. */
    private static Response.Builder secured(Response.Builder b) {
        return b.header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Cross-Origin-Opener-Policy", "same-origin");
    }

    /**
     * The packaged file, kept in memory once read. ST-V3: a name that is not packaged is not
     * remembered: anyone may ask for any of the names CON-S1 admits, so remembering misses would let
     * one unauthenticated client grow the heap without bound. Only packaged files are ever kept.
     */
    private Asset asset(String name) {
        Asset a = cache.get(name);
        if (a != null) return a;
        Optional<Asset> loaded = load(name);
        if (loaded.isEmpty()) return null;
        Asset prior = cache.putIfAbsent(name, loaded.get());
        return prior != null ? prior : loaded.get();
    }

    private Optional<Asset> load(String name) {
        try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
            if (in == null) return Optional.empty();
            byte[] bytes = in.readAllBytes();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16) + "\"";
            return Optional.of(new Asset(bytes, TYPES.get(ext), etag));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
