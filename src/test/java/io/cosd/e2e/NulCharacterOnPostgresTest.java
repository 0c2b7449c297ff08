package io.cosd.e2e;

/** Every test of {@link NulCharacterTest}, with the server's metadata on PostgreSQL (PostgresE2e). */
@CosdServer(factory = "onPostgres")
class NulCharacterOnPostgresTest extends NulCharacterTest {
    static E2e onPostgres() throws Exception {
        return PostgresE2e.server();
    }
}
