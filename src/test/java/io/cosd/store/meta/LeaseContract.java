package io.cosd.store.meta;

import io.cosd.domain.object.ObjectVersion;
import io.cosd.domain.object.VersionIds;
import io.cosd.domain.replication.ReplicationStatus;
import io.cosd.store.meta.LeaseRepository.Lease;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.cosd.domain.bucket.VersioningState.ENABLED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes, worker leases, fenced checkpoints and outbox claims (docs/scale-out.md "Workers across nodes",
 * SC-L1..L5), on every engine. Expiry is on the database's clock, so the tests that need a lease or a
 * heartbeat to lapse use a TTL of a few hundred milliseconds and wait it out.
 */
public interface LeaseContract extends StoreFixture {
    Duration LONG = Duration.ofMinutes(5), SHORT = Duration.ofMillis(300);

    private LeaseRepository leases() { return store().leases(); }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    default void aFreeLeaseIsTakenAndItsHolderRenewsItWithTheSameToken_SC_L1() {
        Lease first = leases().acquire("lifecycle", "node-a", LONG).orElseThrow();
        assertThat(first.holder()).isEqualTo("node-a");
        Instant dbNow = leases().now();
        assertThat(first.expiresAt()).isBetween(dbNow.plus(LONG).minusSeconds(60), dbNow.plus(LONG));
        Lease renewed = leases().acquire("lifecycle", "node-a", LONG).orElseThrow();
        assertThat(renewed.token()).isEqualTo(first.token());
        assertThat(renewed.acquiredAt()).isEqualTo(first.acquiredAt());
        assertThat(renewed.expiresAt()).isAfterOrEqualTo(first.expiresAt());
    }

