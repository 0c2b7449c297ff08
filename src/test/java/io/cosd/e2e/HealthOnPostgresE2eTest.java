package io.cosd.e2e;

import io.cosd.app.Config;
import io.cosd.store.meta.jdbc.TestPostgres;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/scale-out.md "Operations": /-/health follows the database: 503 while it refuses connections, 200 once it is back. */
class HealthOnPostgresE2eTest {
    @Test
    void healthTurns503WhenTheDatabaseStopsAnsweringAndOkWhenItIsBack_OPS_1_OPS_3() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase("cosd_health");
        try (E2e node = new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000, List.of(), null, null,
                Config.Lifecycle.DEFAULT), Map.of("COSD_METADATA_URL", pg.url(db) + "&password=hunter2-secret"))) {
            assertThat(health(node).status()).isEqualTo(200);
            // The database goes away for this node: no new connections, the pooled ones cut.
            pg.admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
            pg.admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
            Thread.sleep(1_100); // past the one-second reuse of a report
            long t0 = System.nanoTime();
            var down = health(node);
            assertThat(System.nanoTime() - t0).as("bounded by the probe's timeout").isLessThan(10_000_000_000L);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.text()).startsWith("unhealthy\n").contains("metadata.engine=postgresql\n", "metadata.reachable=false\n",
                    "blobs.writable=true\n").doesNotContain("hunter2").doesNotContain(db);

            pg.admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
            long deadline = System.nanoTime() + 60_000_000_000L;
            RawHttp.Reply up = health(node);
            while (up.status() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(250);
                up = health(node);
            }
            assertThat(up.status()).as(up.text()).isEqualTo(200);
            assertThat(up.text()).contains("metadata.reachable=true\n");
        } finally {
            pg.admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
            pg.dropDatabase(db);
        }
    }

    private static RawHttp.Reply health(E2e node) throws Exception {
        return RawHttp.send(node.port(), "GET", "/-/health", Map.of("Host", "127.0.0.1"), new byte[0]);
    }
}
