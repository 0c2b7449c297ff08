package io.cosd.worker;

import io.cosd.store.meta.CheckpointRepository;

import java.time.Instant;

/**
 * How a singleton worker persists its cursor (docs/scale-out.md SC-L3): with {@link Leases}, only
 * while this node still holds the worker's lease with the token it was given, checked in the write's
 * own statement, so a slow holder whose lease another node took cannot move the cursor.
 */
@FunctionalInterface
public interface Fence {
    /** @return false: this node may not write it any more (its lease lapsed or was taken); nothing was saved */
    boolean save(String worker, String cursor, Instant at);

    /** No lease: the cursor is always saved (tests, and workers that run outside a server). */
    static Fence none(CheckpointRepository checkpoints) {
        return (worker, cursor, at) -> {
            checkpoints.save(worker, cursor, at);
            return true;
        };
    }
}
