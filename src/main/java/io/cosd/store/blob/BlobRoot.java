package io.cosd.store.blob;

import io.cosd.store.fs.OwnerOnly;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where blobs live (docs/scale-out.md "Shared blob root", ST-R1).
 * <ul>
 *   <li>Default, {@code --blob-dir} unset: today's layout, {@code <data>/blobs/ab/cd/<id>}, temporary
 *       files in {@code <data>/tmp}, the cold tier in {@code <data>/cold}. Only this process uses it
 *       (the data-dir lock), so start-up cleanup removes every leftover at once.</li>
 *   <li>Shared, {@code --blob-dir X}: {@code X/ab/cd/<id>}, temporary files in {@code X/tmp} (inside
 *       the root, so on its file system and the commit's rename stays atomic), the cold tier in
 *       {@code X/cold}, and {@code X/}{@value #MARKER} naming the master key every node must hold
 *       (ST-R3) and the metadata database they share (ST-R4). Other live nodes may write here, so cleanup keeps what is younger than the grace
 *       (ST-R2), except a node's own temporary files ({@link #withNode}).</li>
 * </ul>
 */
public record BlobRoot(Path blobs, Path tmp, Path cold, boolean shared, Duration grace, String node, boolean directIo) {
    public static final String MARKER = "cosd-blob-root.properties";
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);
    private static final String KEY_ID = "master-key-id", DEPLOYMENT = "deployment";

    /**
     * What a shared root's marker says: the master key id every node must hold (ST-R3) and the id of
     * the one metadata database whose nodes may use it (ST-R4).
     */
    public record Marker(String keyId, String deployment) {}

    /** {@code <data>/blobs}, {@code <data>/tmp}, {@code <data>/cold}: one process's own. */
    public static BlobRoot local(Path dataDir) {
        Path d = dataDir.toAbsolutePath().normalize();
        return new BlobRoot(d.resolve("blobs"), d.resolve("tmp"), d.resolve("cold"), false, Duration.ZERO, null, true);
    }

    /** A root that several nodes may share; {@code grace} must be positive. */
    public static BlobRoot shared(Path blobDir, Duration grace) {
        if (grace.isNegative() || grace.isZero()) throw new IllegalArgumentException("the blob grace must be positive");
        Path x = real(blobDir);
        return new BlobRoot(x, x.resolve("tmp"), x.resolve("cold"), true, grace, null, true);
    }

    /**
     * Where {@code p} leads: the real path of its nearest existing ancestor (symbolic links and
     * {@code ..} resolved as the kernel resolves them), then the rest as written. A lexical
     * {@code normalize()} takes {@code link/..} for the link's parent, and neither sees a link into a
     * data dir (ST-P5).
     */
    public static Path real(Path p) {
        Path abs = p.toAbsolutePath();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return abs.normalize();
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs.normalize();
        }
    }

    /**
     * The same root as seen by the node {@code id}: its writers put temporary files in {@code tmp/<id>/}
     * (and {@code cold/tmp/<id>/}), which its start-up cleanup empties at once (ST-R2). Without a node
     * (admin commands), temporary files go directly in {@code tmp/} and age like any other node's.
     */
    public BlobRoot withNode(String id) {
        return shared ? new BlobRoot(blobs, tmp, cold, true, grace, id, directIo) : this;
    }

    /**
     * The same root, its large blob files written with O_DIRECT ({@code true}, {@code --direct-io auto},
     * the default) or every blob through the page cache ({@code false}, {@code --direct-io off}): ST-W6,
     * docs/storage.md "Write order of an object".
     */
    public BlobRoot withDirectIo(boolean on) {
        return new BlobRoot(blobs, tmp, cold, shared, grace, node, on);
    }

    /** {@code blobDir} null: {@link #local}; else {@link #shared}. */
    public static BlobRoot of(Path dataDir, Path blobDir, Duration grace) {
        return blobDir == null ? local(dataDir) : shared(blobDir, grace);
    }

    /** The hot tier; free space is checked on the root's own file system. */
    public DiskBlobStore hot(FreeSpaceReserve reserve) {
        return new DiskBlobStore(blobs, tmp, node, reserve, grace, directIo);
    }

    /** The compressed cold tier (docs/lifecycle.md#archive-tier-and-restore), on the same root. */
    public DiskBlobStore cold(FreeSpaceReserve reserve) {
        return new DiskBlobStore(cold.resolve("blobs"), cold.resolve("tmp"), node, reserve, grace, directIo);
    }

    /** A root's marker, if the root has one. */
    public static Optional<Marker> marker(Path blobs) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(blobs.resolve(MARKER), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (NoSuchFileException none) {
            return Optional.empty();
        }
        String key = p.getProperty(KEY_ID), deployment = p.getProperty(DEPLOYMENT);
        if (key == null || deployment == null) throw new IOException(blobs.resolve(MARKER) + " lacks " + KEY_ID + " or " + DEPLOYMENT);
        return Optional.of(new Marker(key.strip(), deployment.strip()));
    }

    /** The master key id recorded in a root's marker, if the root has one (ST-R3). */
    public static Optional<String> markedKeyId(Path blobs) throws IOException {
        return marker(blobs).map(Marker::keyId);
    }

    /**
     * Records {@code want} as the root's marker unless one exists already; returns the marker the root
     * holds afterwards (another node's, if it got there first). Written like a blob: temp file, fsync,
     * link(2), which never replaces a marker another node made meanwhile, directory fsync.
     */
    public Marker mark(Marker want) throws IOException {
        Optional<Marker> existing = marker(blobs);
        if (existing.isPresent()) return existing.get();
        // ST-P6: what this creates is owner-only as the data dir (ST-S1), whatever the umask; a root the
        // operator made is left as it is (on a shared mount it may not be ours to chmod)
        if (!Files.isDirectory(blobs)) Files.createDirectories(blobs, OwnerOnly.dir());
        Path target = blobs.resolve(MARKER);
        Path temp = blobs.resolve(MARKER + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnly.file())) {
                ch.write(StandardCharsets.UTF_8.encode("# cosd shared blob root (docs/scale-out.md): every node must hold this master key"
                        + " and use this metadata database\n" + KEY_ID + "=" + want.keyId() + "\n" + DEPLOYMENT + "=" + want.deployment() + "\n"));
                ch.force(true);
            }
            try {
                Files.createLink(target, temp);
            } catch (FileAlreadyExistsException raced) {
                return marker(blobs).orElseThrow(() -> new IOException("unreadable " + target));
            }
            DiskBlobStore.fsyncDir(blobs);
            return want;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
