package io.cosd.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The data-dir lock's rules (docs/storage.md "One process per data dir"), in one JVM. */
class DataDirLockTest {
    @TempDir
    Path dir;

    @Test
    void oneServerAtATimeAndTheLockIsFreeAgainAfterClose() throws Exception {
        Path data = dir.resolve("data");
        try (DataDirLock first = DataDirLock.serve(data)) {
            assertThatThrownBy(() -> DataDirLock.serve(data)).isInstanceOf(DataDirLock.InUse.class)
                    .hasMessageContaining("in use by another server in this process");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(DataDirLock.FILE)))).isEqualTo("rw-------");
        }
        DataDirLock.serve(data).close();
    }

    @Test
    void aBlobWritingAdminCommandRunsBesideAServerButBlocksAStartingServersCleanup() throws Exception {
        try (DataDirLock server = DataDirLock.serve(dir)) {
            try (var cleaning = server.forCleanup()) {
                assertThatThrownBy(() -> DataDirLock.blobWriter(dir, "cosd admin lifecycle run"))
                        .isInstanceOf(DataDirLock.InUse.class).hasMessageContaining("run cosd admin lifecycle run again in a moment");
            }
            try (DataDirLock admin = DataDirLock.blobWriter(dir, "cosd admin lifecycle run");
                 DataDirLock another = DataDirLock.blobWriter(dir, "cosd admin lifecycle run")) {
                assertThatThrownBy(server::forCleanup).isInstanceOf(DataDirLock.InUse.class)
                        .hasMessageContaining("cosd admin lifecycle run").hasMessageContaining("start the server again when it has finished");
            }
            server.forCleanup().close();
        }
    }

    @Test
    void aServeProcessStartedWhileAnAdminCommandWritesBlobsExitsBeforeItsCleanup() throws Exception {
        try (DataDirLock admin = DataDirLock.blobWriter(dir, "cosd admin lifecycle run")) {
            Path tmp = Files.createDirectories(dir.resolve("tmp"));
            Path inFlight = Files.writeString(tmp.resolve("0123456789abcdef0123456789abcdef.tmp"), "an upload the admin command is writing");
            String javaBin = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(javaBin, "-Xmx128m", "-cp", System.getProperty("java.class.path"), "io.cosd.app.Main",
                    "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", dir.toString()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).isNotZero();
            assertThat(err.lines().filter(l -> !l.isBlank()).toList()).singleElement().asString()
                    .startsWith("cosd: data dir ").contains("in use by cosd admin lifecycle run");
            assertThat(inFlight).as("start-up cleanup did not run").exists();
        }
    }
}
