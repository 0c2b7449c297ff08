package io.cosd.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code cosd ...} as a real process (io.cosd.app.Main on this JVM's class path) to its end. */
final class CosdProcess {
    record Result(int exit, String out, String err) {
        /** stderr without blank lines. */
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private CosdProcess() {}

    /**
     * A {@code cosd serve} left running, with stdout and stderr merged in arrival order. Uses the
     * production logback.xml (target/classes), not the tests' one, so its output is what an operator sees.
     */
    static final class Running implements AutoCloseable {
        final Process process;
        final Path output;

        private Running(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        String output() throws IOException { return Files.readString(output, StandardCharsets.UTF_8); }

        /** Waits for a line containing {@code text}; fails if the process ends first or after 60 s. */
        String awaitLine(String text) throws IOException, InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end) {
                for (String line : output().lines().toList()) if (line.contains(text)) return line;
                if (!process.isAlive()) throw new AssertionError("cosd ended (exit " + process.exitValue() + ") without printing " + text + ":\n" + output());
                Thread.sleep(50);
            }
            throw new AssertionError("cosd did not print " + text + " within 60 s:\n" + output());
        }

        /** The port of a {@code serve --port 0}, from its "listening on http://host:port " line (printed after start-up cleanup). */
        int port() throws IOException, InterruptedException {
            String line = awaitLine("listening on http://");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("listening on http://[^ ]*:(\\d+) ").matcher(line);
            if (!m.find()) throw new AssertionError("no port in: " + line);
            return Integer.parseInt(m.group(1));
        }

        /** SIGTERM, as Ctrl-C or a service manager stops it; waits for the end. */
        @Override
        public void close() throws IOException, InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
            Files.deleteIfExists(output);
        }
    }

    /**
     * {@code cosd serve} on a random port of 127.0.0.1 over {@code dataDir} with E2e's root account and S3 bucket
     * names, holding every write to a key under {@code cosd-test-pause/} for {@code pauseMs} between its
     * authorization and its commit (service/CommitPause): the window of the delete-and-re-create races.
     * The pause ends early once {@code release} exists (create it when the race is set up).
     */
    static Running serveWithCommitPause(Path dataDir, long pauseMs, Path release) throws IOException {
        Map<String, String> env = Map.of("COSD_ROOT_UIN", E2e.UIN, "COSD_APPID", E2e.APPID, "COSD_ROOT_SECRET_ID", E2e.SECRET_ID,
                "COSD_ROOT_SECRET_KEY", E2e.SECRET_KEY, "COSD_TEST_PAUSE_BEFORE_COMMIT_MS", Long.toString(pauseMs),
                "COSD_TEST_PAUSE_RELEASE_FILE", release.toString());
        return start(env, "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", dataDir.toString(), "--bucket-names", "s3");
    }

    static Running start(Map<String, String> env, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path logback = Path.of("target", "classes", "logback.xml").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx128m",
                "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"), "io.cosd.app.Main"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("cosd-run", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        return new Running(pb.start(), out);
    }

    static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx128m", "-cp", System.getProperty("java.class.path"), "io.cosd.app.Main"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("cosd-out", ".txt"), err = Files.createTempFile("cosd-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("cosd " + String.join(" ", args) + " did not end within 60 s (it should have refused to start)");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
