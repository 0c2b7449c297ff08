package io.cosd.store.meta.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reclaiming space (docs/storage.md "Reclaiming space", ST-W5): a new database has incremental
 * auto-vacuum, and a step returns free pages beyond the kept few to the file system; a database
 * made before (auto_vacuum NONE) is left alone.
 */
class FreePagesTest {
    @TempDir
    Path dir;

    private static long pragma(JdbcMetadataStore store, String name) {
        return store.tx().read(c -> FreePages.pragma(c, name));
    }

    @Test
    void aFreshDatabaseHasIncrementalAutoVacuumAndAStepReturnsFreedInlinePagesToTheFileSystem_ST_W5() {
        try (var store = (JdbcMetadataStore) JdbcMetadataStore.openSqlite(dir.resolve("meta.db"))) {
            assertThat(pragma(store, "auto_vacuum")).isEqualTo(2);
            byte[] data = new byte[60_000];
            for (int i = 0; i < 100; i++) {
                String id = "inl-" + String.format("%032x", i);
                store.tx().write(c -> Sql.update(c, "INSERT INTO inline_blobs (blob_id, data) VALUES (?, ?)", id, data));
            }
            long pages = pragma(store, "page_count");
            store.tx().write(c -> Sql.update(c, "DELETE FROM inline_blobs"));
            long free = pragma(store, "freelist_count");
            assertThat(free).isGreaterThan(1000); // ~6 MB of 4 KiB pages
            FreePages fp = new FreePages(store.tx());
            long returned = fp.reclaim(100, 1_000_000);
            assertThat(returned).isEqualTo(free - 100);
            assertThat(pragma(store, "freelist_count")).isEqualTo(100);
            assertThat(pragma(store, "page_count")).isLessThan(pages - 1000);
            assertThat(fp.reclaim(100, 1_000_000)).isZero(); // nothing beyond the kept pages
        }
    }

    @Test
    void aDatabaseCreatedWithoutAutoVacuumKeepsItAndAStepDoesNothing_ST_W5() throws Exception {
        JdbcMetadataStore.openSqlite(dir.resolve("meta.db")).close();
        // as a database made by an earlier version: auto_vacuum NONE (rewritten out of WAL mode to change it)
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("meta.db")); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = DELETE");
            s.execute("PRAGMA auto_vacuum = NONE");
            s.execute("VACUUM");
        }
        try (var store = (JdbcMetadataStore) JdbcMetadataStore.openSqlite(dir.resolve("meta.db"))) {
            assertThat(pragma(store, "auto_vacuum")).isZero();
            assertThat(new FreePages(store.tx()).reclaim(0, 1000)).isZero();
        }
    }
}
