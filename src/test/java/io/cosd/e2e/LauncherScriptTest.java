package io.cosd.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command is {@code ./cosd serve}: these tests run that very script as a process
 * (its JDK search, its java flags, its exec), not only the Main class. The script builds
 * {@code target/cosd.jar} when sources are newer; here it gets a copy of itself in a directory with
 * no sources and a thin jar whose manifest points at the classes this test run compiled, so no Maven
 * build runs inside the test.
 */
class LauncherScriptTest {
    @TempDir
    static Path root;

    @BeforeAll
    static void launcherWithAThinJar() throws IOException {
        Files.createDirectories(root.resolve("scripts"));
        Files.createDirectories(root.resolve("target"));
        Files.copy(Path.of("cosd"), root.resolve("cosd"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(Path.of("scripts", "java-env.sh"), root.resolve("scripts/java-env.sh"), StandardCopyOption.COPY_ATTRIBUTES);
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            // the production logback.xml, as an operator sees it: leave the tests' classes (and their logging setup) out
            if (entry.endsWith("test-classes") || entry.endsWith("test-classes/")) continue;
            classPath.add(Path.of(entry).toUri().toString()); // directories end with '/', as Class-Path needs
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.cosd.app.Main");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        try (OutputStream out = Files.newOutputStream(root.resolve("target/cosd.jar")); JarOutputStream jar = new JarOutputStream(out, m)) {
            // the manifest is the whole jar
        }
    }

    private static Process cosd(Path output, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("cosd").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("COSD_JAVA_OPTS", "-Xmx128m");
        return pb.start();
    }

    @Test
    void theReadmesServeCommandRefusesABusyPortWithOneLineAndCreatesNothing() throws Exception {
        Path data = root.resolve("busy-data");
        Path out = root.resolve("busy.txt");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process p = cosd(out, "serve", "--port", String.valueOf(taken.getLocalPort()), "--bind", "127.0.0.1", "--data-dir", data.toString());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("./cosd serve on a busy port ends").isTrue();
            assertThat(p.exitValue()).isNotZero();
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("cosd: ").contains("port").contains("in use").contains("--port");
        assertThat(!Files.exists(data) || isEmpty(data)).as("nothing created in " + data).isTrue();
    }

    @Test
    void theReadmesServeCommandStartsAndPrintsOnlyCosdsOwnLines() throws Exception {
        Path data = root.resolve("data");
        Path out = root.resolve("serve.txt");
        Process p = cosd(out, "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", data.toString());
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(out).contains("cosd listening on") && System.nanoTime() < end) {
                assertThat(p.isAlive()).as("cosd ended early:\n" + Files.readString(out)).isTrue();
                Thread.sleep(50);
            }
            String text = Files.readString(out);
            assertThat(text).contains("cosd listening on").contains("SecretId:");
            for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
                // cosd's lines, and the indented SecretId/SecretKey lines of the first start's credentials block
                assertThat(line.startsWith("cosd") || line.startsWith("  Secret")).as("unexpected line: " + line).isTrue();
            }
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
