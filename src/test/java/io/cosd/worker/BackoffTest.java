package io.cosd.worker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backoff schedule as a table; the worker runner's own parameters (1 s to 60 s) first. */
class BackoffTest {
    @ParameterizedTest(name = "after {0} earlier failures: {1} s")
    @CsvSource(delimiter = '|', value = {
            "0 | 1", "1 | 2", "2 | 4", "3 | 8", "4 | 16", "5 | 32",
            // capped: a worker failing for hours tries again every minute
            "6 | 60", "7 | 60", "20 | 60", "64 | 60",
            // a negative count (never passed) is the first failure, not a shift by a negative amount
            "-1 | 1",
    })
    void aFailingWorkerStepWaitsOneSecondDoublingToAMinute(int failures, long seconds) {
        assertThat(WorkerRunner.BACKOFF.delay(failures)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void theDoublingCannotOverflowWhateverTheCap() {
        Backoff wide = new Backoff(Duration.ofMillis(1), Duration.ofDays(365_000));
        assertThat(wide.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(1L << 20));
    }

    @ParameterizedTest(name = "delay {0} ms, jitter {1} -> {2} ms")
    @CsvSource(delimiter = '|', value = {
            // d/2 + floor(jitter * (d/2 + 1)): odd delays round their half down
            "1000 | 0    | 500",
            "1000 | 0.25 | 625",
            "1000 | 0.999999 | 1000",
            "1001 | 0.999999 | 1000",
            "1    | 0.999999 | 0",
            "3    | 0.999999 | 2",
    })
    void jitterSpreadsTheDelayOverItsUpperHalf(long delayMs, double jitter, long millis) {
        Backoff fixed = new Backoff(Duration.ofMillis(delayMs), Duration.ofMillis(delayMs));
        assertThat(fixed.jittered(0, jitter).toMillis()).isEqualTo(millis);
    }

    @Test
    void aBackoffNeedsAPositiveMinimumNoLargerThanItsCap() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).delay(5)).isEqualTo(Duration.ofSeconds(1));
    }
}
