package io.cosd.store.fs;

import io.cosd.store.fs.MasterKeyFile;
import io.cosd.store.meta.SecretSealer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/storage.md ST-S4: master key file creation by two processes at once (serve + an admin command on a fresh data dir). */
class MasterKeyFileCreationTest {
    @TempDir
    Path dir;

    @Test
    void twoConcurrentFirstStartsAgreeOnTheKeyInTheFile() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 200; i++) {
                Path file = dir.resolve("d" + i).resolve("master.key");
                Files.createDirectories(file.getParent());
                CyclicBarrier go = new CyclicBarrier(2);
                Future<Object> a = pool.submit(() -> { go.await(); return load(file); });
                Future<Object> b = pool.submit(() -> { go.await(); return load(file); });
                Object ra = a.get(), rb = b.get();
                assertThat(ra).as("round %d: first creator", i).isInstanceOf(SecretSealer.class);
                assertThat(rb).as("round %d: second creator", i).isInstanceOf(SecretSealer.class);
                String inFile = MasterKeyFile.parse(Files.readString(file, StandardCharsets.US_ASCII), "file").keyId();
                assertThat(((SecretSealer) ra).keyId()).as("round %d: the key A seals with is the one on disk", i).isEqualTo(inFile);
                assertThat(((SecretSealer) rb).keyId()).as("round %d: the key B seals with is the one on disk", i).isEqualTo(inFile);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** COSD_MASTER_KEY_FILE=/etc/cosd/master.key (docs advise a key outside the data dir): cosd must not chmod the operator's directory. */
    @Test
    void creatingAKeyFileOutsideTheDataDirLeavesTheOperatorsDirectoryModeAlone() throws Exception {
        Path etc = Files.createDirectory(dir.resolve("etc-cosd"));
        Files.setPosixFilePermissions(etc, PosixFilePermissions.fromString("rwxr-xr-x"));
        new MasterKeyFile(etc.resolve("master.key"), "COSD_MASTER_KEY_FILE").load(true);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(etc))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(etc.resolve("master.key")))).isEqualTo("rw-------");
    }

    private static Object load(Path file) {
        try {
            return new MasterKeyFile(file, "test").load(true);
        } catch (RuntimeException e) {
            return e;
        }
    }
}
