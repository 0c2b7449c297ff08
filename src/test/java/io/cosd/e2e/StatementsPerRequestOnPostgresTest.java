package io.cosd.e2e;

/**
 * {@link StatementsPerRequestE2eTest} with the metadata on PostgreSQL (docs/scale-out.md "What a
 * request costs the database"): single-statement reads run outside a transaction (no BEGIN, no
 * COMMIT), the bucket row is kept per node (SC-C7), the inline bytes are read once, and the PUT's
 * bucket lock is its next_seq bump.
 */
@CosdServer(factory = "onPostgres")
class StatementsPerRequestOnPostgresTest extends StatementsPerRequestE2eTest {
    static E2e onPostgres() throws Exception {
        return PostgresE2e.server();
    }

    /** The key read alone; one write transaction: inline bytes, next_seq bump (the lock), the new-key probe (ST-W7), insert. */
    @Override
    Cost expectedPut() { return new Cost(5, 1); }

    /** Key, latest version, inline bytes (their length from them), each alone. */
    @Override
    Cost expectedHead() { return new Cost(3, 0); }

    /** As HEAD: the bytes the size check read are the ones sent. */
    @Override
    Cost expectedGet() { return new Cost(3, 0); }
}
