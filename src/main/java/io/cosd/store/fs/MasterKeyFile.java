package io.cosd.store.fs;

import io.cosd.store.meta.MasterKeyException;
import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.SecretSealer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * A master key in a file: one line, the base64 of 32 random bytes (docs/storage.md "Security at
 * rest"). Generated only when the database holds no sealed secret, written like a blob (temp file
 * 0600, fsync, atomic link, directory fsync) so a crash never leaves half a key.
 */
public record MasterKeyFile(Path file, String setting) implements MasterKeySource {
    /** The default: {@code <data>/master.key}. */
    public static final String DEFAULT_NAME = "master.key";

    @Override
    public SecretSealer load(boolean mayCreate) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            return parse(text.strip(), setting + " (" + file + ")");
        } catch (NoSuchFileException missing) {
            if (!mayCreate) {
                throw new MasterKeyException("meta.db holds SecretKeys sealed under a master key, but " + file
                        + " does not exist: restore that file (or point COSD_MASTER_KEY_FILE / COSD_MASTER_KEY at the key); cosd never generates a new key over sealed data");
            }
            return create();
        } catch (IOException e) {
            throw new MasterKeyException("cannot read the master key " + file + " (" + setting + "): " + e);
        }
    }

    /** Parses {@code base64(32 bytes)}; {@code what} names the setting in the error. */
    public static SecretSealer parse(String base64, String what) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != SecretSealer.KEY_BYTES) {
            throw new MasterKeyException("the master key in " + what + " must be the base64 of " + SecretSealer.KEY_BYTES
                    + " bytes (e.g. `head -c 32 /dev/urandom | base64`)");
        }
        return SecretSealer.of(key);
    }

    private SecretSealer create() {
        byte[] key = SecretSealer.newKey();
        Path dir = file.toAbsolutePath().getParent();
        // A name of its own: two processes creating the key at once (serve beside an admin command on
        // a fresh data dir) must not delete or link each other's temp file, or one of them would seal
        // with a key that never reached the disk.
        Path tmp = dir.resolve(file.getFileName() + "." + HexFormat.of().formatHex(SecretSealer.newKey(), 0, 8) + ".tmp");
        try {
            // New directories 0700; an existing one (the data dir is already 0700, or the operator's
            // own directory for COSD_MASTER_KEY_FILE) keeps its mode: the key file itself is 0600.
            if (!Files.isDirectory(dir)) OwnerOnly.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnly.file())) {
                ch.write(StandardCharsets.US_ASCII.encode(Base64.getEncoder().encodeToString(key) + "\n"));
                ch.force(true);
            }
            try {
                // link(2), not rename(2): never replaces a key another process created meanwhile.
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(tmp);
                return load(false);
            }
            Files.deleteIfExists(tmp);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            throw new MasterKeyException("cannot create the master key " + file + ": " + e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // only a never-used key is left behind
            }
        }
        return SecretSealer.of(key);
    }
}
