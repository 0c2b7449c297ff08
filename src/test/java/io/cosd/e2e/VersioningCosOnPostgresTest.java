package io.cosd.e2e;

/** Every test of {@link VersioningCosTest}, with the server's metadata on PostgreSQL (PostgresE2e; docs/scale-out.md "Tests"). */
@CosdServer(factory = "onPostgres")
class VersioningCosOnPostgresTest extends VersioningCosTest {
    static E2e onPostgres() throws Exception {
        return PostgresE2e.server();
    }
}
