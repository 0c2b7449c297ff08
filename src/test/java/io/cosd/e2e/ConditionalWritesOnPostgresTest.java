package io.cosd.e2e;

/** Every test of {@link ConditionalWritesE2eTest}, with the server's metadata on PostgreSQL (PostgresE2e; docs/scale-out.md "Tests"). */
@CosdServer(factory = "onPostgres")
class ConditionalWritesOnPostgresTest extends ConditionalWritesE2eTest {
    static E2e onPostgres() throws Exception {
        return PostgresE2e.server();
    }
}
