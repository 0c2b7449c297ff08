package io.cosd.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One {@code cosd serve} process of the crash loop on a data dir that outlives it: started from
 * this JVM's class path (io.cosd.app.Main), or from a jar, with its output in a log file so a failed
 * round can be read afterwards. {@link #kill()} is SIGKILL (Process.destroyForcibly on Linux).
 */
final class CrashLoopServer implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    final Process process;
    final Path log;
    final int port;

    private CrashLoopServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts a server on {@code dataDir} and waits until it listens: cleanup after a crash runs
     * before the port opens (docs/storage.md "Start-up cleanup"), so a started server has done it.
     * Fails with the server's output if it ends first (e.g. the data dir's lock was still held).
     */
    static CrashLoopServer start(Path dataDir, Path log, String jar, List<String> jvmOptions) throws IOException, InterruptedException {
        Process p = launch(dataDir, log, jar, jvmOptions);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            var m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) return new CrashLoopServer(p, log, Integer.parseInt(m.group(1)));
            if (!p.isAlive()) {
                throw new IllegalStateException("cosd ended (exit " + p.exitValue() + ") before listening:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            Thread.sleep(20);
        }
        p.destroyForcibly().waitFor();
        throw new IllegalStateException("cosd did not listen within 120 s:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    /**
     * Starts a server and SIGKILLs it {@code afterMs} later, wherever its start-up is by then (opening
     * the database, start-up cleanup deleting leftovers, or already listening); returns whether it
     * was listening.
     */
    static boolean startAndKill(Path dataDir, Path log, String jar, List<String> jvmOptions, long afterMs)
            throws IOException, InterruptedException {
        Process p = launch(dataDir, log, jar, jvmOptions);
        Thread.sleep(afterMs);
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("cosd survived SIGKILL for 30 s");
        return LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8)).find();
    }

    private static Process launch(Path dataDir, Path log, String jar, List<String> jvmOptions) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvmOptions);
        if (jar != null) cmd.addAll(List.of("-jar", jar));
        else cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.cosd.app.Main"));
        cmd.addAll(List.of("serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", dataDir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(Map.of("COSD_ROOT_UIN", E2e.UIN, "COSD_APPID", E2e.APPID,
                "COSD_ROOT_SECRET_ID", E2e.SECRET_ID, "COSD_ROOT_SECRET_KEY", E2e.SECRET_KEY, "COSD_REGION", E2e.REGION));
        return pb.start();
    }

    /** SIGKILL, and wait until the process is gone (its sockets and its data-dir lock with it). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("cosd survived SIGKILL for 30 s");
    }

    /** SIGTERM (the normal stop) if still running. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
}
