package io.cosd.domain.replication;

/**
 * A version's replication state (REP-S1), stored by name in {@code objects.replication_status} and, for the
 * first three, in {@code replication_outbox.status}. A version that no rule selected has none (null).
 */
public enum ReplicationStatus {
    /** Owed to a destination; the outbox row is due or retrying. */
    PENDING,
    /** Every destination holds it. */
    COMPLETED,
    /** A permanent failure (REP-S4); an operator may requeue it. */
    FAILED,
    /** This version is itself a copy written by another region's worker; never replicated again (REP-R5). */
    REPLICA;

    /** The stored name back to the status; null for null (a version no rule selected). */
    public static ReplicationStatus fromStored(String name) { return name == null ? null : valueOf(name); }
}
