package io.cosd.store.meta.jdbc;

import io.cosd.store.blob.BlobStore;
import io.cosd.store.blob.DiskBlobStore;
import io.cosd.store.blob.TieredBlobStore;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A SQLite store with a tiered blob store whose versions up to 64 bytes are inline, for the inline-blob tests. */
abstract class InlineStoreTest implements StoreFixture {
    @TempDir
    Path dir;
    JdbcMetadataStore store;
    TieredBlobStore blobs;

    @BeforeEach
    void open() {
        store = (JdbcMetadataStore) JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
        blobs = new TieredBlobStore(new DiskBlobStore(dir), new DiskBlobStore(dir.resolve("cold")), store.inlineBlobs(), 64);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public MetadataStore store() { return store; }

    /** Writes {@code text} as a new version's blob through {@code store} and returns its id. */
    String write(BlobStore store, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        BlobStore.Writer w = store.createVersion(b.length);
        w.write(ByteBuffer.wrap(b));
        return w.commit();
    }
}
