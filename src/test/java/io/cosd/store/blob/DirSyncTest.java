package io.cosd.store.blob;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared directory fsyncs (docs/storage.md "Write order of an object", ST-W4): every caller returns
 * only after an fsync that started after it asked; concurrent callers share fsyncs, a lone caller
 * still gets its own; blobs made close together land in one fan-out directory so that they can share.
 */
class DirSyncTest {
    @TempDir
    Path dir;

    @Test
    void aLoneCallerGetsItsOwnFsyncEveryTime_ST_W4() throws Exception {
        DirSync sync = new DirSync();
        for (int i = 0; i < 5; i++) sync.sync(dir);
        assertThat(sync.fsyncs()).isEqualTo(5);
    }

    @Test
    void concurrentCallersAllReturnAndShareFsyncs_ST_W4() throws Exception {
        DirSync sync = new DirSync();
        int n = 32;
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(pool.submit(() -> {
                    go.await();
                    for (int k = 0; k < 10; k++) sync.sync(dir);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : calls) f.get();
        }
        assertThat(sync.fsyncs()).isPositive().isLessThanOrEqualTo(n * 10L);
    }

    @Test
    void blobsMadeOneAfterAnotherShareTheirFanOutDirectoryAndStillReadBack_ST_W4() throws Exception {
        DiskBlobStore store = new DiskBlobStore(dir);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BlobStore.Writer w = store.create(1);
            w.write(ByteBuffer.wrap(new byte[] {(byte) i}));
            ids.add(w.commit());
        }
        assertThat(ids).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{32}"));
        assertThat(ids.stream().map(id -> id.substring(0, 4)).distinct().count()).isLessThanOrEqualTo(2); // a prefix change may fall between
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(store.dirFsyncs()).isGreaterThanOrEqualTo(3);
        for (int i = 0; i < 3; i++) {
            try (var ch = store.open(ids.get(i))) {
                ByteBuffer b = ByteBuffer.allocate(1);
                ch.read(b);
                assertThat(b.get(0)).isEqualTo((byte) i);
            }
        }
    }
}
