package io.cosd.store.meta.jdbc;

import io.cosd.api.error.StorageFaults;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * docs/storage.md ST-F8: a SQLite COMMIT that fails with SQLITE_IOERR (the WAL's write or fsync) may
 * have committed (its frames can be in the WAL and a crash's recovery replays them), so the write is
 * reported maybe-committed (a 500, its blobs kept), group-committed or not; one that fails with
 * SQLITE_FULL did not commit and is ST-F6's 503. The engine's answer is injected at the driver's
 * COMMIT (the one place SQLite reports a failed fsync, which a test cannot make a real disk do): for
 * the I/O error after the real COMMIT made the transaction durable, for the full disk after a real
 * rollback.
 */
class SqliteCommitIoErrorTest {
    @TempDir
    Path dir;

    @Test
    void aCommitWhoseWalFsyncFailedIsMaybeCommittedAndAFullOneIsUnavailable_ST_F8() throws Exception {
        Path db = dir.resolve("meta.db");
        try (MetadataStore schema = JdbcMetadataStore.openSqlite(db)) {
            schema.checkpoints().save("init", "x", java.time.Instant.EPOCH);
        }
        AtomicReference<SQLiteErrorCode> armed = new AtomicReference<>();
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource real = new SQLiteDataSource(cfg);
        real.setUrl("jdbc:sqlite:" + db);
        Tx tx = new Tx(failingCommits(real, armed), real, SqliteSetup::isConstraintViolation);
        try {
            for (boolean batched : new boolean[] {true, false}) {
                String w = batched ? "batched" : "own";
                armed.set(SQLiteErrorCode.SQLITE_IOERR_FSYNC);
                Throwable io = catchThrowable(() -> write(tx, batched, w + "-io"));
                assertThat(StoreException.mayHaveCommitted(io)).as("%s: %s", w, io).isTrue();
                assertThat(StorageFaults.contended(io)).as("a maybe-committed write stays a 500 (ST-P1)").isNull();
                assertThat(CheckpointRows.count(tx, w + "-io")).as("it did commit: what was reported maybe is there").isOne();

                armed.set(SQLiteErrorCode.SQLITE_FULL);
                Throwable full = catchThrowable(() -> write(tx, batched, w + "-full"));
                assertThat(StoreException.mayHaveCommitted(full)).as("%s: %s", w, full).isFalse();
                assertThat(StoreException.busy(full)).isEqualTo(StoreException.Busy.UNAVAILABLE);
                assertThat(CheckpointRows.count(tx, w + "-full")).isZero();
            }
        } finally {
            tx.close();
        }
    }

    private static void write(Tx tx, boolean batched, String worker) {
        Tx.Work<Integer> insert = CheckpointRows.insert(worker);
        if (batched) tx.writeBatched(insert);
        else tx.write(insert);
    }

    /** Connections whose next COMMIT (autocommit switched back on) fails with the armed code. */
    private static DataSource failingCommits(SQLiteDataSource real, AtomicReference<SQLiteErrorCode> armed) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, a) -> {
            if (!m.getName().equals("getConnection")) return invoke(real, m, a);
            Connection c = real.getConnection();
            return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (pc, mc, ac) -> {
                if (mc.getName().equals("setAutoCommit") && Boolean.TRUE.equals(ac[0]) && !c.getAutoCommit()) {
                    SQLiteErrorCode code = armed.getAndSet(null);
                    if (code != null) {
                        if (code.name().startsWith("SQLITE_IOERR")) c.setAutoCommit(true); // durable, then reported failed
                        else {
                            c.rollback();
                            c.setAutoCommit(true);
                        }
                        throw new SQLiteException("[" + code.name() + "] injected at COMMIT", code);
                    }
                }
                return invoke(c, mc, ac);
            });
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] a) throws Throwable {
        try {
            return m.invoke(target, a);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
