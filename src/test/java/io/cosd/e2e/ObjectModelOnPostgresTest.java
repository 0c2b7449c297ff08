package io.cosd.e2e;

import io.cosd.app.Config;
import io.cosd.store.meta.jdbc.TestPostgres;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The AWS SDK run of ObjectModelE2eTest with the server's metadata on PostgreSQL (docs/scale-out.md
 * "Tests", docs/testing.md "The model-based object test"): the same model and checks, another engine,
 * whose text ordering, transactions and restarts must give the same answers (VER-L2: listings in
 * UTF-8 byte order). Restart steps start the server again on the same data dir and database.
 */
class ObjectModelOnPostgresTest {
    /** Fewer steps than on SQLite: each statement is a round trip to PostgreSQL. */
    static final int DEFAULT_STEPS = 400;

    @Test
    void theSeededMixAnswersAsTheModelSaysWithTheMetadataOnPostgresql_VER_L2_VER_D2() throws Exception {
        String url = TestPostgres.get().url(TestPostgres.get().createDatabase("cosd_model"));
        Map<String, String> env = Map.of("COSD_METADATA_URL", url, "COSD_SSE_C_ALLOW_HTTP", "true");
        ObjectModelE2eTest.awsRun("ObjectModelOnPostgresTest", DEFAULT_STEPS, dir -> new E2e(dir,
                d -> new Config("127.0.0.1", 0, d, E2e.REGION, Set.of(), 120_000, List.of()), env));
    }
}
