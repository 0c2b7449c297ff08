package io.cosd.e2e;

import io.cosd.app.Config;
import io.cosd.store.meta.jdbc.TestPostgres;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A cosd whose metadata is on the test PostgreSQL ({@link TestPostgres}; docs/scale-out.md): a fresh
 * database per server, named through {@code COSD_METADATA_URL} as an operator would. The
 * {@code *OnPostgresTest} classes run a whole SDK test class against it by extending that class with
 * {@code @CosdServer(factory = "onPostgres")}: the same tests, the same assertions, another engine.
 */
final class PostgresE2e {
    private PostgresE2e() {}

    static E2e server() throws Exception {
        String db = TestPostgres.get().createDatabase("cosd_e2e");
        return new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000, List.of(), null, null, Config.Lifecycle.DEFAULT),
                Map.of("COSD_METADATA_URL", TestPostgres.get().url(db)));
    }
}
