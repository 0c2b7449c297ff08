package io.cosd.worker;

import io.cosd.service.RestoreService;

import java.time.Clock;
import java.time.Duration;

/** Completes restores whose tier delay has passed and drops expired restored copies (docs/spec/semantics.md §3.8). */
public final class RestoreWorker implements Worker {
    public static final String NAME = "restore";
    private static final int BATCH = 100;

    private final RestoreService restores;
    private final Clock clock;
    private final Duration idle;

    public RestoreWorker(RestoreService restores, Clock clock, Duration idle) {
        this.restores = restores;
        this.clock = clock;
        this.idle = idle;
    }

    @Override
    public String name() { return NAME; }

    @Override
    public Outcome step() throws Exception {
        return restores.work(clock.instant(), BATCH) >= BATCH ? Outcome.MORE : Outcome.IDLE;
    }

    @Override
    public Duration idleInterval() { return idle; }
}
