package io.cosd.e2e;

import io.cosd.app.Config;
import io.cosd.app.Server;
import io.cosd.store.meta.jdbc.TestPostgres;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server on PostgreSQL as an operator starts it (docs/scale-out.md "Interface"). */
class MetadataOnPostgresE2eTest {
    private static Function<Path, Config> config() {
        return dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000, List.of(), null, null, Config.Lifecycle.DEFAULT);
    }

    @Test
    void theServerDescribesItsPostgresWithoutThePasswordAndKeepsItsObjectsAcrossARestart() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase("cosd_e2e_restart");
        // Trust auth accepts any password; the point is that none is ever shown.
        Map<String, String> env = Map.of("COSD_METADATA_URL", pg.url(db) + "&password=hunter2-secret");
        var logged = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        var root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logged.start();
        root.addAppender(logged);
        // Everything the pool, Flyway and the driver say while the server opens the database, DEBUG included.
        var chatty = new java.util.LinkedHashMap<ch.qos.logback.classic.Logger, ch.qos.logback.classic.Level>();
        for (String name : List.of("org.flywaydb", "com.zaxxer.hikari", "org.postgresql", "io.cosd")) {
            var l = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name);
            chatty.put(l, l.getLevel());
            l.setLevel(ch.qos.logback.classic.Level.DEBUG);
        }
        Path dir;
        try (E2e first = new E2e(config(), env)) {
            root.detachAppender(logged);
            chatty.forEach(ch.qos.logback.classic.Logger::setLevel);
            assertThat(logged.list).isNotEmpty().noneMatch(e -> e.getFormattedMessage().contains("hunter2"));
            dir = first.dir;
            assertThat(first.server.metadata().describe()).startsWith("postgresql ").contains(db).doesNotContain("hunter2");
            try (S3Client s3 = first.s3()) {
                s3.createBucket(b -> b.bucket(E2e.bucket("pg")));
                s3.putObject(b -> b.bucket(E2e.bucket("pg")).key("kept"), RequestBody.fromString("on postgres"));
            }
            // E2e.close deletes the data dir: keep its blobs for the second start.
            copy(dir, dir.resolveSibling(dir.getFileName() + "-kept"));
        }
        Path kept = dir.resolveSibling(dir.getFileName() + "-kept");
        try (E2e second = new E2e(d -> config().apply(kept), env)) {
            try (S3Client s3 = second.s3()) {
                assertThat(s3.getObjectAsBytes(b -> b.bucket(E2e.bucket("pg")).key("kept")).asUtf8String()).isEqualTo("on postgres");
                assertThat(s3.listObjectsV2(b -> b.bucket(E2e.bucket("pg"))).contents()).extracting(o -> o.key()).containsExactly("kept");
            }
        } finally {
            pg.dropDatabase(db);
            try (var files = Files.walk(kept)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aMalformedOrUnreachableMetadataUrlRefusesTheStartInOneLineWithoutThePassword() throws Exception {
        Path dir = Files.createTempDirectory("cosd-e2e");
        assertThatThrownBy(() -> Server.start(config().apply(dir), Map.of("COSD_METADATA_URL", "mysql://h/db")))
                .hasMessageContaining("--metadata-url").hasMessageContaining("postgresql://");
        int closed = TestPostgres.get().port() + 1; // nothing listens there (or, rarely, something that is not PostgreSQL)
        assertThatThrownBy(() -> Server.start(config().apply(dir),
                Map.of("COSD_METADATA_URL", "postgresql://127.0.0.1:" + closed + "/nodb?user=u&password=hunter2-secret")))
                .hasMessageContaining("postgresql://127.0.0.1:" + closed + "/nodb").hasMessageNotContaining("hunter2");
    }

    /**
     * As an operator runs it: {@code cosd serve --metadata-url …} as a process with the production
     * logging, whose output names the database but never the password, and a {@code cosd admin}
     * process beside it that finds the same accounts and keys through {@code COSD_METADATA_URL}.
     */
    @Test
    void serveWithTheFlagAndAnAdminCommandWithTheVariableShareTheDatabaseAndNeverPrintThePassword() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase("cosd_e2e_process");
        String url = pg.url(db) + "&password=hunter2-secret";
        Path dir = Files.createTempDirectory("cosd-e2e");
        Map<String, String> root = Map.of("COSD_ROOT_UIN", E2e.UIN, "COSD_APPID", E2e.APPID,
                "COSD_ROOT_SECRET_ID", E2e.SECRET_ID, "COSD_ROOT_SECRET_KEY", E2e.SECRET_KEY);
        try (CosdProcess.Running serve = CosdProcess.start(root, "serve", "--port", "0", "--bind", "127.0.0.1",
                "--data-dir", dir.toString(), "--metadata-url", url)) {
            String listening = serve.awaitLine("cosd listening on");
            assertThat(listening).contains("metadata=postgresql ").contains(db);
            CosdProcess.Result add = CosdProcess.run(Map.of("COSD_METADATA_URL", url), "admin", "--data-dir", dir.toString(),
                    "user", "add", "--uin", "100000000021");
            assertThat(add.exit()).as(add.err()).isZero();
            CosdProcess.Result keys = CosdProcess.run(Map.of("COSD_METADATA_URL", url), "admin", "--data-dir", dir.toString(), "key", "list");
            assertThat(keys.exit()).as(keys.err()).isZero();
            assertThat(keys.out()).contains(E2e.SECRET_ID);
            assertThat(serve.output() + add.out() + add.err() + keys.out() + keys.err()).doesNotContain("hunter2");
        } finally {
            pg.dropDatabase(db);
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Copies a running server's data dir: its workers may release a file (a temporary file, an orphan)
     * between the listing and the copy, and such a file is not part of any object, so it is skipped.
     */
    private static void copy(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to);
        for (Path p : LiveDir.files(from)) {
            if (p.getFileName().toString().equals("cosd.lock")) continue;
            Path t = to.resolve(from.relativize(p).toString());
            Files.createDirectories(t.getParent());
            try {
                Files.copy(p, t);
            } catch (java.nio.file.NoSuchFileException gone) {
                // released meanwhile
            }
        }
    }
}
