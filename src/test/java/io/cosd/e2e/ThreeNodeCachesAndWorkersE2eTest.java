package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.SetBucketReplicationConfigurationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cosd.e2e.CachesAcrossNodesOnPostgresTest.anonymousGet;
import static io.cosd.e2e.CachesAcrossNodesOnPostgresTest.code;
import static io.cosd.e2e.CachesAcrossNodesOnPostgresTest.withinASecond;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale-out cases that need three {@code cosd serve} processes over one PostgreSQL and one blob
 * root (docs/scale-out.md "Multi-node tests"): a bucket policy and a key revocation in force on every
 * node within a second (SC-C5, SC-C6), a lifecycle pass finished by another node after its holder was
 * SIGKILLed with each action applied once (SC-L3, SC-L6), and every version written through the three
 * nodes delivered to a peer region exactly once, a node SIGKILLed midway (SC-L4).
 * <p>
 * One cluster for the class, each test its own buckets. The nodes run with a lease TTL of 1.5 s and a
 * renewal every 0.3 s (the test-only {@code cosd.lease.*} knobs), lifecycle days of 2 s, and know the
 * peer region {@code ap-shanghai}: a cosd in this JVM on its own SQLite, holding the same account, as
 * {@link ReplicationEngineTest} sets a peer up. A test that kills a node starts it again before it ends.
 */
