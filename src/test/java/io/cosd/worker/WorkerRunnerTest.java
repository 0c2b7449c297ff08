package io.cosd.worker;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerRunnerTest {
    static Worker worker(String name, Duration idle, StepBody body) {
        return new Worker() {
            @Override public String name() { return name; }
            @Override public Outcome step() throws Exception { return body.step(); }
            @Override public Duration idleInterval() { return idle; }
        };
    }

    interface StepBody { Worker.Outcome step() throws Exception; }

    @Test
    void aWorkerWithMoreWorkStepsAgainAtOnceAndAnIdleOneWaitsUntilWoken() throws Exception {
        AtomicInteger steps = new AtomicInteger();
        CountDownLatch fiveSteps = new CountDownLatch(5), wokenStep = new CountDownLatch(6);
        try (WorkerRunner r = new WorkerRunner(Clock.systemUTC())) {
            r.register(worker("w", Duration.ofHours(1), () -> {
                int n = steps.incrementAndGet();
                wokenStep.countDown(); // before fiveSteps: the test reads wokenStep as soon as fiveSteps opens
                fiveSteps.countDown();
                return n < 5 ? Worker.Outcome.MORE : Worker.Outcome.IDLE;
            }));
            r.start();
            assertThat(fiveSteps.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(wokenStep.getCount()).isEqualTo(1); // idle for an hour now
            r.wake("w");
            assertThat(wokenStep.await(10, TimeUnit.SECONDS)).isTrue();
            // The runner counts a step after it returns, so the count may trail the latch briefly.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (r.status().get(0).steps() < 6 && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(r.status().get(0).steps()).isGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void aFailingStepIsCountedAndRetriedAfterABackoff() throws Exception {
        CountDownLatch second = new CountDownLatch(2);
        try (WorkerRunner r = new WorkerRunner(Clock.systemUTC())) {
            r.register(worker("flaky", Duration.ofHours(1), () -> {
                second.countDown();
                if (second.getCount() == 1) throw new IllegalStateException("boom");
                return Worker.Outcome.IDLE;
            }));
            r.start();
            assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
            var s = r.status().get(0);
            assertThat(s.errors()).isEqualTo(1);
            assertThat(s.lastError()).contains("boom");
        }
    }

    @Test
    void closeStopsAnIdleWorkerPromptly() throws Exception {
        WorkerRunner r = new WorkerRunner(Clock.systemUTC());
        CountDownLatch ran = new CountDownLatch(1);
        r.register(worker("sleepy", Duration.ofHours(1), () -> { ran.countDown(); return Worker.Outcome.IDLE; }));
        r.start();
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        long t0 = System.nanoTime();
        r.close();
        assertThat(r.status().get(0).state()).isEqualTo("stopped");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
}
