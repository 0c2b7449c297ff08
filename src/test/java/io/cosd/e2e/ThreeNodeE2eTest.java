package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.model.ObjectMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Three cosd processes over one PostgreSQL database and one shared blob root, as docs/scale-out.md
 * deploys them behind a load balancer ({@link NodeCluster}): any node reads what any other wrote, at
 * once; listings agree while all three write; a node SIGKILLed under load loses no acknowledged
 * object. One cluster for the class; each test its own bucket.
 */
class ThreeNodeE2eTest {
    private static NodeCluster cluster;
    private static final List<S3Client> s3 = new ArrayList<>();
    private static final List<COSClient> cos = new ArrayList<>();

    @BeforeAll
    static void startThreeNodes() throws Exception {
        cluster = NodeCluster.start(3);
        for (NodeCluster.Node n : cluster.nodes()) {
            s3.add(n.s3());
            cos.add(n.cos());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        s3.forEach(S3Client::close);
        cos.forEach(COSClient::shutdown);
        if (cluster != null) cluster.close();
    }

    @Test
    void everyNodeIsHealthyOnTheSharedDatabaseAndRootAndLabelsItsMetricsWithItsOwnId() throws Exception {
        Set<String> ids = new HashSet<>();
        for (NodeCluster.Node n : cluster.nodes()) {
            var h = n.health();
            assertThat(h.status()).isEqualTo(200);
            assertThat(h.text()).startsWith("ok\n").contains("node=" + n.id() + "\n", "metadata.engine=postgresql\n",
                    "metadata.reachable=true\n", "blobs.kind=shared\n", "blobs.writable=true\n");
            assertThat(n.metrics()).contains("cosd_requests_total{node=\"" + n.id() + "\",operation=\"HEALTH\",status=\"200\"}");
            ids.add(n.id());
        }
        assertThat(ids).hasSize(3);
    }

    @Test
    void aPutThroughOneNodeIsReadThroughAnotherAtOnceWithBothSdks() throws Exception {
        String b = E2e.bucket("three-raw");
        cos.get(0).createBucket(b);
        // COS Java SDK: written through A, read through B and C.
        byte[] first = body("cos-1", 4096);
        cos.get(0).putObject(b, "cos.bin", new ByteArrayInputStream(first), length(first.length));
        for (int i : new int[] {1, 2}) {
            try (var in = cos.get(i).getObject(b, "cos.bin").getObjectContent()) {
                assertThat(in.readAllBytes()).as("through node %d", i).isEqualTo(first);
            }
        }
        // AWS SDK v2: written through B, read through C and A; a file-backed size too (beyond --inline-max).
        for (int size : new int[] {4096, 200 * 1024}) {
            byte[] bytes = body("aws-" + size, size);
            s3.get(1).putObject(r -> r.bucket(b).key("aws-" + size), RequestBody.fromBytes(bytes));
            assertThat(s3.get(2).getObjectAsBytes(r -> r.bucket(b).key("aws-" + size)).asByteArray()).isEqualTo(bytes);
            assertThat(s3.get(0).getObjectAsBytes(r -> r.bucket(b).key("aws-" + size)).asByteArray()).isEqualTo(bytes);
        }
        // Overwritten through C: A and B serve the new bytes at once; deleted through A: B and C answer 404.
        byte[] second = body("cos-2", 5000);
        s3.get(2).putObject(r -> r.bucket(b).key("cos.bin"), RequestBody.fromBytes(second));
        try (var in = cos.get(0).getObject(b, "cos.bin").getObjectContent()) {
            assertThat(in.readAllBytes()).isEqualTo(second);
        }
        assertThat(s3.get(1).getObjectAsBytes(r -> r.bucket(b).key("cos.bin")).asByteArray()).isEqualTo(second);
        s3.get(0).deleteObject(r -> r.bucket(b).key("cos.bin"));
        assertThatThrownBy(() -> s3.get(1).headObject(r -> r.bucket(b).key("cos.bin"))).hasMessageContaining("404");
        assertThatThrownBy(() -> s3.get(2).getObjectAsBytes(r -> r.bucket(b).key("cos.bin"))).isInstanceOf(NoSuchKeyException.class);
        assertThat(cos.get(2).doesObjectExist(b, "cos.bin")).isFalse();
    }

    @Test
    void listObjectsThroughAnyNodeSeesEveryAcknowledgedKeyWhileAllThreeWrite() throws Exception {
        String b = E2e.bucket("three-list");
        s3.get(0).createBucket(r -> r.bucket(b));
        Set<String> acked = ConcurrentHashMap.newKeySet(), tried = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        int perWriter = 40;
        CountDownLatch writersDone = new CountDownLatch(3);
        for (int w = 0; w < 3; w++) {
            int node = w;
            Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < perWriter; i++) {
                        String key = "w" + node + "/" + i;
                        tried.add(key);
                        s3.get(node).putObject(r -> r.bucket(b).key(key), RequestBody.fromBytes(body(key, 512)));
                        acked.add(key);
                    }
                } catch (Throwable t) {
                    failures.add(t);
                } finally {
                    writersDone.countDown();
                }
            });
        }
        int lists = 0;
        while (writersDone.getCount() > 0 || lists < 6) {
            Set<String> before = Set.copyOf(acked); // acknowledged before this listing began: it must show them
            Set<String> listed = list(s3.get(lists % 3), b);
            assertThat(listed).as("listing %d through node %d", lists, lists % 3).containsAll(before);
            assertThat(tried).containsAll(listed);
            lists++;
        }
        assertThat(failures).isEmpty();
        assertThat(acked).hasSize(3 * perWriter);
        for (int i = 0; i < 3; i++) assertThat(list(s3.get(i), b)).as("through node %d", i).isEqualTo(new TreeSet<>(acked));
    }

    @Test
    void aNodeKilledUnderSignedPutLoadLosesNoAcknowledgedObjectAndRestartsOnTheSharedRoot_ST_C2() throws Exception {
        String b = E2e.bucket("three-kill");
        s3.get(0).createBucket(r -> r.bucket(b));
        NodeCluster.Node victim = cluster.node(2);
        Map<String, Integer> acked = new ConcurrentHashMap<>(); // key -> size
        AtomicInteger failed = new AtomicInteger(), seq = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean(), stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            writers.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    int n = seq.getAndIncrement();
                    int node = n % 3;
                    if (node == 2 && killed.get()) node = n % 2; // the load balancer takes the dead node out
                    String key = "k" + n;
                    int size = n % 4 == 0 ? 100 * 1024 : 4096; // every fourth a file on the shared root, the rest inline
                    try {
                        int target = node;
                        s3.get(target).putObject(r -> r.bucket(b).key(key), RequestBody.fromBytes(body(key, size)));
                        acked.put(key, size);
                    } catch (Exception e) {
                        if (node == 2) failed.incrementAndGet(); // in flight on the victim as it died: not acknowledged
                        else unexpected.add(e);
                    }
                }
            }));
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (acked.size() < 150 && System.nanoTime() < deadline) Thread.sleep(20);
        int ackedBeforeKill = acked.size();
        killed.set(true);
        victim.kill();
        int atKill = acked.size();
        while (acked.size() < atKill + 60 && System.nanoTime() < deadline) Thread.sleep(20);
        stop.set(true);
        for (Thread t : writers) t.join(60_000);
        assertThat(unexpected).as("the surviving nodes answered every PUT").isEmpty();
        assertThat(ackedBeforeKill).isGreaterThanOrEqualTo(150);
        assertThat(acked.keySet().stream().filter(k -> Integer.parseInt(k.substring(1)) % 3 == 2))
                .as("the victim acknowledged some PUTs before it died").isNotEmpty();

        for (int node : new int[] {0, 1}) assertEveryAcknowledgedObject(s3.get(node), b, acked);
        assertThat(cluster.node(0).health().status()).isEqualTo(200);

        victim.restart();
        assertThat(victim.health().status()).isEqualTo(200);
        try (S3Client again = victim.s3()) {
            assertEveryAcknowledgedObject(again, b, acked);
        }
        assertThat(list(s3.get(0), b)).containsAll(acked.keySet());
    }

    /**
     * SC-T1, SC-T4, SC-T5 (docs/scale-out.md "Transactions"): 24 writers, 8 per node, PUT new keys and
     * overwrites of shared keys into one bucket. The writes queue on the bucket's row lock: no PUT is
     * answered 5xx on any node (the SDK would retry one silently, so each node's own counts are
     * read), every key is listed, and the nodes ran next to no transaction again (before SC-T1 about
     * four failed attempts per PUT; the slack is for the lease keepers' SERIALIZABLE upserts).
     */
    @Test
    void twentyFourWritersOfThreeNodesInOneBucketAreNeverAnswered5xxAndAlmostNeverRetried_SC_T1_T4_T5() throws Exception {
        String b = E2e.bucket("three-hot");
        cos.get(0).createBucket(b);
        int threads = 24, each = 15;
        long before = retries();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failed = new ConcurrentLinkedQueue<>();
        Set<String> keys = ConcurrentHashMap.newKeySet();
        for (int t = 0; t < threads; t++) {
            int me = t;
            writers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        String key = i % 3 == 0 ? "shared-" + (i + me) % 4 : "k-" + me + "-" + i;
                        s3.get(me % 3).putObject(r -> r.bucket(b).key(key), RequestBody.fromBytes(body(key, 4096)));
                        keys.add(key);
                    }
                } catch (Throwable e) {
                    failed.add(e);
                }
            }));
        }
        go.countDown();
        for (Thread w : writers) w.join();
        assertThat(failed).isEmpty();
        assertThat(list(s3.get(1), b)).isEqualTo(new TreeSet<>(keys));
        for (NodeCluster.Node n : cluster.nodes()) {
            assertThat(n.metrics()).doesNotContainPattern("operation=\"PUT_OBJECT\",status=\"5");
        }
        assertThat(retries() - before).as("transactions run again during %d PUTs", threads * each).isLessThan(threads * each / 10);
    }

    /** The nodes' {@code cosd_db_retries_total}, summed (SC-T5). */
    private static long retries() throws Exception {
        long sum = 0;
        for (NodeCluster.Node n : cluster.nodes()) {
            var m = java.util.regex.Pattern.compile("(?m)^cosd_db_retries_total\\{node=\"[^\"]*\"} ([0-9.E+]+)$").matcher(n.metrics());
            assertThat(m.find()).as("cosd_db_retries_total on node %s", n.id()).isTrue();
            sum += (long) Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static void assertEveryAcknowledgedObject(S3Client client, String bucket, Map<String, Integer> acked) {
        for (var e : acked.entrySet()) {
            assertThat(client.getObjectAsBytes(r -> r.bucket(bucket).key(e.getKey())).asByteArray())
                    .as("acknowledged %s", e.getKey()).isEqualTo(body(e.getKey(), e.getValue()));
        }
    }

    private static Set<String> list(S3Client client, String bucket) {
        return client.listObjectsV2Paginator(r -> r.bucket(bucket).maxKeys(50)).contents().stream()
                .map(S3Object::key).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The bytes an object of this key and size must hold: reproducible from the key alone. */
    static byte[] body(String key, int size) {
        byte[] b = new byte[size];
        new Random(key.hashCode() * 31L + size).nextBytes(b);
        return b;
    }

    private static ObjectMetadata length(long n) {
        ObjectMetadata m = new ObjectMetadata();
        m.setContentLength(n);
        return m;
    }
}