class ThreeNodeCachesAndWorkersE2eTest {
    static final long TTL_MS = 1500, RENEW_MS = 300;
    /**
     * SC-L3's take-over bound is TTL + one renewal interval; the lease keeper waits that interval after
     * its previous round ended, so its own round (a heartbeat and three upserts) and this test's poll
     * come on top. One second covers both on the shared 2-core test machine.
     */
    static final long ROUND_AND_POLL_MS = 1000;
    private static E2e peer;
    private static NodeCluster cluster;
    private static final List<S3Client> s3 = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        peer = new E2e(Files.createTempDirectory("cosd-peer"), "ap-shanghai", null, 0);
        cluster = NodeCluster.start(3, Map.of(
                "JAVA_TOOL_OPTIONS", "-Dcosd.lease.ttlMillis=" + TTL_MS + " -Dcosd.lease.renewMillis=" + RENEW_MS,
                "COSD_LIFECYCLE_DAY_SECONDS", "2",
                "COSD_REGIONS", "ap-shanghai=" + peer.endpoint()), List.of());
        for (NodeCluster.Node n : cluster.nodes()) s3.add(n.s3());
    }

    @AfterAll
    static void stop() throws Exception {
        s3.forEach(S3Client::close);
        if (cluster != null) cluster.close();
        if (peer != null) peer.close();
    }

    // ---- SC-C5: a bucket policy ----

    @Test
    void aPolicysGrantAndDenyPutThroughNodeAAreEnforcedOnNodeCWithinASecondAndItsRemovalThroughCOnA_SC_C5() throws Exception {
        String b = E2e.bucket("three-policy");
        int portA = cluster.node(0).port(), portB = cluster.node(1).port(), portC = cluster.node(2).port();
        s3.get(0).createBucket(r -> r.bucket(b));
        s3.get(0).putObject(r -> r.bucket(b).key("public/hello.txt"), RequestBody.fromString("hello"));
        s3.get(0).putObject(r -> r.bucket(b).key("secret/s.txt"), RequestBody.fromString("s"));
        for (int port : new int[] {portA, portB, portC}) { // every node answers, and so caches, "no policy" first
            assertThat(anonymousGet(port, b, "public/hello.txt")).isEqualTo(403);
        }
        for (S3Client node : s3) assertThat(ownerGet(node, b, "secret/s.txt")).isEqualTo(200);

        String grant = "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + b + "/public/*\"}";
        s3.get(0).putBucketPolicy(r -> r.bucket(b).policy(policy(grant)));
        withinASecond("a grant put through A, anonymous GET on C", () -> anonymousGet(portC, b, "public/hello.txt") == 200);
        withinASecond("a grant put through A, anonymous GET on B", () -> anonymousGet(portB, b, "public/hello.txt") == 200);

        // An S3-grammar Deny for everyone binds the owner too (POL-S7): the owner's own signed GET starts failing.
        String deny = "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::" + b + "/secret/*\"}";
        s3.get(0).putBucketPolicy(r -> r.bucket(b).policy(policy(grant, deny)));
        withinASecond("a deny put through A, the owner's GET on C", () -> ownerGet(s3.get(2), b, "secret/s.txt") == 403);
        withinASecond("a deny put through A, the owner's GET on B", () -> ownerGet(s3.get(1), b, "secret/s.txt") == 403);
        assertThat(anonymousGet(portC, b, "public/hello.txt")).isEqualTo(200);

        s3.get(2).deleteBucketPolicy(r -> r.bucket(b)); // and back the other way: C to A
        withinASecond("the policy deleted through C, gone on A", () ->
                anonymousGet(portA, b, "public/hello.txt") == 403 && ownerGet(s3.get(0), b, "secret/s.txt") == 200);
        withinASecond("the policy deleted through C, gone on B", () ->
                anonymousGet(portB, b, "public/hello.txt") == 403 && ownerGet(s3.get(1), b, "secret/s.txt") == 200);
    }

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    /** The status of the owner's signed GET. */
    private static int ownerGet(S3Client node, String bucket, String key) {
        try {
            node.getObjectAsBytes(r -> r.bucket(bucket).key(key));
            return 200;
        } catch (S3Exception e) {
            return e.statusCode();
        }
    }

    // ---- SC-C6: a revoked key ----

    @Test
    void aKeyRevokedBesideNodeBFailsOnEveryNodeWithinASecond_SC_C6() throws Exception {
        Matcher m = Pattern.compile("SecretId:\\s+(\\S+)\\s+SecretKey:\\s+(\\S+)").matcher(cluster.admin("key", "create", "--uin", E2e.UIN));
        assertThat(m.find()).isTrue();
        String id = m.group(1), key = m.group(2);
        List<S3Client> withKey = new ArrayList<>();
        try {
            for (NodeCluster.Node n : cluster.nodes()) withKey.add(CachesAcrossNodesOnPostgresTest.s3(n.port(), id, key));
            for (S3Client c : withKey) assertThat(code(c)).as("the new key works on every node").isNull();

            // Keys have no HTTP endpoint (docs/console.md): an operator revokes with cosd admin on the shared database.
            cluster.admin("key", "revoke", "--secret-id", id);
            withinASecond("the revoked key refused on A, B and C", () ->
                    withKey.stream().allMatch(c -> "InvalidAccessKeyId".equals(code(c))));
        } finally {
            withKey.forEach(S3Client::close);
        }
    }

    // ---- SC-L3, SC-L6: a lifecycle pass whose holder dies ----

    /**
     * 40 versioned buckets (each expiration: one delete marker) and 20 unversioned ones (each
     * expiration: the object gone), four keys each. The node holding the lifecycle lease (read from
     * {@code worker_leases}) is SIGKILLed once its pass has a cursor; another node takes the lease
     * within TTL + one renewal, resumes and finishes; two lifecycle days later nothing more changed.
     */
    @Test
    void killingTheLifecycleLeaseHolderMidPassLetsAnotherNodeFinishItWithEachActionOnce_SC_L3() throws Exception {
        int versioned = 40, unversioned = 20, keys = 4;
        runOnEachNode(node -> {
            for (int i = node; i < versioned + unversioned; i += 3) {
                String b = lifecycleBucket(i, versioned);
                s3.get(node).createBucket(r -> r.bucket(b));
                if (i < versioned) s3.get(node).putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status("Enabled")));
                for (int k = 0; k < keys; k++) {
                    String key = "k" + k;
                    s3.get(node).putObject(r -> r.bucket(b).key(key), RequestBody.fromString("x"));
                }
            }
        });
        Thread.sleep(2_500); // a lifecycle day: every version is older than Days=1
        runOnEachNode(node -> {
            for (int i = node; i < versioned + unversioned; i += 3) {
                String b = lifecycleBucket(i, versioned);
                s3.get(node).putBucketLifecycleConfiguration(r -> r.bucket(b).lifecycleConfiguration(c -> c.rules(x -> x.id("e")
                        .status("Enabled").filter(f -> f.prefix("")).expiration(e -> e.days(1)))));
            }
        });

        NodeCluster.Node holder = null;
        try (Connection sql = cluster.sql()) {
            long until = System.nanoTime() + 30_000_000_000L;
            String cursor = "";
            while (System.nanoTime() < until && !cursor.startsWith("run\t")) {
                cursor = one(sql, "SELECT cursor FROM worker_checkpoints WHERE worker = 'lifecycle'");
                Thread.sleep(2);
            }
            assertThat(cursor).as("a lifecycle pass under way").startsWith("run\t");
            holder = cluster.byId(one(sql, "SELECT holder FROM worker_leases WHERE name = 'lifecycle'"));
            assertThat(holder).isNotNull();
            holder.kill();
            long killed = System.nanoTime();
            String victim = holder.id();
            long markers = count(sql, "SELECT COUNT(*) FROM objects WHERE bucket LIKE 'tlv%' AND delete_marker = 1");
            long left = count(sql, "SELECT COUNT(*) FROM objects WHERE bucket LIKE 'tlu%'");
            assertThat(markers < (long) versioned * keys || left > 0).as("killed mid-pass: some actions not applied yet").isTrue();
            long oldExpiry = count(sql, "SELECT expires_at FROM worker_leases WHERE name = 'lifecycle'");

            // SC-L3: another node takes the lease within TTL + one renewal (its own round and the poll on top).
            String taker = victim;
            while (taker.equals(victim) && System.nanoTime() - killed < 20_000_000_000L) {
                taker = one(sql, "SELECT holder FROM worker_leases WHERE name = 'lifecycle'");
                if (taker.equals(victim)) Thread.sleep(10);
            }
            long takeoverMs = (System.nanoTime() - killed) / 1_000_000;
            System.out.println("lifecycle lease taken over " + takeoverMs + " ms after the holder's SIGKILL (TTL " + TTL_MS
                    + " ms, renewal " + RENEW_MS + " ms)");
            NodeCluster.Node next = cluster.byId(taker);
            assertThat(next).as("a surviving node of the cluster").isNotNull().isNotSameAs(holder);
            assertThat(takeoverMs).isLessThanOrEqualTo(TTL_MS + RENEW_MS + ROUND_AND_POLL_MS);
            assertThat(count(sql, "SELECT acquired_at FROM worker_leases WHERE name = 'lifecycle'"))
                    .as("no overlap: taken only once the dead holder's lease expired (SC-L1)").isGreaterThanOrEqualTo(oldExpiry);

            // The survivor finishes the pass: each versioned key one delete marker, each unversioned object gone.
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline && (markers < (long) versioned * keys || left > 0)) {
                Thread.sleep(100);
                markers = count(sql, "SELECT COUNT(*) FROM objects WHERE bucket LIKE 'tlv%' AND delete_marker = 1");
                left = count(sql, "SELECT COUNT(*) FROM objects WHERE bucket LIKE 'tlu%'");
            }
            Thread.sleep(4_500); // two more lifecycle days: later passes change nothing
            List<String> wrong = new ArrayList<>();
            try (var st = sql.createStatement(); var rs = st.executeQuery("SELECT bucket, key, COUNT(*), SUM(delete_marker) FROM objects"
                    + " WHERE bucket LIKE 'tlv%' GROUP BY bucket, key HAVING COUNT(*) <> 2 OR SUM(delete_marker) <> 1")) {
                while (rs.next()) wrong.add(rs.getString(1) + "/" + rs.getString(2) + " versions=" + rs.getLong(3) + " markers=" + rs.getLong(4));
            }
            assertThat(wrong).as("every versioned key: its version and exactly one delete marker").isEmpty();
            assertThat(count(sql, "SELECT COUNT(*) FROM objects WHERE bucket LIKE 'tlv%'")).isEqualTo(2L * versioned * keys);
            assertThat(count(sql, "SELECT COUNT(*) FROM objects WHERE bucket LIKE 'tlu%'")).as("every unversioned object gone").isZero();
            assertThat(next.output()).contains("took the lifecycle lease");
            for (NodeCluster.Node n : cluster.nodes()) {
                if (n != holder) assertThat(n.output()).as(n.name).doesNotContain("worker lifecycle failed");
            }
        } finally {
            if (holder != null && !holder.alive()) holder.restart();
        }
    }

    /** Bucket {@code i}: versioned ones {@code tlv<i>-…}, unversioned ones {@code tlu<i>-…}, told apart in SQL by the prefix. */
    private static String lifecycleBucket(int i, int versioned) {
        return E2e.bucket(i < versioned ? "tlv" + i : "tlu" + i);
    }

    // ---- SC-L4: replication from three nodes ----

    /**
     * Three writers, one per node, PUT (2 KiB inline, every fifth 100 KiB on the shared root) and
     * delete over twelve keys of a versioned bucket replicated to the peer region, so each key gets
     * versions and delete markers from every node; node C is SIGKILLed midway (its writer goes on
     * through A and B). Then every version and delete marker the source lists is listed by the peer
     * exactly once, with its id and ETag, and the outbox holds nothing but completed rows. Delivery is
     * at least once (a row C claimed lapses with its heartbeat and is sent again by another node);
     * the peer is a cosd, which keeps the source's version id, so a repeat lands on the same version.
     */
    @Test
    void everyVersionWrittenThroughThreeNodesReachesThePeerRegionExactlyOnceWithANodeKilledMidway_SC_L4() throws Exception {
        String src = E2e.bucket("three-repl-src"), dst = E2e.bucket("three-repl-dst");
        NodeCluster.Node victim = cluster.node(2);
        COSClient cosA = cluster.node(0).cos(), cosPeer = peer.cos();
        try (S3Client peerS3 = peer.s3(); Connection sql = cluster.sql()) {
            cosPeer.createBucket(dst);
            ReplicationEngineTest.versioning(cosPeer, dst, BucketVersioningConfiguration.ENABLED);
            cosA.createBucket(src);
            ReplicationEngineTest.versioning(cosA, src, BucketVersioningConfiguration.ENABLED);
            for (S3Client n : s3) assertThat(replicates(n, src)).isFalse(); // every node answers, and caches, "no rule" first
            cosA.setBucketReplicationConfiguration(new SetBucketReplicationConfigurationRequest(src,
                    ReplicationConfigApiTest.config("all", "data/", "qcs::cos:ap-shanghai::" + dst, null)));
            // SC-C5: the rule is in force on B and C within a second; a write before that would not be queued (REP-R1).
            withinASecond("the replication rule on B and C", () -> s3.stream().allMatch(n -> replicates(n, src)));

            AtomicInteger acked = new AtomicInteger(), ackedByVictim = new AtomicInteger();
            AtomicBoolean killed = new AtomicBoolean();
            ConcurrentLinkedQueue<String> ackedIds = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 40; i++) {
                        int node = writer == 2 && killed.get() ? i % 2 : writer; // the balancer takes the dead node out
                        String key = "data/k" + (writer * 5 + i * 7) % 12;
                        try {
                            String versionId = i % 8 == 7
                                    ? s3.get(node).deleteObject(r -> r.bucket(src).key(key)).versionId()
                                    : s3.get(node).putObject(r -> r.bucket(src).key(key), RequestBody.fromBytes(
                                            ThreeNodeE2eTest.body(key + writer + "/" + i, i % 5 == 0 ? 100 * 1024 : 2048))).versionId();
                            ackedIds.add(versionId);
                            acked.incrementAndGet();
                            if (node == 2) ackedByVictim.incrementAndGet();
                        } catch (Exception e) {
                            if (node != 2) unexpected.add(e); // in flight on the victim as it died: not acknowledged
                        }
                    }
                }));
            }
            long until = System.nanoTime() + 60_000_000_000L;
            while (acked.get() < 45 && System.nanoTime() < until) Thread.sleep(10);
            killed.set(true);
            victim.kill();
            for (Thread t : writers) t.join(120_000);
            assertThat(unexpected).as("A and B answered every request").isEmpty();
            assertThat(ackedByVictim.get()).as("C acknowledged writes before it died").isPositive();

            long deadline = System.nanoTime() + 90_000_000_000L;
            long open = Long.MAX_VALUE;
            while (open > 0 && System.nanoTime() < deadline) {
                assertThat(one(sql, "SELECT MIN(last_error) FROM replication_outbox WHERE status = 'FAILED'")).as("a failed row").isEmpty();
                open = count(sql, "SELECT COUNT(*) FROM replication_outbox WHERE status <> 'COMPLETED'");
                if (open > 0) Thread.sleep(100);
            }
            assertThat(open).as("the outbox drained: every row completed").isZero();

            List<String> source = versions(s3.get(0), src), replicas = versions(peerS3, dst);
            assertThat(source).as("every acknowledged write is a version").hasSizeGreaterThanOrEqualTo(ackedIds.size());
            assertThat(source.stream().map(v -> v.split(" ")[1]).toList()).containsAll(ackedIds);
            assertThat(replicas).as("the peer holds every version exactly once, same id and ETag").containsExactlyElementsOf(source);
            assertThat(count(sql, "SELECT COUNT(*) FROM replication_outbox WHERE bucket = '" + src + "'"))
                    .as("one outbox row per version").isEqualTo(source.size());
            System.out.println("replication from three nodes: " + source.size() + " versions and markers (" + ackedByVictim.get()
                    + " acknowledged by C before its SIGKILL), each once at the peer, which answered " + peerWrites()
                    + " replica writes");
        } finally {
            cosA.shutdown();
            cosPeer.shutdown();
            if (!victim.alive()) victim.restart();
        }
    }

    private static boolean replicates(S3Client node, String bucket) {
        try {
            return !node.getBucketReplication(r -> r.bucket(bucket)).replicationConfiguration().rules().isEmpty();
        } catch (S3Exception e) {
            return false; // ReplicationConfigurationNotFoundError: not in force on this node yet
        }
    }

    /** Every version and delete marker of {@code bucket} as "key versionId etag kind", in key then listing order. */
    private static List<String> versions(S3Client node, String bucket) {
        List<String> all = new ArrayList<>();
        node.listObjectVersionsPaginator(r -> r.bucket(bucket)).forEach(page -> {
            page.versions().forEach(v -> all.add(v.key() + " " + v.versionId() + " " + v.eTag() + " version"));
            page.deleteMarkers().forEach(d -> all.add(d.key() + " " + d.versionId() + " - marker"));
        });
        all.sort(null);
        return all;
    }

    /** The peer's answered PUT and DELETE requests (its metrics): more than the versions when a row was sent twice. */
    private static long peerWrites() throws Exception {
        String text = RawHttp.send(peer.port(), "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), new byte[0]).text();
        Matcher m = Pattern.compile("(?m)^cosd_requests_total\\{[^}]*operation=\"(?:PUT_OBJECT|DELETE_OBJECT)\"[^}]*status=\"2\\d\\d\"[^}]*} (\\S+)$")
                .matcher(text);
        long n = 0;
        while (m.find()) n += (long) Double.parseDouble(m.group(1));
        return n;
    }

    // ---- helpers ----

    private interface NodeWork {
        void run(int node) throws Exception;
    }

    /** {@code work} for nodes 0, 1 and 2 at once, one thread each; rethrows the first failure. */
    private static void runOnEachNode(NodeWork work) throws Exception {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            int node = n;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    work.run(node);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread t : threads) t.join();
        if (!failures.isEmpty()) throw new AssertionError(failures.peek());
    }

    private static String one(Connection sql, String query) throws Exception {
        try (PreparedStatement st = sql.prepareStatement(query); ResultSet rs = st.executeQuery()) {
            return rs.next() && rs.getString(1) != null ? rs.getString(1) : "";
        }
    }

    private static long count(Connection sql, String query) throws Exception {
        return Long.parseLong(one(sql, query));
    }
}