    @Test
    default void anotherNodeCannotTakeAHeldLease_SC_L1() {
        leases().acquire("lifecycle", "node-a", LONG).orElseThrow();
        assertThat(leases().acquire("lifecycle", "node-b", LONG)).isEmpty();
        assertThat(leases().acquire("restore", "node-b", LONG)).isPresent(); // leases are independent
        assertThat(leases().leases()).extracting(Lease::name, Lease::holder)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("lifecycle", "node-a"), org.assertj.core.groups.Tuple.tuple("restore", "node-b"));
    }

    @Test
    default void anExpiredLeaseIsTakenOverWithAHigherToken_SC_L1() {
        Lease a = leases().acquire("lifecycle", "node-a", SHORT).orElseThrow();
        sleep(SHORT.multipliedBy(2));
        Lease b = leases().acquire("lifecycle", "node-b", LONG).orElseThrow();
        assertThat(b.holder()).isEqualTo("node-b");
        assertThat(b.token()).isGreaterThan(a.token());
        assertThat(leases().acquire("lifecycle", "node-a", LONG)).as("the old holder's renewal is refused").isEmpty();
    }

    @Test
    default void aHolderRenewingAfterItsLeaseLapsedGetsANewToken_SC_L3() {
        Lease a = leases().acquire("scrub", "node-a", SHORT).orElseThrow();
        sleep(SHORT.multipliedBy(2));
        assertThat(leases().acquire("scrub", "node-a", LONG).orElseThrow().token()).isGreaterThan(a.token());
    }

    @Test
    default void onlyTheHolderReleasesALeaseAndAReleasedLeaseIsFreeAtOnce() {
        Lease a = leases().acquire("lifecycle", "node-a", LONG).orElseThrow();
        assertThat(leases().release("lifecycle", "node-b", a.token())).isFalse();
        assertThat(leases().release("lifecycle", "node-a", a.token() + 1)).isFalse();
        assertThat(leases().release("lifecycle", "node-a", a.token())).isTrue();
        assertThat(leases().leases()).singleElement().satisfies(l -> assertThat(l.holder()).isNull());
        assertThat(leases().acquire("lifecycle", "node-b", LONG).orElseThrow().token()).isGreaterThan(a.token());
    }

    @Test
    default void aCheckpointIsSavedOnlyByTheCurrentHolderWithItsToken_SC_L3() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        // Held for long while the saves must land (a short TTL could lapse before them on a loaded
        // machine), then renewed with the short one, same token, to let it lapse.
        Lease a = leases().acquire("lifecycle", "node-a", LONG).orElseThrow();
        assertThat(store().checkpoints().saveFenced("lifecycle", "run\t1", t, a)).isTrue();
        assertThat(store().checkpoints().saveFenced("lifecycle", "run\t2", t, a)).isTrue(); // an update, not only an insert
        assertThat(leases().acquire("lifecycle", "node-a", SHORT).orElseThrow().token()).isEqualTo(a.token());
        sleep(SHORT.multipliedBy(2));
        assertThat(store().checkpoints().saveFenced("lifecycle", "stale", t, a)).as("lapsed").isFalse();
        Lease b = leases().acquire("lifecycle", "node-b", LONG).orElseThrow();
        assertThat(store().checkpoints().saveFenced("lifecycle", "stale", t, a)).as("taken over").isFalse();
        assertThat(store().checkpoints().cursor("lifecycle").orElseThrow().cursor()).isEqualTo("run\t2");
        assertThat(store().checkpoints().saveFenced("lifecycle", "run\t3", t, b)).isTrue();
        assertThat(store().checkpoints().cursor("lifecycle").orElseThrow().cursor()).isEqualTo("run\t3");
    }

    @Test
    default void nodesRegisterAndHeartbeatOnTheDatabasesClock_SC_L5() {
        leases().register("node-a", "host-a:9000", "0.1.0");
        leases().register("node-b", "host-b:9000", "0.1.0");
        sleep(Duration.ofMillis(20));
        leases().heartbeat("node-b");
        assertThat(leases().nodes()).extracting(LeaseRepository.Node::id).containsExactly("node-b", "node-a");
        LeaseRepository.Node a = leases().nodes().get(1);
        assertThat(a.address()).isEqualTo("host-a:9000");
        assertThat(a.startedAt()).isEqualTo(a.heartbeatAt());
        assertThat(Duration.between(a.heartbeatAt(), leases().now())).isBetween(Duration.ZERO, Duration.ofSeconds(60));
        assertThat(leases().forgetNodes(Duration.ofDays(7))).isZero();
        assertThat(leases().forgetNodes(Duration.ZERO.minusSeconds(1))).isEqualTo(2);
        assertThat(leases().nodes()).isEmpty();
    }

    @Test
    default void eachDueOutboxRowIsClaimedByOneLiveNodeUntilItsHeartbeatLapses_SC_L4() {
        String rb = "claims-1250000000";
        bucket(rb, ENABLED);
        var to = new ReplicationOutbox.Request(ReplicationOutbox.PUT, "ap-shanghai/dst-1250000000");
        for (int i = 0; i < 4; i++) {
            ObjectVersion d = draft(rb, "k" + i, VersionIds.format(1_000_000 + i));
            store().objects().put(d.toBuilder().latest(true).replicationStatus(ReplicationStatus.PENDING).lastModified(Instant.ofEpochSecond(1)).build(), ENABLED, to);
        }
        Instant now = Instant.ofEpochSecond(10);
        leases().register("node-a", "a:1", "v");
        leases().register("node-b", "b:1", "v");
        var outbox = store().replication();
        assertThat(outbox.claim("node-a", now, 3, LONG)).extracting(ReplicationOutbox.Entry::key).containsExactly("k0", "k1", "k2");
        assertThat(outbox.claim("node-b", now, 10, LONG)).as("a live node's claims are its own")
                .extracting(ReplicationOutbox.Entry::key).containsExactly("k3");
        assertThat(outbox.claim("node-a", now, 10, LONG)).as("its own claims again (in flight there)")
                .extracting(ReplicationOutbox.Entry::key).containsExactly("k0", "k1", "k2");
        // A retry drops the claim: the next attempt may be any node's.
        var k0 = outbox.claim("node-a", now, 1, LONG).get(0);
        assertThat(outbox.retry(k0, now, "connection refused")).isTrue();
        assertThat(outbox.claim("node-b", now, 10, LONG)).extracting(ReplicationOutbox.Entry::key).containsExactly("k3", "k0");
        // node-a dies: once its heartbeat is older than the node TTL, its claims lapse.
        sleep(SHORT.multipliedBy(2));
        leases().heartbeat("node-b");
        assertThat(outbox.claim("node-b", now, 10, SHORT)).extracting(ReplicationOutbox.Entry::key).containsExactly("k1", "k2", "k3", "k0");
        // node-b is alive: its heartbeat is within any TTL that counts it so. Not SHORT here: a loaded
        // machine may take longer than that since the heartbeat above, and then node-b has lapsed too.
        assertThat(outbox.claim("node-a", now, 10, LONG)).as("node-b is alive").isEmpty();
    }

    @Test
    default void aNodeWhoseClaimLapsedAndWasRetakenCannotEndRetryOrRepointTheRow_SC_L4() {
        String rb = "lapsed-1250000000";
        bucket(rb, ENABLED);
        var to = new ReplicationOutbox.Request(ReplicationOutbox.PUT, "ap-shanghai/dst-1250000000");
        ObjectVersion d = draft(rb, "k", VersionIds.format(2_000_000));
        store().objects().put(d.toBuilder().latest(true).replicationStatus(ReplicationStatus.PENDING).lastModified(Instant.ofEpochSecond(1)).build(), ENABLED, to);
        Instant now = Instant.ofEpochSecond(10);
        leases().register("node-a", "a:1", "v");
        leases().register("node-b", "b:1", "v");
        var outbox = store().replication();
        var mine = outbox.claim("node-a", now, 10, LONG).get(0);
        // node-a stalls with its copy in flight; its heartbeat lapses and node-b retakes the row.
        sleep(SHORT.multipliedBy(2));
        leases().heartbeat("node-b");
        var theirs = outbox.claim("node-b", now, 10, SHORT).get(0);
        assertThat(theirs.id()).isEqualTo(mine.id());
        // node-a wakes: none of its news lands on the row node-b now delivers.
        outbox.rememberUpload(mine, "stale-upload");
        assertThat(outbox.retry(mine, now, "stale retry")).as("the stale retry must not drop node-b's claim").isFalse();
        assertThat(outbox.failed(mine, now, "stale failure")).as("the stale failure must not end the row").isFalse();
        outbox.completed(mine, now);
        assertThat(outbox.claim("node-b", now, 10, SHORT)).as("still node-b's, still pending, no stale upload")
                .singleElement().satisfies(e -> {
                    assertThat(e.status()).isEqualTo(ReplicationOutbox.PENDING);
                    assertThat(e.attempts()).isZero();
                    assertThat(e.uploadId()).isNull();
                });
        // The current claimer's outcome is the row's.
        assertThat(outbox.failed(theirs, now, "destination refused")).isTrue();
        assertThat(outbox.problems(rb, 10)).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(ReplicationOutbox.FAILED);
            assertThat(e.lastError()).isEqualTo("destination refused");
        });
    }
}
