package io.cosd.api.ops;

import io.cosd.api.dialect.Addressing;
import io.cosd.api.route.Operation;

import java.util.List;
import java.util.Map;

/**
 * Keeps stored bytes from running in the web console's origin (docs/console.md "One origin for the
 * console", docs/security.md CON-O1..CON-O4).
 *
 * <p>The console is served at {@code /-/console/} on every host that is not a bucket's virtual host
 * (CON-O1: the Router makes cosd's own paths path style only). There, path-style object URLs
 * ({@code /<bucket>/<key>}, presigned ones included) share the console's origin, and an object's
 * Content-Type is whatever its writer or a {@code response-content-type} chose: an HTML page or an SVG
 * with script would run as a document of that origin, read the console's {@code localStorage} and
 * {@code sessionStorage}, and script a console window it opens or frames. So while the console is on,
 * every answer on such a host other than the console's own files carries (CON-O2):
 * <ul>
 *   <li>{@code Content-Security-Policy: sandbox}, with no {@code allow-*} token. A sandboxed document
 *       gets an opaque origin (no {@code allow-same-origin}), so it cannot reach the console's storage,
 *       cookies or windows; it runs no script ({@code allow-scripts} would let a page fetch and phish on
 *       the console's URL even without the origin), submits no form (a static page could still post a
 *       SecretKey typed into a fake sign-in form), opens no popup and cannot navigate its top window.
 *       Static HTML, images, media and text still show; an attachment still downloads.</li>
 *   <li>{@code X-Content-Type-Options: nosniff}: a browser renders the declared type and never
 *       guesses HTML from the bytes of, say, {@code application/octet-stream}.</li>
 * </ul>
 * The header goes on every answer, not only GetObject's: errors, listings and any future operation
 * are covered by construction, and an API client ignores both headers. Virtual-hosted answers keep
 * plain S3 behaviour (CON-O3): each bucket host is its own origin, without the console, so a static
 * site is served there as S3 serves it. With {@code --console=off} nothing is added (CON-O4).
 */
public final class ConsoleOrigin {
    /** The two headers of CON-O2, in the order they are sent. */
    public static final List<Map.Entry<String, String>> SANDBOX = List.of(
            Map.entry("Content-Security-Policy", "sandbox"),
            Map.entry("X-Content-Type-Options", "nosniff"));

    private ConsoleOrigin() {}

    /**
     * Whether an answer gets {@link #SANDBOX} (CON-O2..O4): a pure function of what the request was.
     *
     * @param consoleOn whether the console is served ({@code --console})
     * @param target    where the request went; null when it failed before its host was read (then it
     *                  is treated as the console's host: an error body that is sandboxed loses nothing)
     * @param op        the routed operation; null when it failed before routing
     * @param status    the answer's status: the console's own files (200, 301, 304) carry their own
     *                  stricter policy (CON-S3) and must not get a second one, which would block their
     *                  scripts; a console path's error is an ordinary error body
     */
    public static boolean sandboxes(boolean consoleOn, Addressing.Target target, Operation op, int status) {
        if (!consoleOn) return false; // CON-O4: no console, no origin to protect
        if (target != null && target.virtualHosted()) return false; // CON-O3: the bucket's own origin
        return op != Operation.CONSOLE || status >= 400;
    }
}
