package io.cosd.e2e;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The entries under a running server's data dir. {@code Files.walk} throws when an entry vanishes
 * between the directory read and its stat, and a live server's workers release blobs at any time (the
 * restore worker dropping a losing copy, the orphan sweep, a grace-period reap) while requests in flight
 * create and rename temporary files: an entry gone meanwhile is simply not listed. The root itself must
 * be there: a data dir, blob root or {@code tmp/} never goes away under a running server, so its absence
 * is a failure, not a race.
 */
final class LiveDir {
    private LiveDir() {}

    /** The regular files under {@code root}. */
    static List<Path> files(Path root) throws IOException {
        return walk(root, false);
    }

    /** How many regular files are under {@code root}. */
    static long count(Path root) throws IOException {
        return files(root).size();
    }

    /** Every entry under {@code root} (directories, files, links), {@code root} included. */
    static List<Path> entries(Path root) throws IOException {
        return walk(root, true);
    }

    private static List<Path> walk(Path root, boolean all) throws IOException {
        List<Path> out = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (all) out.add(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (all || attrs.isRegularFile()) out.add(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException && !file.equals(root)) return FileVisitResult.CONTINUE;
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) throw e;
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }
}
