package io.cosd.store.meta.jdbc;

import io.cosd.api.error.StorageFaults;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreException;
import io.cosd.store.meta.StoreFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * docs/storage.md ST-F6 and ST-F9 on SQLite. A group-committed write that SQLite refuses with SQLITE_FULL
 * ("database or disk is full") is a passing unavailability, answered 503 with the disk-full message
 * (ST-F4), not a 500; nothing of it exists, and the same write succeeds once there is room. The full
 * database is SQLite's own: {@code PRAGMA max_page_count} on the writer connection caps the file at
 * its current size, so the engine answers exactly as at ENOSPC (same result code, same rollback),
 * without filling a real file system under the other tests. A write refused at its BEGIN because
 * another process held the write lock past the busy timeout is unavailable too, and leaves the
 * pooled writer connection as it found it (ST-F9).
 */
class SqliteUnavailableTest implements StoreFixture {
    static final String B = "full-1250000000";
    @TempDir
    Path dir;
    MetadataStore store;

    @Override
    public MetadataStore store() { return store; }

    @BeforeEach
    void open() {
        store = JdbcMetadataStore.openSqlite(dir.resolve("meta.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void anInlinePutOnAFullDatabaseIsUnavailableLeavesNoRowAndSucceedsOnceThereIsRoom_ST_F6() throws Exception {
        bucket(B, VersioningState.UNVERSIONED);
        Tx tx = ((JdbcMetadataStore) store).tx();
        long pages = tx.write(c -> {
            long n = pragma(c, "page_count");
            pragma(c, "max_page_count = " + n); // the one writer connection, which group commit uses too
            return n;
        });
        String id = "inl-" + "%032x".formatted(4242);
        store.inlineBlobs().stage(id, new byte[512 * 1024]); // needs far more pages than the free list holds
        Throwable thrown = catchThrowable(() -> store.objects().put(draft(B, "k", "null").withBlob(id), VersioningState.UNVERSIONED));

        assertThat(StoreException.busy(thrown)).as("%s", thrown).isEqualTo(StoreException.Busy.UNAVAILABLE);
        assertThat(thrown.getMessage()).contains("SQLITE_FULL");
        assertThat(StoreException.mayHaveCommitted(thrown)).isFalse();
        var api = StorageFaults.contended(thrown);
        assertThat(api.code().status()).isEqualTo(503);
        assertThat(api.getMessage()).contains("disk is full");
        assertThat(store.objects().latest(B, "k")).isEmpty();
        assertThat(inlineRows(tx, id)).as("the inline bytes were not stored either").isZero();

        tx.write(c -> pragma(c, "max_page_count = " + (pages * 1000)));
        store.inlineBlobs().stage(id, new byte[512 * 1024]);
        store.objects().put(draft(B, "k", "null").withBlob(id), VersioningState.UNVERSIONED);
        assertThat(store.objects().latest(B, "k")).isPresent();
        assertThat(inlineRows(tx, id)).isOne();
    }

    @Test
    void writesRefusedAtTheirBeginByAnotherProcesssLockAreUnavailableAndTheNextWriteOnTheConnectionIsStillOneTransaction_ST_F6_ST_F9() throws Exception {
        bucket(B, VersioningState.UNVERSIONED);
        Tx tx = ((JdbcMetadataStore) store).tx();
        // a group-committed write, then a write of its own: each refused once at its BEGIN
        java.util.List<Runnable> refused = java.util.List.of(
                () -> store.objects().put(draft(B, "k", "null"), VersioningState.UNVERSIONED),
                () -> store.checkpoints().save("w", "1", Instant.EPOCH));
        for (Runnable write : refused) {
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("meta.db")); Statement s = other.createStatement()) {
                s.execute("BEGIN IMMEDIATE"); // as cosd admin holding the write lock past the busy timeout
                Throwable t = catchThrowable(write::run);
                assertThat(StoreException.busy(t)).as("%s", t).isEqualTo(StoreException.Busy.UNAVAILABLE);
                assertThat(t.getMessage()).contains("SQLITE_BUSY");
                s.execute("ROLLBACK");
            }
            // The one writer connection took the refusal. Its next transaction still begins: a write whose
            // second statement fails leaves nothing of its first (before ST-F9 the first was already durable,
            // run in autocommit mode, and the write was reported failed at its COMMIT).
            Throwable bug = catchThrowable(() -> tx.write(c -> {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("INSERT INTO worker_checkpoints (worker, cursor, updated_at) VALUES ('half', 'x', 0)");
                    st.executeQuery("SELECT no_such_column FROM worker_checkpoints");
                }
                return null;
            }));
            assertThat(bug).isInstanceOf(StoreException.class);
            assertThat(StoreException.busy(bug)).as("a bug is no passing unavailability: %s", bug).isNull();
            assertThat(store.checkpoints().cursor("half")).as("nothing half-visible").isEmpty();
        }
        store.objects().put(draft(B, "k", "null"), VersioningState.UNVERSIONED);
        store.checkpoints().save("w", "1", Instant.EPOCH);
        assertThat(store.objects().latest(B, "k")).isPresent();
        assertThat(store.checkpoints().cursor("w")).isPresent();
    }

    @Test
    void aBugWhoseRollbackMeetsAnotherProcesssLockStaysA500NotARetryable503_ST_F6() {
        bucket(B, VersioningState.UNVERSIONED);
        // sqlite-jdbc's rollback() runs ROLLBACK and at once the next BEGIN IMMEDIATE; when another process (cosd admin)
        // takes the write lock in between, that BEGIN answers SQLITE_BUSY, which Tx attaches to the failure as
        // suppressed. Here the real rollback runs and then answers as that BEGIN does (the moment between the two is
        // inside the driver's one call, where no test can place another process).
        org.sqlite.SQLiteDataSource real = new org.sqlite.SQLiteDataSource();
        real.setUrl("jdbc:sqlite:" + dir.resolve("meta.db"));
        javax.sql.DataSource busyAfterRollback = (javax.sql.DataSource) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {javax.sql.DataSource.class}, (p, m, a) -> {
                    if (!m.getName().equals("getConnection")) return m.invoke(real, a);
                    Connection c = real.getConnection();
                    return java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (pc, mc, ac) -> {
                        try {
                            Object r = mc.invoke(c, ac);
                            if (mc.getName().equals("rollback") && ac == null) {
                                throw new SQLiteException("[SQLITE_BUSY] The database file is locked (database is locked)", SQLiteErrorCode.SQLITE_BUSY);
                            }
                            return r;
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
                });
        Tx tx = new Tx(busyAfterRollback, busyAfterRollback, SqliteSetup::isConstraintViolation);
        try {
            Throwable bug = catchThrowable(() -> tx.write(c -> {
                try (Statement st = c.createStatement()) {
                    st.executeQuery("SELECT no_such_column FROM worker_checkpoints");
                }
                return null;
            }));
            assertThat(bug).isInstanceOf(StoreException.class);
            assertThat(bug.getCause().getSuppressed()).as("the rollback's SQLITE_BUSY is attached, for the log")
                    .anySatisfy(x -> assertThat(x).hasMessageContaining("SQLITE_BUSY"));
            assertThat(StoreException.busy(bug)).as("a bug is no passing unavailability: %s", bug).isNull();
            assertThat(StorageFaults.contended(bug)).as("a 500, not a 503 the client retries").isNull();
        } finally {
            tx.close();
        }
    }

    @Test
    void whichSqliteResultCodesArePassingUnavailabilityAndWhichAreBugs_ST_F6() {
        for (SQLiteErrorCode code : new SQLiteErrorCode[] {SQLiteErrorCode.SQLITE_FULL, SQLiteErrorCode.SQLITE_BUSY,
                SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT, SQLiteErrorCode.SQLITE_LOCKED, SQLiteErrorCode.SQLITE_IOERR,
                SQLiteErrorCode.SQLITE_IOERR_FSYNC, SQLiteErrorCode.SQLITE_IOERR_WRITE}) {
            assertThat(SqliteSetup.isUnavailable(new SQLiteException("x", code))).as("%s", code).isTrue();
        }
        for (SQLiteErrorCode code : new SQLiteErrorCode[] {SQLiteErrorCode.SQLITE_ERROR, SQLiteErrorCode.SQLITE_CORRUPT,
                SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE, SQLiteErrorCode.SQLITE_MISMATCH, SQLiteErrorCode.SQLITE_READONLY}) {
            assertThat(SqliteSetup.isUnavailable(new SQLiteException("x", code))).as("%s", code).isFalse();
        }
        assertThat(SqliteSetup.isUnavailable(new SQLException("x", "08006"))).isFalse();
    }

    private static long pragma(java.sql.Connection c, String p) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + p)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static long inlineRows(Tx tx, String id) {
        return tx.read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM inline_blobs WHERE blob_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
