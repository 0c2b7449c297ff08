package io.cosd.store.meta;

import java.time.Instant;
import java.util.Optional;

/**
 * Background workers' resumable cursors (table worker_checkpoints). Contract: {@link #save} replaces
 * the worker's cursor atomically (a crash leaves the old or the new one, never a mix); a cursor of
 * {@code null} means "start from the beginning"; {@link #cursor} of an unknown worker is empty.
 */
public interface CheckpointRepository {
    record Checkpoint(String cursor, Instant updatedAt) {}

    Optional<Checkpoint> cursor(String worker);

    void save(String worker, String cursor, Instant at);

    /**
     * {@link #save}, but only while {@code lease} (of the lease named {@code worker}) is still held with its
     * token and unexpired, checked in the same statement (docs/scale-out.md SC-L3): a node whose lease
     * lapsed or was taken over cannot move the cursor. Returns whether it was saved.
     */
    boolean saveFenced(String worker, String cursor, Instant at, LeaseRepository.Lease lease);

    /**
     * Stores {@code value} under {@code name} unless a row exists already, and returns the row's value
     * afterwards: the first writer's, also when nodes sharing the database race (the shared blob
     * root's deployment id, docs/scale-out.md ST-R4).
     */
    String saveIfAbsent(String name, String value, Instant at);
}
