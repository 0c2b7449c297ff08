package io.cosd.store.meta.jdbc;

import java.util.concurrent.atomic.LongAdder;

/**
 * What this process asked of its metadata database (docs/scale-out.md "What a request costs the
 * database"): transactions begun and statements run, as counted where they run ({@link Tx},
 * {@link GroupCommit}). A statement is one handed out by a connection's {@link StatementCache}
 * (everything the repositories run through {@link Sql}, the scope's lock statements included) or the
 * SERIALIZABLE prefix of an unscoped write; BEGIN and COMMIT are not statements here, a transaction
 * counts them. A single-statement read run outside a transaction ({@link Tx#readOne}) is one statement
 * and no transaction. The two totals are the guard of {@code StatementsPerRequestE2eTest} and
 * {@code cosd_db_statements_total} / {@code cosd_db_transactions_total} on {@code /-/metrics}.
 */
final class DbMeter {
    private final LongAdder transactions = new LongAdder();
    private final LongAdder statements = new LongAdder();

    /** A transaction ended (committed or not) after running {@code n} statements. */
    void transaction(int n) {
        transactions.increment();
        statements.add(n);
    }

    /** Statements run outside any transaction (autocommit). */
    void statements(int n) {
        statements.add(n);
    }

    long transactions() { return transactions.sum(); }

    long statements() { return statements.sum(); }
}
