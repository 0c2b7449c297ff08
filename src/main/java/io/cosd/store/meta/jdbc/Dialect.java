package io.cosd.store.meta.jdbc;

import java.sql.Connection;

/**
 * The few SQL spellings that differ between the engines (docs/scale-out.md "Workers across nodes");
 * the repositories take them from here, so there is no engine {@code if} above {@code store.meta.jdbc}.
 *
 * @param nowMillis      an expression for the database's clock in epoch milliseconds, one value per
 *                       statement (SC-L2)
 * @param skipLocked     appended to the outbox claim's SELECT: rows another transaction is claiming
 *                       are passed over, not waited for (SC-L4); empty where one writer does that
 * @param claimIsolation the isolation of the claim's transaction, or -1 for the engine's default
 */
record Dialect(String nowMillis, String skipLocked, int claimIsolation) {
    /**
     * SQLite: {@code 'now'} is fixed for one statement; one writer at a time, so a claim never meets
     * another one and needs no lock clause.
     */
    static final Dialect SQLITE = new Dialect("CAST(unixepoch('subsec') * 1000 AS INTEGER)", "", -1);

    /**
     * PostgreSQL: {@code statement_timestamp()} is fixed for one statement. Claims run READ COMMITTED
     * with {@code FOR UPDATE SKIP LOCKED}, the engine's queue idiom: under SERIALIZABLE two claimers
     * reading the same due rows would abort each other instead of taking different rows.
     */
    static final Dialect POSTGRES = new Dialect("CAST(EXTRACT(EPOCH FROM statement_timestamp()) * 1000 AS BIGINT)",
            " FOR UPDATE SKIP LOCKED", Connection.TRANSACTION_READ_COMMITTED);
}
