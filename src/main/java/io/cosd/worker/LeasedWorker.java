package io.cosd.worker;

import java.time.Duration;

/**
 * A singleton worker that steps only while this node holds its lease (SC-L1), checked before every
 * step: a node that loses the lease stops at the next step boundary. {@link Leases} wakes it when the
 * lease is (re)gained, so a take-over does not wait for the worker's idle interval.
 */
final class LeasedWorker implements Worker {
    private final Worker inner;
    private final Leases leases;

    LeasedWorker(Worker inner, Leases leases) {
        this.inner = inner;
        this.leases = leases;
    }

    @Override
    public String name() { return inner.name(); }

    @Override
    public Outcome step() throws Exception {
        if (leases.held(inner.name()) == null) return Outcome.IDLE;
        return inner.step();
    }

    @Override
    public Duration idleInterval() { return inner.idleInterval(); }

    @Override
    public void wake() { inner.wake(); }
}
