package io.cosd.store.meta.jdbc;

import io.cosd.store.meta.MetadataStore;

import java.nio.file.Path;

/**
 * Two stores over one SQLite file, as the server and a {@code cosd admin} process (or a server and its
 * own restart) are: the SQLite twin of {@link TwoStores}, for the tests of rules that two nodes share
 * (docs/scale-out.md SC-F1..F4). Open in {@code @BeforeEach}, {@link #close} in {@code @AfterEach}; the
 * file lives in the test's temporary directory, so there is nothing to drop.
 */
public final class SqliteTwoStores implements AutoCloseable {
    private final MetadataStore a;
    private final MetadataStore b;

    private SqliteTwoStores(MetadataStore a, MetadataStore b) {
        this.a = a;
        this.b = b;
    }

    /** Both stores over {@code file}, created (and migrated) by the first. */
    public static SqliteTwoStores open(Path file) {
        MetadataStore a = JdbcMetadataStore.openSqlite(file);
        try {
            return new SqliteTwoStores(a, JdbcMetadataStore.openSqlite(file));
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
    }

    public MetadataStore a() { return a; }

    public MetadataStore b() { return b; }

    @Override
    public void close() {
        try {
            a.close();
        } finally {
            b.close();
        }
    }
}
