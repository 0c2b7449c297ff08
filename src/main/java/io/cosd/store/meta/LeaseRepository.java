package io.cosd.store.meta;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Nodes and worker leases (tables nodes and worker_leases; docs/scale-out.md "Workers across nodes").
 * Every time here is the database's clock (SC-L2), so nodes need not agree on the wall-clock time.
 * Contract, each method one transaction:
 * - {@link #acquire}: one conditional upsert. The lease goes to {@code node} when it is free, expired
 *   or already {@code node}'s, and then expires {@code ttl} from now; its {@code token} grows whenever
 *   the holder changes or an expired lease is taken again (SC-L1, SC-L3). Empty when another node holds it.
 * - {@link #release}: frees the lease only if {@code node} still holds it with {@code token}.
 * - {@link #heartbeat}: this node's row says it is alive now (SC-L5); {@link #register} (re)writes it
 *   at start, with the start time.
 */
public interface LeaseRepository {
    record Lease(String name, String holder, long token, Instant acquiredAt, Instant expiresAt) {}

    record Node(String id, String address, String version, Instant startedAt, Instant heartbeatAt) {}

    void register(String id, String address, String version);

    void heartbeat(String id);

    Optional<Lease> acquire(String name, String node, Duration ttl);

    boolean release(String name, String node, long token);

    /** Every lease row, held or not, by name. */
    List<Lease> leases();

    /** Every node row, most recent heartbeat first. */
    List<Node> nodes();

    /** Removes node rows whose last heartbeat is older than {@code age}; returns how many. */
    int forgetNodes(Duration age);

    /** The database's clock now. */
    Instant now();
}
