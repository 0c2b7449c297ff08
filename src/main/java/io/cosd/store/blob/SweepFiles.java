package io.cosd.store.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The orphan sweep's file work for one {@link DiskBlobStore} (docs/scale-out.md SC-F1..F4): the change
 * stamps its fence compares (a blob's ctime, and the mark taken while the fence is held), and its
 * mirror-image moves of a blob into {@code <blobs>/swept/} inside the fence and back out of it at the
 * next start when the fence's commit never confirmed.
 */
final class SweepFiles {
    /** SC-F4: where the orphan sweep moves blobs inside its fence until its commit says they may go. */
    static final String DIR = "swept";

    private final Path blobs;
    /** A blob's place in the {@code ab/cd/} tree; refuses anything that is not a store-made id. */
    private final Function<String, Path> placeOf;
    /** A new, unused file name in this node's temporary directory (same file system as the blobs). */
    private final Supplier<Path> markProbe;

    SweepFiles(Path blobs, Function<String, Path> placeOf, Supplier<Path> markProbe) {
        this.blobs = blobs;
        this.placeOf = placeOf;
        this.markProbe = markProbe;
    }

    /** SC-F1: the blob's ctime; null when it is gone. */
    Object stamp(String blobId) throws IOException {
        try {
            return changed(placeOf.apply(blobId));
        } catch (java.nio.file.NoSuchFileException gone) {
            return null;
        }
    }

    /**
     * SC-F1: the ctime of a probe file in this node's temporary directory (same file system as the
     * blobs), taken once the file system's clock has moved past the moment the fence was taken: file
     * systems stamp in ticks (a few ms), so a blob renamed just before would otherwise share the
     * mark's stamp and, ties counting as touched, be kept. Every blob changed before the fence is
     * then strictly older than the mark, and every touch after it (the fence is held until the mark
     * is taken) is not.
     */
    Object mark() throws IOException {
        Path probe = markProbe.get();
        Files.write(probe, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            FileTime first = changed(probe), mark = first;
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (mark.compareTo(first) <= 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while taking the sweep's mark");
                }
                Files.setLastModifiedTime(probe, FileTime.from(java.time.Instant.now())); // a new ctime, on the file system's clock
                mark = changed(probe);
            }
            return mark;
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /**
     * SC-F1: the blob's ctime strictly before the mark's. The file is opened first: on NFS an open
     * revalidates the cached attributes with the server (close-to-open), so a touch by another node
     * is seen rather than an attribute cache's older copy.
     */
    boolean untouchedSince(String blobId, Object mark) throws IOException {
        Path f = placeOf.apply(blobId);
        try (FileChannel ignored = FileChannel.open(f, StandardOpenOption.READ)) {
            return changed(f).compareTo((FileTime) mark) < 0;
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
    }

    /**
     * SC-F4: {@code <blobs>/swept/<id>}, on the blobs' own file system (an atomic rename away and back)
     * and outside both the {@code ab/cd/} tree the store's {@code forEach} walks and the temporary
     * directories its {@code collectTemporary} empties, so nothing but the sweep and its start-up undo
     * touches it.
     */
    private Path sweptPath(String blobId) {
        if (!DiskBlobStore.isId(blobId)) throw new IllegalArgumentException("invalid blob id: " + blobId);
        return blobs.resolve(DIR).resolve(blobId);
    }

    /** SC-F4: moves the blob out of the tree, inside the sweep's fence; false when it is gone already. */
    boolean sweepAway(String blobId) throws IOException {
        Path to = sweptPath(blobId);
        DiskBlobStore.ensureDir(to.getParent());
        try {
            Files.move(placeOf.apply(blobId), to, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
    }

    /** SC-F4: unlinks a blob moved away, once the fence's commit is confirmed. */
    void purge(String blobId) throws IOException {
        Files.deleteIfExists(sweptPath(blobId));
    }

    /** SC-F4: the mirror image of {@link #sweepAway}: the blob back at its place in the tree. */
    void unsweep(String blobId) throws IOException {
        Path back = placeOf.apply(blobId);
        DiskBlobStore.ensureDir(back.getParent());
        try {
            Files.move(sweptPath(blobId), back, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.NoSuchFileException gone) {
            // put back already (another node's start-up undo) or never moved
        }
    }

    /** SC-F4, at start-up before a sweep: every blob a sweep that died left moved away goes back; how many. */
    int unsweepLeftovers() throws IOException {
        Path dir = blobs.resolve(DIR);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return 0;
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String id = f.getFileName().toString();
                if (!DiskBlobStore.isId(id) || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) continue;
                unsweep(id);
                n++;
            }
        }
        return n;
    }

    /** The change time (ctime), which the file system sets on every write, rename or attribute change; mtime where there is none. */
    private static FileTime changed(Path f) throws IOException {
        try {
            return (FileTime) Files.getAttribute(f, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS);
        }
    }
}
