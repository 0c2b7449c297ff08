package io.cosd.app;

import io.cosd.store.blob.BlobRoot;
import io.cosd.store.fs.MasterKeyFile;
import io.cosd.store.meta.CheckpointRepository;
import io.cosd.store.meta.MasterKeyException;
import io.cosd.store.meta.MasterKeySource;
import io.cosd.store.meta.SecretSealer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Start-up checks of a shared blob root (docs/scale-out.md "Shared blob root"). {@link #check} runs
 * with the other start-up checks, before anything is created (ST-B1); {@link #attach} once the master
 * key and the metadata are loaded, before start-up cleanup, so a node refused there has deleted nothing.
 */
final class SharedBlobRoot {
    private SharedBlobRoot() {}

    /**
     * ST-R1: a shared root is outside every data dir (a data dir's own {@code blobs} has its temp files
     * and cold tier elsewhere, and its server cleans it as its own). ST-R3: a root already in use names
     * its master key, and this node's key must be that one.
     */
    static void check(BlobRoot root, Path dataDir, MasterKeySource keys) {
        if (!root.shared()) return;
        // ST-P5: where the paths lead (BlobRoot.real), not how they are spelt: a link into a data dir is inside it
        Path x = root.blobs(), data = BlobRoot.real(dataDir);
        if (x.startsWith(data) || data.startsWith(x)) {
            throw new StartupRefused("--blob-dir " + x + " overlaps the data dir " + data
                    + "; give the nodes a blob root outside every data dir (docs/scale-out.md)");
        }
        Path parent = x.getParent();
        if (parent != null && (Files.exists(parent.resolve(DataDirLock.FILE)) || Files.exists(parent.resolve("meta.db")))) {
            throw new StartupRefused("--blob-dir " + x + " is the blobs directory of the data dir " + parent
                    + "; give the nodes a blob root outside every data dir (docs/scale-out.md)");
        }
        Path existing = x;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null || !(Files.isDirectory(existing) && Files.isWritable(existing) && Files.isExecutable(existing))) {
            throw new StartupRefused(existing == x ? "--blob-dir " + x + " is not a directory this user can write; fix its owner or permissions"
                    : "cannot create --blob-dir " + x + ": " + existing + " is not a directory this user can write; create the blob root yourself"
                    + " (on the shared file system every node mounts) or fix its permissions");
        }
        Optional<String> marked;
        try {
            marked = BlobRoot.markedKeyId(x);
        } catch (IOException e) {
            throw new StartupRefused("cannot read " + x.resolve(BlobRoot.MARKER) + ": " + e.getMessage());
        }
        if (marked.isEmpty()) return;
        if (keys instanceof MasterKeyFile f && !Files.exists(f.file())) {
            throw new MasterKeyException("the blob root " + x + " is in use with master key id " + marked.get()
                    + ", but this node has no master key (" + f.file() + " does not exist): give every node the same key"
                    + " (COSD_MASTER_KEY_FILE or COSD_MASTER_KEY)");
        }
        requireSame(x, marked.get(), keys.load(false));
    }

    /** The checkpoint row holding the id of the metadata database's deployment (ST-R4). */
    static final String DEPLOYMENT_ROW = "blob-root-deployment";

    /**
     * Ties a shared root to this node's metadata database, before start-up cleanup. The database gets
     * a deployment id once (the first node's, insert-if-absent), and the root's marker records the
     * first database's id and master key id (link(2), first wins); the database is written first, so
     * nodes racing to start on one database agree on its id. ST-R3: this node's key must be the
     * root's. ST-R4: its database must be the root's: the orphan scan asks this node's metadata which
     * blobs are referenced, and a node with a database of its own would take every other node's blob
     * for an orphan once it is older than the grace.
     */
    static void attach(BlobRoot root, SecretSealer key, CheckpointRepository checkpoints, Instant now) throws IOException {
        if (!root.shared()) return;
        String deployment = checkpoints.saveIfAbsent(DEPLOYMENT_ROW, HexFormat.of().formatHex(SecretSealer.newKey(), 0, 16), now);
        BlobRoot.Marker m = root.mark(new BlobRoot.Marker(key.keyId(), deployment));
        requireSame(root.blobs(), m.keyId(), key);
        if (!m.deployment().equals(deployment)) {
            throw new StartupRefused("the blob root " + root.blobs() + " belongs to another metadata database (deployment " + m.deployment()
                    + ", this node's is " + deployment + "): nodes sharing a blob root must share one metadata database;"
                    + " give this node its own --blob-dir or the deployment's database (docs/scale-out.md)");
        }
    }

    private static void requireSame(Path root, String marked, SecretSealer key) {
        if (!marked.equals(key.keyId())) {
            throw new MasterKeyException("the blob root " + root + " is in use with master key id " + marked
                    + " but this node's master key has id " + key.keyId() + ": give every node the same key"
                    + " (COSD_MASTER_KEY_FILE or COSD_MASTER_KEY)");
        }
    }
}
