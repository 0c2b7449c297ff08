package io.cosd.store.blob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A blob renamed into a fan-out directory survives a crash only if that directory's own entry in its
 * parent is durable too (docs/storage.md "Write order of an object", ST-W4). A writer that finds the
 * directory already there cannot know that: another writer may have just created it and not yet
 * fsynced the parent (the common case since blobs made close together share a new prefix), or a
 * process killed between the two left it. So every process fsyncs each parent once before relying on
 * a directory, whoever created it.
 */
class FanOutDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void aWriterIntoAFanOutDirectoryItDidNotCreateFsyncsItsParentsOnceBeforeRelyingOnIt_ST_W4() throws Exception {
        DiskBlobStore store = new DiskBlobStore(dir);
        Path leaf = dir.resolve("blobs").resolve("ab").resolve("cd");
        Files.createDirectories(leaf); // by a concurrent writer whose parent fsync has not run yet
        long before = store.dirFsyncs();
        store.ensureFanOut(leaf);
        assertThat(store.dirFsyncs() - before).as("blobs/ab (for cd) and blobs (for ab)").isEqualTo(2);
        store.ensureFanOut(leaf);
        store.ensureFanOut(dir.resolve("blobs").resolve("ab").resolve("ce"));
        assertThat(store.dirFsyncs() - before).as("once per directory: ce's creation adds one for blobs/ab").isEqualTo(3);
    }
}
