package io.cosd.store.fs;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Owner-only modes for everything under the data dir (docs/storage.md "Security at rest"):
 * directories 0700, files 0600. Files are created with the mode (no window in which the umask's
 * 0644 applies); {@link #restrict} tightens what older versions left behind. On a file system
 * without POSIX permissions these are no-ops.
 */
public final class OwnerOnly {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {}

    /** For {@code Files.createFile}/{@code FileChannel.open(..., CREATE_NEW)}: mode 0600. */
    public static FileAttribute<?>[] file() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** For {@code Files.createDirectory}: mode 0700. */
    public static FileAttribute<?>[] dir() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIR)} : new FileAttribute<?>[0];
    }

    /** Creates {@code dir} and missing parents (new ones 0700); an existing {@code dir} is set to 0700 too. */
    public static Path createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (!Files.isDirectory(abs)) Files.createDirectories(abs, dir());
        restrict(abs);
        return abs;
    }

    /** Sets 0700 on a directory or 0600 on a file, if it exists. */
    public static void restrict(Path p) throws IOException {
        if (!POSIX || !Files.exists(p)) return;
        Set<PosixFilePermission> want = Files.isDirectory(p) ? DIR : FILE;
        if (!Files.getPosixFilePermissions(p).equals(want)) Files.setPosixFilePermissions(p, want);
    }
}
