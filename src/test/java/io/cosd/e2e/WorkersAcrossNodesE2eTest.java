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
 * TTL of 1.5 s (the test-only {@code cosd.lease.*} knobs, through JAVA_TOOL_OPTIONS).
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

    /**
     * SC-L6 with a lifecycle pass under way: 60 buckets whose current versions all expire (Enabled:
     * one delete marker each), lifecycle days of 2 s. Node A holds the lease and is SIGKILLed once its
     * pass has a cursor; node B takes the lease over, finishes, and every key ends with exactly one
     * delete marker over its version.
     */
    @Test
    void aLifecyclePassWhoseHolderIsKilledMidPassIsFinishedByTheOtherNodeWithEachExpirationOnce() throws Exception {
        TestPostgres pg = TestPostgres.get();
        String db = pg.createDatabase("cosd_e2e_takeover");
        Map<String, String> env = env(Map.of("COSD_METADATA_URL", pg.url(db), "COSD_LIFECYCLE_DAY_SECONDS", "2",
                "COSD_MASTER_KEY", Base64.getEncoder().encodeToString(SecretSealer.newKey())));
        Path dirA = Files.createTempDirectory("cosd-node-a"), dirB = Files.createTempDirectory("cosd-node-b");
        int buckets = 60, keys = 4;
        try (CosdProcess.Running a = serve(env, dirA); CosdProcess.Running b = serve(env, dirB);
             java.sql.Connection sql = java.sql.DriverManager.getConnection(pg.jdbcUrl(db))) {
            String listening = a.awaitLine("cosd listening on");
            int port = Integer.parseInt(listening.replaceAll(".*http://127\\.0\\.0\\.1:(\\d+).*", "$1"));
            try (var s3 = software.amazon.awssdk.services.s3.S3Client.builder()
                    .endpointOverride(java.net.URI.create("http://127.0.0.1:" + port))
                    .region(software.amazon.awssdk.regions.Region.of(E2e.REGION))
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                    .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().pathStyleAccessEnabled(true).build())
                    .build()) {
                for (int i = 0; i < buckets; i++) {
                    String name = E2e.bucket("take" + i);
                    s3.createBucket(x -> x.bucket(name));
                    s3.putBucketVersioning(x -> x.bucket(name).versioningConfiguration(v -> v.status("Enabled")));
                    for (int k = 0; k < keys; k++) {
                        String key = "k" + k;
                        s3.putObject(x -> x.bucket(name).key(key), software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
                    }
                }
                Thread.sleep(2_500); // a lifecycle day: every version is older than Days=1
                for (int i = 0; i < buckets; i++) {
                    String name = E2e.bucket("take" + i);
                    s3.putBucketLifecycleConfiguration(x -> x.bucket(name).lifecycleConfiguration(c -> c.rules(r -> r.id("e")
                            .status("Enabled").filter(f -> f.prefix("")).expiration(e -> e.days(1)))));
                }
            }
            // Kill node-a (the holder: it started first) as soon as its pass has written a cursor.
            long until = System.nanoTime() + 30_000_000_000L;
            String cursor = "";
            while (System.nanoTime() < until && !cursor.startsWith("run\t")) {
                try (var st = sql.createStatement(); var rs = st.executeQuery("SELECT cursor FROM worker_checkpoints WHERE worker = 'lifecycle'")) {
                    cursor = rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
                }
                Thread.sleep(2);
            }
            assertThat(cursor).as("node-a's pass under way").startsWith("run\t");
            a.process.destroyForcibly().waitFor();
            try (var st = sql.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM objects WHERE delete_marker = 1")) {
                rs.next();
                assertThat(rs.getLong(1)).as("killed mid-pass: some keys not expired yet").isLessThan((long) buckets * keys);
            }

            // node-b finishes: every key gets its one delete marker.
            long deadline = System.nanoTime() + 60_000_000_000L;
            long markers = 0;
            while (System.nanoTime() < deadline && markers < (long) buckets * keys) {
                try (var st = sql.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM objects WHERE delete_marker = 1")) {
                    rs.next();
                    markers = rs.getLong(1);
                }
                Thread.sleep(100);
            }
            Thread.sleep(4_500); // two more lifecycle days: later passes change nothing
            try (var st = sql.createStatement(); var rs = st.executeQuery("SELECT bucket, key, COUNT(*), SUM(delete_marker) FROM objects"
                    + " GROUP BY bucket, key HAVING COUNT(*) <> 2 OR SUM(delete_marker) <> 1")) {
                List<String> wrong = new java.util.ArrayList<>();
                while (rs.next()) wrong.add(rs.getString(1) + "/" + rs.getString(2) + " versions=" + rs.getLong(3) + " markers=" + rs.getLong(4));
                assertThat(wrong).as("every key: its version and exactly one delete marker").isEmpty();
            }
            try (var st = sql.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM objects")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2L * buckets * keys);
            }
            String idB = nodeId(dirB);
            assertThat(nodes(env, dirB)).anyMatch(l -> l.startsWith("lease lifecycle\theld by " + idB));
            assertThat(b.output()).contains("took the lifecycle lease");
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
