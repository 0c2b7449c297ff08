package io.cosd.e2e;

/** Every test of {@link CosSdkObjectsTest}, with the server's metadata on PostgreSQL (PostgresE2e; docs/scale-out.md "Tests"). */
@CosdServer(factory = "onPostgres")
class CosSdkObjectsOnPostgresTest extends CosSdkObjectsTest {
    static E2e onPostgres() throws Exception {
        return PostgresE2e.server();
    }
}
