package io.cosd.worker;

import java.time.Duration;

/**
 * A background worker (docs/spec/design.md §6): a bounded, resumable unit of work that the {@link WorkerRunner}
 * calls again and again. Steps must be idempotent (a crash may repeat one) and short enough that a
 * stop request is honoured quickly; long passes persist a cursor and continue in the next step.
 */
public interface Worker {
    enum Outcome {
        /** More work is ready: step again at once. */
        MORE,
        /** Nothing to do now: wait {@link #idleInterval()} or until woken. */
        IDLE
    }

    /** Stable name, used in logs, metrics and admin output, e.g. {@code lifecycle}. */
    String name();

    Outcome step() throws Exception;

    /** The longest sleep between idle steps; {@link WorkerRunner#wake} cuts it short. */
    Duration idleInterval();

    /**
     * New work arrived ({@link WorkerRunner#wake}). The runner already ends an idle wait; a worker
     * that waits inside {@link #step} (for in-flight work) overrides this to end that wait too.
     */
    default void wake() {}
}
