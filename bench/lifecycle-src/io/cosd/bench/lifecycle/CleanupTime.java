package io.cosd.bench.lifecycle;

import io.cosd.store.StartupCleanup;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.JdbcMetadataStore;
import java.nio.file.Path;

/** Times the start-up orphan scan (StartupCleanup.run) on a data dir: wall, process CPU, peak RSS (bench/lifecycle-ab CLEANUP=1). */
public final class CleanupTime {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        try (MetadataStore meta = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"))) {
            var blobs = new TieredBlobStore(new DiskBlobStore(dir), new DiskBlobStore(dir.resolve("cold")), meta.inlineBlobs(), 65536);
            long c0 = os.getProcessCpuTime(), t0 = System.nanoTime();
            var r = StartupCleanup.run(blobs, meta);
            System.out.printf("cleanup: %s in %.1f s wall, %.1f s CPU, RSS %s%n", r, (System.nanoTime() - t0) / 1e9,
                    (os.getProcessCpuTime() - c0) / 1e9, java.nio.file.Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM")).findFirst().orElse("?"));
        }
    }
}
