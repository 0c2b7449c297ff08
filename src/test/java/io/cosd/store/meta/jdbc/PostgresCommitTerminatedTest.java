package io.cosd.store.meta.jdbc;

import io.cosd.api.error.StorageFaults;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * docs/storage.md ST-F8, docs/scale-out.md ST-P1 on PostgreSQL: a COMMIT answered with a FATAL that
 * ends the session may have committed. A {@code pg_terminate_backend} (or a fast shutdown, a failover)
 * that reaches a backend while it commits is held off until the commit is durable, and the backend
 * then answers FATAL 57P01 right after COMMIT's own CommandComplete: pgjdbc reports the COMMIT failed
 * with 57P01 (the lost socket, 08006, chained after it). Such a write is maybe-committed (a 500, its
 * blobs kept), never ST-F6's 503, which tells the write path nothing was written and has it delete the
 * blob the committed row names. The server's answer is injected at the driver's COMMIT, after the real
 * COMMIT (the held-off signal's timing is not something a test can make a real server hit); an error
 * the server raises while still deciding (40001 of the commit-time check) still means rolled back and
 * is run again (SC-T4).
 */
class PostgresCommitTerminatedTest {
    String db;
    MetadataStore schema;

    @BeforeEach
    void open() {
        db = TestPostgres.get().createDatabase("cosd_commit_fatal");
        schema = PostgresMetadataStoreTest.open(TestPostgres.get(), db);
    }

    @AfterEach
    void close() {
        if (schema != null) schema.close();
        TestPostgres.get().dropDatabase(db);
    }

    @Test
    void aCommitAnsweredWithTheFatalOfATerminatedBackendIsMaybeCommittedNotUnavailable_ST_F8() {
        PGSimpleDataSource real = new PGSimpleDataSource();
        real.setURL(TestPostgres.get().jdbcUrl(db));
        AtomicReference<String> armed = new AtomicReference<>("57P01");
        Tx tx = new Tx(failingCommits(real, armed), real, PostgresSetup.engine(), null);
        try {
            Throwable thrown = catchThrowable(() -> insert(tx, "terminated"));

            assertThat(CheckpointRows.count(tx, "terminated")).as("the COMMIT was durable before the FATAL").isOne();
            assertThat(StoreException.mayHaveCommitted(thrown)).as("%s", thrown).isTrue();
            assertThat(StoreException.busy(thrown)).as("never 'nothing was written, send it again'").isNull();
            assertThat(StorageFaults.contended(thrown)).as("a maybe-committed write stays a 500 (ST-P1)").isNull();

            // SC-T4 unchanged: a 40001 at COMMIT (the server rolled back) is run again, and commits once.
            armed.set("40001");
            insert(tx, "serialized");
            assertThat(CheckpointRows.count(tx, "serialized")).isOne();
        } finally {
            tx.close();
        }
    }

    @Test
    void whichCommitFailuresMayHaveCommitted_ST_F8() {
        for (String s : new String[] {"08006", "08003", "57P01", "57P02", "57P03", "53100", "53200", "58030", "XX000", "40003"}) {
            assertThat(PostgresSetup.isCommitOutcomeUnknown(new SQLException("x", s))).as(s).isTrue();
        }
        assertThat(PostgresSetup.isCommitOutcomeUnknown(new SQLException("no answer"))).isTrue();
        for (String s : new String[] {"40001", "40P01", "23505", "23503"}) {
            assertThat(PostgresSetup.isCommitOutcomeUnknown(new SQLException("x", s))).as(s).isFalse();
        }
    }

    private static void insert(Tx tx, String worker) {
        tx.write(CheckpointRows.insert(worker));
    }

    /**
     * Connections whose next COMMIT (autocommit switched back on) fails with the armed SQLSTATE: a
     * 57P01 after the real COMMIT, the session then gone (the driver closes it at the lost socket); a
     * 40001 after a real rollback.
     */
    private static DataSource failingCommits(PGSimpleDataSource real, AtomicReference<String> armed) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, a) -> {
            if (!m.getName().equals("getConnection")) return invoke(real, m, a);
            Connection c = real.getConnection();
            return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (pc, mc, ac) -> {
                if (mc.getName().equals("setAutoCommit") && Boolean.TRUE.equals(ac[0]) && !c.isClosed() && !c.getAutoCommit()) {
                    String state = armed.getAndSet(null);
                    if (state != null && state.equals("57P01")) {
                        c.setAutoCommit(true); // durable
                        c.close(); // then the FATAL, and the socket is gone
                        SQLException fatal = new SQLException("FATAL: terminating connection due to administrator command", state);
                        fatal.setNextException(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
                        throw fatal;
                    }
                    if (state != null) {
                        c.rollback();
                        c.setAutoCommit(true);
                        throw new SQLException("ERROR: could not serialize access due to read/write dependencies among transactions", state);
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
