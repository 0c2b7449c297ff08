package io.cosd.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The README's client recipes ("Pointing clients at cosd") as the tests run them: each fenced block
 * that follows a {@code <!-- recipe: NAME -->} line is taken verbatim, with only the README's
 * placeholders (endpoint, bucket, keys) replaced, so the README cannot drift from what is tested.
 */
final class Recipes {
    static final Path ROOT = Path.of(System.getProperty("user.dir"));
    static final String README_ENDPOINT = "127.0.0.1:9000";
    static final String README_BUCKET = "photos-1251234567";

    record Result(int exit, String out, String err) {
        String both() { return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err; }
    }

    private Recipes() {}

    /** The fenced block after {@code <!-- recipe: name -->} in README.md, without its fences. */
    static String block(String name) throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String marker = "<!-- recipe: " + name + " -->\n";
        int at = readme.indexOf(marker);
        if (at < 0) throw new AssertionError("README.md has no recipe marked " + marker.strip());
        int open = readme.indexOf("```", at + marker.length());
        if (open != at + marker.length()) throw new AssertionError("no code block right after " + marker.strip());
        int body = readme.indexOf('\n', open) + 1;
        int close = readme.indexOf("\n```", body);
        return readme.substring(body, close + 1);
    }

    /** The README's placeholders replaced by this server, this test's bucket and the e2e keys. */
    static String fill(String text, int port, String bucket) {
        return text.replace(README_ENDPOINT, "127.0.0.1:" + port)
                .replace(README_BUCKET, bucket)
                .replace("<SecretId>", E2e.SECRET_ID)
                .replace("<SecretKey>", E2e.SECRET_KEY);
    }

    /**
     * The tool on PATH. When it is missing the test fails (never skips) with the install command, as
     * BrowserCorsTest does for chromium.
     */
    static Path tool(String command, String debianPackage) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, command);
            if (Files.isExecutable(p)) return p;
        }
        throw new AssertionError("The README's client recipes need `" + command + "`: apt-get install -y " + debianPackage
                + " (scripts/test-deps.sh, which ./run-tests runs first, installs it)");
    }

    /**
     * Runs {@code cmd} in {@code dir} with HOME = {@code home} (so ~/.s3cfg and ~/.config/rclone are the
     * test's files) and $SID/$SKEY set as the README's shell and Node recipes read them. AWS_* and
     * proxy variables are removed: only the recipe's own configuration counts (and rclone 1.60 fails
     * on AWS_CA_BUNDLE, see README).
     */
    static Result run(Path dir, Path home, List<String> cmd) throws IOException, InterruptedException {
        return run(dir, home, cmd, Map.of());
    }

    static Result run(Path dir, Path home, List<String> cmd, Map<String, String> extraEnv) throws IOException, InterruptedException {
        Path out = Files.createTempFile("recipe-out", ".txt"), err = Files.createTempFile("recipe-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_") || k.toLowerCase(Locale.ROOT).endsWith("_proxy") || k.startsWith("RCLONE_"));
            env.put("HOME", home.toString());
            env.put("SID", E2e.SECRET_ID);
            env.put("SKEY", E2e.SECRET_KEY);
            env.putAll(extraEnv);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not end within 120 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** A README shell block run by bash with -e, so the first failing command fails the recipe. */
    static Result bash(Path dir, Path home, String script) throws IOException, InterruptedException {
        return run(dir, home, List.of(tool("bash", "bash").toString(), "-euo", "pipefail", "-c", script));
    }
}
