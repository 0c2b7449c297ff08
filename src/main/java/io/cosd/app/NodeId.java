package io.cosd.app;

import io.cosd.store.fs.OwnerOnly;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * This node's id ({@code <data>/node-id}, 16 random hex digits, made at the first start that finds none):
 * it names the node's row, leases and outbox claims in the metadata database (docs/scale-out.md
 * "Workers across nodes", SC-L5), the node in {@code /-/health} and in the {@code node} label of its
 * metrics ("Operations") and, on a shared blob root, the node's own temporary directory there, which
 * start-up cleanup empties at once ("Shared blob root", ST-R2). One process per data dir (its lock)
 * makes it one process per id; a copied data dir must drop the file.
 */
final class NodeId {
    static final String FILE = "node-id";
    private static final SecureRandom RANDOM = new SecureRandom();

    private NodeId() {}

    static String ensure(Path dataDir) throws IOException {
        Path f = dataDir.resolve(FILE);
        try {
            String id = Files.readString(f, StandardCharsets.US_ASCII).strip();
            if (!id.matches("[0-9a-f]{16}")) throw new StartupRefused(f + " does not hold a node id (16 hex digits); delete it and a new one is made");
            return id;
        } catch (NoSuchFileException none) {
            byte[] b = new byte[8];
            RANDOM.nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            Path temp = dataDir.resolve(FILE + "." + id + ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnly.file())) {
                    ch.write(StandardCharsets.US_ASCII.encode(id + "\n"));
                    ch.force(true);
                }
                try {
                    Files.createLink(f, temp);
                } catch (FileAlreadyExistsException raced) {
                    return ensure(dataDir);
                }
                try (FileChannel d = FileChannel.open(dataDir, StandardOpenOption.READ)) {
                    d.force(true);
                }
                return id;
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
