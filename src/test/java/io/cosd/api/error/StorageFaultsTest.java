package io.cosd.api.error;

import io.cosd.service.StorageFault;
import io.cosd.store.meta.StoreException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/storage.md ST-F3, ST-F4, ST-I1: which storage failures get which wire error. */
class StorageFaultsTest {
    @Test
    void aFullDiskIsA503ServiceUnavailableThatSaysSoAndDamageIsA500() {
        ApiException full = StorageFaults.toApi(new StorageFault(StorageFault.Reason.DISK_FULL, "disk full: 3 bytes free"));
        assertThat(full.code().status()).isEqualTo(503);
        assertThat(full.code().code()).isEqualTo("ServiceUnavailable");
        assertThat(full.getMessage()).contains("disk is full").doesNotContain("3 bytes");
        ApiException damaged = StorageFaults.toApi(new StorageFault(StorageFault.Reason.DAMAGED, "The stored data of b/k is missing"));
        assertThat(damaged.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(damaged.getMessage()).contains("b/k is missing");
    }

    @Test
    void sqliteFullOnAMetadataCommitIsTheSame503AndOtherFailuresAreNot() {
        var sqliteFull = new StoreException("put failed", new SQLException("[SQLITE_FULL] Insertion failed because database is full (database or disk is full)"));
        assertThat(StorageFaults.diskFull(sqliteFull)).isNotNull().satisfies(e -> assertThat(e.code().status()).isEqualTo(503));
        assertThat(StorageFaults.diskFull(new IllegalStateException("x", new IOException("No space left on device")))).isNotNull();
        assertThat(StorageFaults.diskFull(new StoreException("put failed", new SQLException("[SQLITE_BUSY]")))).isNull();
        assertThat(StorageFaults.diskFull(new IllegalStateException("boom"))).isNull();
    }

    /** SC-T4: a write that gave up under contention committed nothing: 503, retried by SDKs; a maybe-committed one stays 500 (ST-P1). */
    @Test
    void aWriteThatExhaustedItsAttemptsUnderContentionIsA503AndAMaybeCommittedOneIsNot_SC_T4() {
        var contended = StoreException.contended("still conflicting after 30 attempts", new SQLException("could not serialize access", "40001"));
        assertThat(StorageFaults.contended(contended)).isNotNull().satisfies(e -> {
            assertThat(e.code().status()).isEqualTo(503);
            assertThat(e.code().code()).isEqualTo("ServiceUnavailable");
            assertThat(e.getMessage()).doesNotContain("serialize");
        });
        assertThat(StorageFaults.contended(StoreException.commitOutcomeUnknown("lost", new SQLException("io", "08006")))).isNull();
        assertThat(StorageFaults.contended(new StoreException("boom", new SQLException("x", "XX000")))).isNull();
        assertThat(StoreException.mayHaveCommitted(contended)).isFalse();
    }

    /** SC-T8 and SC-F2: no pooled connection in time is 503 SlowDown; a write whose blob was swept is a 503 that says to send it again. */
    @Test
    void aPoolWaitThatRanOutIsA503SlowDownAndASweptBlobIsA503ServiceUnavailable_SC_T8_SC_F2() {
        var pool = StoreException.poolTimeout("no connection", new java.sql.SQLTransientConnectionException("request timed out after 60000ms"));
        assertThat(StorageFaults.contended(pool)).isNotNull().satisfies(e -> {
            assertThat(e.code().status()).isEqualTo(503);
            assertThat(e.code().code()).isEqualTo("SlowDown");
        });
        var swept = StoreException.blobSwept("blob x was swept", new java.nio.file.NoSuchFileException("x"));
        assertThat(StorageFaults.contended(swept)).isNotNull().satisfies(e -> {
            assertThat(e.code().status()).isEqualTo(503);
            assertThat(e.code().code()).isEqualTo("ServiceUnavailable");
            assertThat(e.getMessage()).contains("Send the request again");
        });
        assertThat(StoreException.isContended(pool)).isFalse(); // SC-T4's own count stays its own
        assertThat(StoreException.mayHaveCommitted(swept)).isFalse();
    }

    /** ST-F6: a transaction the database rolled back for an environmental reason is a 503; a full disk says so, and the store's reason stays in the log. */
    @Test
    void aTransactionTheDatabaseRolledBackForAPassingReasonIsA503AndItsDiskFullSaysSo_ST_F6() {
        var lost = StoreException.unavailable("metadata database unavailable (SQLSTATE 57P01): terminating connection", new SQLException("terminating", "57P01"));
        assertThat(StorageFaults.contended(lost)).isNotNull().satisfies(e -> {
            assertThat(e.code().status()).isEqualTo(503);
            assertThat(e.code().code()).isEqualTo("ServiceUnavailable");
            assertThat(e.getMessage()).contains("metadata database is unavailable").doesNotContain("57P01");
        });
        var pgFull = StoreException.unavailable("metadata database unavailable (SQLSTATE 53100): could not extend file", new SQLException("could not extend file", "53100"));
        assertThat(StorageFaults.contended(pgFull).getMessage()).contains("disk is full");
        var sqliteFull = StoreException.unavailable("metadata database unavailable (SQLITE_FULL): database or disk is full", new SQLException("x"));
        assertThat(StorageFaults.contended(sqliteFull).getMessage()).contains("disk is full");
        assertThat(StoreException.mayHaveCommitted(lost)).isFalse();
        assertThat(StoreException.isContended(lost)).as("SC-T4's count stays its own").isFalse();
        // a bug stays a 500
        assertThat(StorageFaults.contended(new StoreException("metadata database error: no such column", new SQLException("x", "42703")))).isNull();
    }
}
