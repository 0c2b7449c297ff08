package io.cosd.store.meta.jdbc;

import io.cosd.domain.bucket.Bucket;
import io.cosd.domain.bucket.VersioningState;
import io.cosd.domain.identity.Account;
import io.cosd.domain.object.ContentHeaders;
import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.VersionIds;
import io.cosd.store.meta.LeaseRepository.Lease;
import io.cosd.store.meta.MetadataStore;
import io.cosd.store.meta.ReplicationOutbox;
import io.cosd.store.meta.StoreFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two stores (two pools, as two cosd nodes have) over one PostgreSQL racing for worker leases and
 * outbox rows (docs/scale-out.md "Workers across nodes"): one holder at a time, take-over after
 * expiry, each row claimed by one node.
 */
class PostgresNodeLeasesTest {
    String db;
    MetadataStore a, b;

    TwoStores nodes;

    @BeforeEach
    void open() {
        nodes = TwoStores.open("cosd_leases");
        db = nodes.db();
        a = nodes.a();
        b = nodes.b();
    }

    @AfterEach
    void close() {
        if (nodes != null) nodes.close();
    }

    private MetadataStore store(int i) { return nodes.node(i); }

    private static String node(int i) { return i % 2 == 0 ? "node-a" : "node-b"; }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void twoNodesRacingForAFreeLeaseLeaveExactlyOneHolder_SC_L1() throws Exception {
        List<Object> outs = TwoStores.race(16, i -> () -> store(i).leases().acquire("lifecycle", node(i), Duration.ofMinutes(1)));
        Set<String> winners = new HashSet<>();
        for (Object o : outs) ((Optional<?>) o).ifPresent(l -> winners.add(((Lease) l).holder()));
        assertThat(winners).hasSize(1);
        assertThat(a.leases().leases()).singleElement().satisfies(l -> {
            assertThat(l.holder()).isEqualTo(winners.iterator().next());
            assertThat(l.token()).isEqualTo(1);
        });
    }

    /**
     * Both nodes try to take one short lease again and again for two seconds: it changes hands as it
     * expires, and on the database's clock no two tenures overlap: each token has one holder, and a
     * new token is acquired only after the previous tenure's last expiry. The seconds count from when
     * node-a first holds the lease, and node-b's threads keep trying until node-b has held it, so a
     * thread started late on a loaded machine does not lose the take-over the test is about.
     */
    @Test
    void aLeaseChangesHandsOnlyAfterItExpiredSoTwoNodesNeverHoldItAtOnce_SC_L1() throws Exception {
        Duration ttl = Duration.ofMillis(150);
        long second = Duration.ofSeconds(1).toNanos();
        AtomicLong taken = new AtomicLong(); // when node-a first held the lease (nanoTime), 0 before
        AtomicBoolean bHeld = new AtomicBoolean();
        List<Object> outs = TwoStores.race(4, i -> () -> {
            List<Lease> got = new ArrayList<>();
            long giveUp = System.nanoTime() + 30 * second; // a bound on a hung database, not a speed claim
            if (i == 0) { // node-a takes it first
                while (got.isEmpty() && System.nanoTime() < giveUp) {
                    store(i).leases().acquire("lifecycle", node(i), ttl).ifPresentOrElse(got::add, () -> sleep(10));
                }
                taken.set(System.nanoTime());
            } else {
                while (taken.get() == 0 && System.nanoTime() < giveUp) Thread.sleep(5);
            }
            // Thread 0 (node-a) renews in time for a second, then stops as a dead node would; the others
            // poll: node-b's threads often, node-a's thread 2 less often than the TTL.
            long stop = taken.get() + (i == 0 ? 1 : 2) * second;
            while (System.nanoTime() < stop || (i % 2 == 1 && !bHeld.get() && System.nanoTime() < giveUp)) {
                store(i).leases().acquire("lifecycle", node(i), ttl).ifPresent(l -> {
                    got.add(l);
                    if (i % 2 == 1) bHeld.set(true);
                });
                Thread.sleep(switch (i) { case 0 -> 40; case 1 -> 60; case 2 -> 400; default -> 100; });
            }
            return got;
        });
        TreeMap<Long, List<Lease>> byToken = new TreeMap<>();
        for (Object o : outs) for (Object l : (List<?>) o) byToken.computeIfAbsent(((Lease) l).token(), t -> new ArrayList<>()).add((Lease) l);
        assertThat(byToken.values()).extracting(t -> t.get(0).holder()).as("taken over").contains("node-a", "node-b");
        Instant lastExpiry = null;
        for (List<Lease> tenure : byToken.values()) {
            assertThat(tenure).extracting(Lease::holder).as("one holder per token").containsOnly(tenure.get(0).holder());
            Instant acquired = tenure.get(0).acquiredAt();
            if (lastExpiry != null) assertThat(acquired).as("taken only after the previous tenure expired").isAfterOrEqualTo(lastExpiry);
            lastExpiry = tenure.stream().map(Lease::expiresAt).max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    @Test
    void twoNodesClaimingTheOutboxAtOnceNeverClaimTheSameRow_SC_L4() throws Exception {
        String bucket = "claim-1250000000";
        Account acc = a.identity().createAccount("100000000001", "1250000000");
        a.buckets().create(new Bucket(bucket, acc.rootUin(), acc.appId(), "ap-guangzhou", StoreFixture.T0, VersioningState.ENABLED));
        ReplicationOutbox.Request rep = new ReplicationOutbox.Request("PUT", "peer");
        int rows = 200;
        for (int i = 0; i < rows; i++) {
            a.objects().put(ObjectVersion.builder(bucket, "k" + i).versionId(VersionIds.format(1_000_000 + i)).size(5).etag("\"e\"")
                    .content(ContentHeaders.ofType("text/plain")).userMetadata(Map.of()).tags(Map.of()).blobId(StoreFixture.newBlobId())
                    .lastModified(Instant.ofEpochSecond(1)).latest(true).build(), VersioningState.ENABLED, rep);
        }
        a.leases().register("node-a", "a:1", "v");
        b.leases().register("node-b", "b:1", "v");
        Instant now = Instant.ofEpochSecond(10);
        // Each thread claims a few rows at a time and completes them, as the worker does.
        List<Object> outs = TwoStores.race(6, i -> () -> {
            Set<Long> mine = new HashSet<>();
            for (List<ReplicationOutbox.Entry> got; !(got = store(i).replication().claim(node(i), now, 7, Duration.ofMinutes(1))).isEmpty(); ) {
                for (ReplicationOutbox.Entry e : got) mine.add(e.id());
                store(i).replication().completedAll(got, now);
            }
            return mine;
        });
        Set<Long> byA = new HashSet<>(), byB = new HashSet<>();
        for (int i = 0; i < outs.size(); i++) {
            assertThat(outs.get(i)).isInstanceOf(Set.class);
            for (Object id : (Set<?>) outs.get(i)) (i % 2 == 0 ? byA : byB).add((Long) id);
        }
        assertThat(byA).doesNotContainAnyElementsOf(byB);
        assertThat(byA.size() + byB.size()).isEqualTo(rows);
        assertThat(byA).isNotEmpty();
        assertThat(byB).isNotEmpty();
        assertThat(a.replication().stats(bucket, now).pending()).isZero();
    }
}
