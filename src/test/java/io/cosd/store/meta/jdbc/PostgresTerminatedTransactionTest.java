package io.cosd.store.meta.jdbc;

import io.cosd.api.error.StorageFaults;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.StoreException;
import io.cosd.store.meta.StoreFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * docs/storage.md ST-F6 on PostgreSQL: a write whose connection the server ends in the middle of its
 * transaction ({@code pg_terminate_backend}, what an administrator or a failover does; SQLSTATE 57P01,
 * or 08006 once the socket is gone) rolled back before any COMMIT was sent. It is reported as a
 * passing unavailability (503), not as a bug (500) and not as maybe-committed (ST-P1): nothing of it
 * exists, and the same write succeeds on a fresh connection once the cause is gone.
 */
class PostgresTerminatedTransactionTest implements StoreFixture {
    static final String B = "killed-1250000000";
    String db;
    MetadataStore store;

    @Override
    public MetadataStore store() { return store; }

    @BeforeEach
    void open() {
        db = TestPostgres.get().createDatabase("cosd_terminated");
        store = PostgresMetadataStoreTest.open(TestPostgres.get(), db);
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
        TestPostgres.get().dropDatabase(db);
    }

    @Test
    void aPutWhoseBackendIsTerminatedAfterItsSeqBumpIsUnavailableLeavesNothingAndSucceedsOnceTheCauseIsGone_ST_F6() throws Exception {
        bucket(B, VersioningState.UNVERSIONED);
        long seqBefore = nextSeq();
        // The version's INSERT ends its own backend: the bucket's lock and its next_seq bump (HeldSeq)
        // are already done in the same transaction, so the kill lands in the middle of it.
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION cosd_test_terminate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF NEW.key = 'doomed' THEN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(5); END IF;"
                    + " RETURN NEW; END $$");
            s.execute("CREATE TRIGGER cosd_test_terminate BEFORE INSERT ON objects FOR EACH ROW EXECUTE FUNCTION cosd_test_terminate()");
        }
        Throwable thrown = catchThrowable(() -> store.objects().put(draft(B, "doomed", "null"), VersioningState.UNVERSIONED));

        assertThat(thrown).isInstanceOf(StoreException.class);
        assertThat(StoreException.busy(thrown)).as("%s", thrown).isEqualTo(StoreException.Busy.UNAVAILABLE);
        assertThat(StoreException.mayHaveCommitted(thrown)).as("no COMMIT was sent").isFalse();
        assertThat(thrown.getMessage()).contains("SQLSTATE");
        var api = StorageFaults.contended(thrown);
        assertThat(api).isNotNull();
        assertThat(api.code().status()).isEqualTo(503);
        assertThat(api.code().code()).isEqualTo("ServiceUnavailable");
        // Nothing half-visible: no version, and the seq bump rolled back with it.
        assertThat(store.objects().latest(B, "doomed")).isEmpty();
        assertThat(nextSeq()).isEqualTo(seqBefore);

        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER cosd_test_terminate ON objects");
        }
        store.objects().put(draft(B, "doomed", "null"), VersioningState.UNVERSIONED);
        assertThat(store.objects().latest(B, "doomed")).isPresent();
        assertThat(nextSeq()).isEqualTo(seqBefore + 1);
    }

    @Test
    void whichSqlStatesArePassingUnavailabilityAndWhichAreBugs_ST_F6() {
        // the server or the connection went away, or a resource ran out that can come back
        for (String s : new String[] {"08000", "08001", "08003", "08004", "08006", "08007", "57P01", "57P02", "57P03",
                "53000", "53100", "53200", "53300", "58030"}) {
            assertThat(PostgresSetup.isUnavailable(new SQLException("x", s))).as(s).isTrue();
        }
        // a bug in our statement, refused the same on every retry: 08P01 protocol_violation (pgjdbc's for a Bind message
        // too long for the protocol, the server's for a malformed message), 53400 configuration_limit_exceeded, and any unknown
        // SQLSTATE of those classes
        for (String s : new String[] {"42703", "42601", "23505", "XX000", "22001", "40001", "25P02", "08P01", "53400",
                "08999", "53999"}) {
            assertThat(PostgresSetup.isUnavailable(new SQLException("x", s))).as(s).isFalse();
        }
        assertThat(PostgresSetup.isUnavailable(new SQLException("no state"))).isFalse();
    }

    private long nextSeq() throws Exception {
        try (Connection c = raw(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT next_seq FROM buckets WHERE name = '" + B + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection raw() throws SQLException {
        return DriverManager.getConnection(TestPostgres.get().jdbcUrl(db));
    }
}
