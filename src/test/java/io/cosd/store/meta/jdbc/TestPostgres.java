package io.cosd.store.meta.jdbc;

import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for the tests (docs/scale-out.md "Tests"): Debian's binaries, no Docker and no
 * mock. The first caller in a JVM runs {@code initdb} into a temp dir (trust auth, UTF8, locale C)
 * and starts it with {@code pg_ctl} on a free port of 127.0.0.1, with its unix socket in the temp dir;
 * every later caller shares that server, and a shutdown hook stops it and deletes the dir. Tests get
 * a database each ({@link #createDatabase}), dropped by {@link #dropDatabase}.
 * <p>
 * Durability settings are off (fsync, synchronous_commit, full_page_writes): the server is thrown away
 * with the JVM, and what is tested is cosd's SQL and transactions, not PostgreSQL's WAL.
 * <p>
 * PostgreSQL refuses to run as root: as root the binaries run as the {@code postgres} user the Debian
 * package creates ({@code runuser}). Without binaries the tests that need them are skipped with the
 * install line, unless {@code COSD_TEST_POSTGRES=require} (set by ./run-tests and .ci/run, which
 * install the package first), where they fail.
 */
public final class TestPostgres {
    /** The floor (docs/scale-out.md): Debian 12's PostgreSQL. */
    static final int MIN_MAJOR = 15;
    private static final String INSTALL = "install Debian's postgresql package (apt-get install -y postgresql), or set COSD_PG_BIN to a directory holding initdb and pg_ctl";
    private static TestPostgres running;
    private static String unavailable;

    private final Path dir;
    private final Path bin;
    private final int port;
    private final List<String> asUser;
    private final AtomicInteger databases = new AtomicInteger();

    private TestPostgres(Path dir, Path bin, int port, List<String> asUser) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asUser = asUser;
    }

    /** The shared server, started on first use; skips (or fails, when required) without binaries. */
    public static synchronized TestPostgres get() {
        if (running != null) return running;
        if (unavailable == null) {
            try {
                running = start();
                return running;
            } catch (IOException | InterruptedException | RuntimeException e) {
                unavailable = "cannot start a test PostgreSQL: " + e.getMessage();
            }
        }
        if ("require".equals(System.getenv("COSD_TEST_POSTGRES"))) throw new IllegalStateException(unavailable);
        throw new TestAbortedException(unavailable);
    }

    public int port() { return port; }

    /** A JDBC URL of database {@code db} as the superuser (trust auth: no password). */
    public String jdbcUrl(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?user=postgres";
    }

    /** The same database as a {@code postgresql://} URL, the form {@code --metadata-url} takes. */
    public String url(String db) {
        return "postgresql://127.0.0.1:" + port + "/" + db + "?user=postgres";
    }

    /**
     * Until {@code n} sessions of database {@code db} wait for a lock (a row lock, an advisory lock):
     * the engine's own view that a statement queued, in place of a pause. 60 s is a bound on a hang.
     */
    public void awaitLockWaits(String db, int n) throws SQLException, InterruptedException {
        awaitLockWaits(db, n, () -> false);
    }

    /** As {@link #awaitLockWaits(String, int)}, or until {@code over} (the waiter gone meanwhile: the caller's checks say what that means). */
    public void awaitLockWaits(String db, int n, java.util.function.BooleanSupplier over) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        // A separate autocommit session: pg_stat_activity is read once per transaction.
        try (Connection watcher = DriverManager.getConnection(jdbcUrl(db));
             PreparedStatement ps = watcher.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= n || over.getAsBoolean()) return;
                }
                if (System.nanoTime() > deadline) throw new AssertionError("not " + n + " sessions waiting for a lock within 60 s");
                Thread.sleep(10);
            }
        }
    }

    /** A new, empty database (a copy of {@code template} when given); its name. */
    public String createDatabase(String prefix, String template) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        admin("CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template + " STRATEGY FILE_COPY"));
        return name;
    }

    public String createDatabase(String prefix) {
        return createDatabase(prefix, null);
    }

    /** Drops {@code name}, ending connections a closed pool may have left behind. */
    public void dropDatabase(String name) {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Runs one statement on the {@code postgres} database (CREATE/DROP DATABASE run outside transactions). */
    public void admin(String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres")); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static TestPostgres start() throws IOException, InterruptedException {
        Path bin = binaries();
        List<String> asUser = new ArrayList<>();
        Path dir = Files.createTempDirectory("cosd-pg-");
        if ("root".equals(System.getProperty("user.name"))) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
            asUser.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        TestPostgres pg = null;
        for (int attempt = 0; ; attempt++) {
            int port = freePort();
            pg = new TestPostgres(dir, bin, port, asUser);
            if (attempt == 0) {
                pg.run("initdb", "-D", dir.resolve("data").toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--locale=C", "--no-sync");
            }
            try {
                pg.run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w", "-t", "60",
                        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                                + " -c full_page_writes=off -c max_connections=300", "start");
                break;
            } catch (IOException e) {
                if (attempt == 2) throw e; // the port was taken meanwhile, twice more: give up
            }
        }
        TestPostgres started = pg;
        Runtime.getRuntime().addShutdownHook(new Thread(started::stopAndDelete, "cosd-test-postgres-stop"));
        return started;
    }

    private void stopAndDelete() {
        try {
            run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the JVM is exiting; the dir goes below all the same
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }

    private void run(String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(asUser);
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(tool + " did not finish");
        }
        if (p.exitValue() != 0) {
            String log = Files.exists(dir.resolve("log")) ? Files.readString(dir.resolve("log")) : "";
            throw new IOException(tool + " failed (" + p.exitValue() + "): " + out.strip() + " " + log.strip());
        }
    }

    /** COSD_PG_BIN, else the newest /usr/lib/postgresql/N/bin with N >= 15, else initdb on PATH. */
    static Path binaries() throws IOException, InterruptedException {
        String env = System.getenv("COSD_PG_BIN");
        if (env != null && !env.isBlank()) return checked(Path.of(env));
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Path best = versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                        .filter(v -> Integer.parseInt(v.getFileName().toString()) >= MIN_MAJOR)
                        .filter(v -> Files.isExecutable(v.resolve("bin/initdb")) && Files.isExecutable(v.resolve("bin/pg_ctl")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString()))).orElse(null);
                if (best != null) return best.resolve("bin");
            }
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path initdb = Path.of(d.isEmpty() ? "." : d, "initdb");
            if (Files.isExecutable(initdb)) return checked(initdb.toRealPath().getParent());
        }
        throw new IOException("no PostgreSQL " + MIN_MAJOR + "+ binaries found; " + INSTALL);
    }

    private static Path checked(Path bin) throws IOException, InterruptedException {
        if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
            throw new IOException("no initdb and pg_ctl in " + bin + "; " + INSTALL);
        }
        Process p = new ProcessBuilder(bin.resolve("pg_ctl").toString(), "--version").redirectErrorStream(true).start();
        String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        p.waitFor();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)").matcher(v);
        if (!m.find() || Integer.parseInt(m.group(1)) < MIN_MAJOR) {
            throw new IOException(bin + " holds " + v + "; PostgreSQL " + MIN_MAJOR + " or newer is needed; " + INSTALL);
        }
        return bin;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
