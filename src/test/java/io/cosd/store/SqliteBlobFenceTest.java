package io.cosd.store;

import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.jdbc.SqliteTwoStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * SC-F1..F3 on SQLite: the two "nodes" are two stores over one database file, as the server and a
 * {@code cosd admin} process are; the fence is SQLite's one writer (BEGIN IMMEDIATE).
 */
class SqliteBlobFenceTest implements BlobFenceContract {
    @TempDir
    Path dir;
    SqliteTwoStores nodes;

    @BeforeEach
    void open() {
        nodes = SqliteTwoStores.open(dir.resolve("meta.db"));
    }

    @AfterEach
    void close() {
        if (nodes != null) nodes.close();
    }

    @Override public MetadataStore writer() { return nodes.a(); }
    @Override public MetadataStore sweeper() { return nodes.b(); }
    @Override public Path root() { return dir.resolve("blobs"); }
}
