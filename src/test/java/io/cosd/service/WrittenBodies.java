package io.cosd.service;

import io.cosd.store.blob.DiskBlobStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the body-writing tests (the piece path, the signed piece path, a full disk) build bodies from and
 * check the stored bytes with: a reproducible body, its digests, a blob read back whole, and "nothing
 * stored" (no temporary file and no blob file under a store's dir: a refused body leaves nothing).
 */
final class WrittenBodies {
    private WrittenBodies() {}

    /** {@code n} random bytes, the same for the same {@code n}. */
    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    static byte[] md5(byte[] b) {
        return digest("MD5", b);
    }

    static String sha256Hex(byte[] b) {
        return HexFormat.of().formatHex(digest("SHA-256", b));
    }

    static byte[] digest(String algorithm, byte[] b) {
        try {
            return MessageDigest.getInstance(algorithm).digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The whole blob {@code id} as the store keeps it. */
    static byte[] read(DiskBlobStore blobs, String id) throws IOException {
        try (FileChannel ch = blobs.open(id)) {
            ByteBuffer all = ByteBuffer.allocate((int) ch.size());
            while (all.hasRemaining() && ch.read(all) > 0) { }
            return all.array();
        }
    }

    /** No temporary file under {@code dir}/tmp and no blob file under {@code dir}/blobs (either may not exist yet). */
    static void assertNothingStored(Path dir, String what) throws IOException {
        assertNoTemporaryFiles(dir, what);
        Path blobs = dir.resolve("blobs");
        if (!Files.exists(blobs)) return;
        try (var files = Files.walk(blobs)) { // the store is idle: no writer runs while this looks
            assertThat(files.filter(Files::isRegularFile)).as(what + ": blobs").isEmpty();
        }
    }

    /** A millisecond's wait in a polling loop. */
    static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void assertNoTemporaryFiles(Path dir, String what) throws IOException {
        Path tmp = dir.resolve("tmp");
        if (!Files.exists(tmp)) return;
        try (var files = Files.list(tmp)) {
            assertThat(files).as(what + ": temp files").isEmpty();
        }
    }
}
