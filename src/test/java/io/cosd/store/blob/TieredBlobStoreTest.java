package io.cosd.store.blob;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The {@link BlobStore} contract for the store the server runs on: files on disk (hot and cold) with small
 * new versions kept inline (docs/storage.md "Small objects inline"), the rows in memory here.
 */
class TieredBlobStoreTest implements BlobStoreContract {
    @TempDir
    Path dir;
    TieredBlobStore store;

    @BeforeEach
    void open() {
        store = new TieredBlobStore(new DiskBlobStore(dir), new DiskBlobStore(dir.resolve("cold")), new InlineBudgetTest.MemoryInline(), 1024);
    }

    @Override
    public BlobStore blobs() { return store; }

    @Override
    public void leaveTemporaryFile() throws IOException {
        store.create().write(ByteBuffer.wrap(new byte[]{1, 2, 3}));
    }
}
