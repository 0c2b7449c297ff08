package io.cosd.app;

import io.cosd.store.fs.MasterKeyFile;
import io.cosd.store.meta.MasterKeySource;

import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What can make {@code cosd serve} fail, checked before the data dir, {@code meta.db}, the master
 * key or the root account is created (docs/storage.md ST-B1). Each refusal is one line (ST-B2)
 * ({@link StartupRefused}). The port is bound for real, not probed, by {@link Server#start}: a probe
 * could pass and the bind still fail after everything was created.
 */
final class StartupChecks {
    /** Files cosd reads and writes in the data dir. */
    private static final List<String> OWN_FILES = List.of("meta.db", "meta.db-wal", "meta.db-shm", DataDirLock.FILE,
            Bootstrap.CREDENTIALS_FILE, NodeId.FILE);

    private StartupChecks() {}

    /** The data dir exists as a directory this user can write, or can be created. */
    static void dataDir(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) throw new StartupRefused("data dir " + dir + " is not a directory; use --data-dir DIR");
            if (!accessible(dir)) {
                throw new StartupRefused("data dir " + dir + " is not writable by this user; fix its owner or permissions"
                        + " (e.g. chown and chmod 700) or use --data-dir DIR");
            }
            for (String name : OWN_FILES) {
                Path f = dir.resolve(name);
                if (Files.exists(f) && !(Files.isReadable(f) && Files.isWritable(f))) {
                    throw new StartupRefused(f + " is not readable and writable by this user; fix its owner or permissions (chmod 600)");
                }
            }
            return;
        }
        Path parent = existingAncestor(dir);
        if (parent == null || !Files.isDirectory(parent) || !accessible(parent)) {
            throw new StartupRefused("cannot create the data dir " + dir + ": " + parent + " is not a directory this user can write;"
                    + " create the data dir yourself or use --data-dir DIR");
        }
    }

    /**
     * A master key file that exists must hold a valid key (read now, not after meta.db exists); one
     * that does not exist yet must be creatable. COSD_MASTER_KEY itself was parsed by {@link MasterKeys#from}.
     */
    static void masterKey(MasterKeySource keys) {
        if (!(keys instanceof MasterKeyFile file)) return;
        Path f = file.file().toAbsolutePath().normalize();
        if (Files.exists(f)) {
            file.load(false); // throws MasterKeyException (one line) if unreadable or malformed
            return;
        }
        Path parent = existingAncestor(f.getParent());
        if (parent == null || !Files.isDirectory(parent) || !accessible(parent)) {
            throw new StartupRefused("cannot create the master key " + f + " (" + file.setting() + "): " + parent
                    + " is not a directory this user can write; fix its permissions or set COSD_MASTER_KEY_FILE");
        }
    }

    /** One line for a port that cannot be bound; {@code e} is what the bind threw. */
    static StartupRefused bindFailed(String bind, int port, Throwable e) {
        String why = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof UnresolvedAddressException) {
            return new StartupRefused("cannot listen on " + bind + ": not a known address; use --bind with an address of this machine (or 0.0.0.0)");
        }
        if (why.contains("Address already in use")) {
            return new StartupRefused("port " + port + " is in use (another cosd or program); stop it or use --port N");
        }
        if (why.contains("Permission denied") || why.contains("Operation not permitted")) {
            return new StartupRefused("port " + port + " needs privileges this user lacks (ports below 1024); use --port N above 1023");
        }
        if (why.contains("Cannot assign requested address")) {
            return new StartupRefused("cannot listen on " + bind + ": not an address of this machine; use --bind with one of its addresses (or 0.0.0.0)");
        }
        return new StartupRefused("cannot listen on " + bind + ":" + port + ": " + why + "; check --bind and --port");
    }

    private static boolean accessible(Path dir) {
        return Files.isWritable(dir) && Files.isExecutable(dir) && Files.isReadable(dir);
    }

    private static Path existingAncestor(Path p) {
        while (p != null && !Files.exists(p)) p = p.getParent();
        return p;
    }
}
