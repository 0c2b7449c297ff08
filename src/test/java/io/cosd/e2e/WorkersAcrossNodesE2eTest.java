package io.cosd.e2e;

import io.cosd.store.meta.SecretSealer;
import io.cosd.store.meta.jdbc.TestPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real cosd processes and {@code cosd admin nodes} (docs/scale-out.md "Workers across nodes", SC-L5,
 * SC-L6): a lone node holds every lease; two nodes over one PostgreSQL share them, and when the holder
 * is SIGKILLed the survivor takes them over within the TTL plus one renewal. The processes run with a
 * TTL of 1.5 s (the test-only {@code cosd.lease.*} knobs, through JAVA_TOOL_OPTIONS). A lifecycle pass
 * whose holder is killed mid-pass runs on three nodes in {@link ThreeNodeCachesAndWorkersE2eTest}.
 */
class WorkersAcrossNodesE2eTest {
    static final String KNOBS = "-Dcosd.lease.ttlMillis=1500 -Dcosd.lease.renewMillis=300";

    private static Map<String, String> env(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("COSD_ROOT_UIN", E2e.UIN, "COSD_APPID", E2e.APPID,
                "COSD_ROOT_SECRET_ID", E2e.SECRET_ID, "COSD_ROOT_SECRET_KEY", E2e.SECRET_KEY, "JAVA_TOOL_OPTIONS", KNOBS));
        env.putAll(more);
        return env;
    }

    private static CosdProcess.Running serve(Map<String, String> env, Path dir) throws Exception {
        CosdProcess.Running p = CosdProcess.start(env, "serve", "--port", "0", "--bind", "127.0.0.1", "--data-dir", dir.toString());
        p.awaitLine("cosd listening on");
        return p;
    }

    private static List<String> nodes(Map<String, String> env, Path dir) throws Exception {
        CosdProcess.Result r = CosdProcess.run(env, "admin", "--data-dir", dir.toString(), "nodes");
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().lines().toList();
    }

    private static String nodeId(Path dir) throws Exception {
        return Files.readString(dir.resolve("node-id")).strip();
    }

    @Test
    void aLoneSqliteNodeHoldsEveryLeaseAndAdminNodesSaysSo() throws Exception {
        Path dir = Files.createTempDirectory("cosd-nodes");
        try (CosdProcess.Running serve = serve(env(Map.of()), dir)) {
            List<String> lines = nodes(env(Map.of()), dir);
            String id = nodeId(dir);
            assertThat(lines).first().asString().startsWith(id + "\tlive\t127.0.0.1:").contains("leases=lifecycle,restore,scrub");
            assertThat(lines).anyMatch(l -> l.startsWith("lease lifecycle\theld by " + id));
        } finally {
            delete(dir);
        }
    }

    @Test
    void twoNodesOverOnePostgresShareTheLeasesAndTheSurvivorTakesThemOverAfterTheHolderIsKilled() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase("cosd_e2e_nodes");
        Map<String, String> env = env(Map.of("COSD_METADATA_URL", pg.url(db),
                "COSD_MASTER_KEY", Base64.getEncoder().encodeToString(SecretSealer.newKey())));
        Path dirA = Files.createTempDirectory("cosd-node-a"), dirB = Files.createTempDirectory("cosd-node-b");
        try (CosdProcess.Running a = serve(env, dirA); CosdProcess.Running b = serve(env, dirB)) {
            String idA = nodeId(dirA), idB = nodeId(dirB);
            List<String> both = nodes(env, dirA);
            assertThat(both).anyMatch(l -> l.startsWith(idA + "\tlive\t") && l.endsWith("leases=lifecycle,restore,scrub"));
            assertThat(both).anyMatch(l -> l.startsWith(idB + "\tlive\t") && l.endsWith("leases=-"));

            a.process.destroyForcibly().waitFor(); // SIGKILL: no release, the leases must lapse
            long killed = System.nanoTime();
            List<String> after = List.of();
            while (System.nanoTime() - killed < 20_000_000_000L) {
                after = nodes(env, dirB);
                if (after.stream().anyMatch(l -> l.startsWith(idB + "\tlive\t") && l.endsWith("leases=lifecycle,restore,scrub"))) break;
                Thread.sleep(200);
            }
            assertThat(after).anyMatch(l -> l.startsWith(idB + "\tlive\t") && l.endsWith("leases=lifecycle,restore,scrub"));
            assertThat(after).anyMatch(l -> l.startsWith(idA + "\tdead\t") && l.endsWith("leases=-"));
            assertThat(after).anyMatch(l -> l.startsWith("lease lifecycle\theld by " + idB) && !l.endsWith("token=1"));
        } finally {
            pg.dropDatabase(db);
            delete(dirA);
            delete(dirB);
        }
    }

    private static void delete(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
