package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/scale-out.md SC-C7: the memos that trust SQLite's WAL-index header (UnchangedMemo, the
 * event loops' ThreadReaders) must map the {@code -shm} file SQLite itself uses. SQLite resolves a
 * symlinked database to its target and keeps {@code -shm} beside the target; an operator who moved
 * {@code meta.db} to another disk and left a symlink may also have left an old {@code meta.db-shm}
 * beside the link (a crash leaves one). That file never changes again, so a memo mapping it would
 * take every row it ever loaded for current: a deleted bucket would still answer, with its old
 * owner and incarnation (AUTH-13), its old versioning state (VER-*).
 */
class SymlinkedDatabaseMemoTest implements StoreFixture {
    static final String B = "linked-1250000000";
    @TempDir
    Path dir;
    MetadataStore server;
    MetadataStore admin;

    @Override
    public MetadataStore store() { return server; }

    @AfterEach
    void close() {
        if (server != null) server.close();
        if (admin != null) admin.close();
    }

    @Test
    void aMemoOnASymlinkedDatabaseFollowsTheLiveHeaderNotAStaleShmBesideTheLink() throws Exception {
        Path real = Files.createDirectories(dir.resolve("disk2")).resolve("meta.db");
        Files.createFile(real);
        Path link = Files.createSymbolicLink(dir.resolve("meta.db"), real);
        plantStaleShm(link.resolveSibling("meta.db-shm"));

        server = JdbcMetadataStore.openSqlite(link);
        admin = JdbcMetadataStore.openSqlite(real); // e.g. a `cosd admin` command given the target's path
        bucket(B, VersioningState.UNVERSIONED);
        assertThat(server.buckets().find(B)).isPresent();
        assertThat(((JdbcMetadataStore) server).tx().ownReaders().shared().readsWalHeader()).isTrue(); // still remembered

        admin.buckets().delete(B);
        assertThat(server.buckets().find(B)).isEmpty();
    }

    /** The event loops' readers map the header through the same {@link WalIndexHeader#open} (docs/performance.md "The GET path"). */
    @Test
    void theWalIndexHeaderOfASymlinkedDatabaseChangesWithEachCommit() throws Exception {
        Path real = Files.createDirectories(dir.resolve("disk2")).resolve("meta.db");
        Files.createFile(real);
        Path link = Files.createSymbolicLink(dir.resolve("meta.db"), real);
        plantStaleShm(link.resolveSibling("meta.db-shm"));
        server = JdbcMetadataStore.openSqlite(link);
        bucket(B, VersioningState.UNVERSIONED);

        long[] before = new long[WalIndexHeader.LONGS];
        long[] after = new long[WalIndexHeader.LONGS];
        try (WalIndexHeader h = WalIndexHeader.open(link)) {
            assertThat(h).isNotNull();
            assertThat(h.read(before)).isTrue();
            server.buckets().setVersioning(B, VersioningState.ENABLED);
            assertThat(h.read(after)).isTrue();
        }
        assertThat(after).isNotEqualTo(before);
    }

    /** A well-formed WAL-index header that no connection will ever update: a copy of another database's live one. */
    private void plantStaleShm(Path at) throws Exception {
        Path other = Files.createDirectories(dir.resolve("other")).resolve("x.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t(x)");
            s.execute("INSERT INTO t VALUES (1)");
            Files.copy(other.resolveSibling("x.db-shm"), at);
        }
    }
}
