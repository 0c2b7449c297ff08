package io.cosd.api.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** EDGE-C2 (docs/edge.md): the minimum body rate over a sliding window, with backpressure excused. */
class BodyRateTest {
    /** Ticks of 250 ms: 1,000 bytes/s over a 2 s window is 8 ticks that must average 250 bytes. */
    private final BodyRate rate = new BodyRate(1000, 2000);

    private boolean ticks(int n, long bytesEach, boolean excused) {
        boolean slow = false;
        for (int i = 0; i < n; i++) {
            rate.received(bytesEach);
            if (excused) rate.excuse();
            slow |= rate.tick();
        }
        return slow;
    }

    @Test
    void aBodyTrickledAByteAtATimeIsTooSlowOnceTheWindowIsFull() {
        assertThat(ticks(7, 1, false)).isFalse();
        assertThat(ticks(1, 1, false)).isTrue();
    }

    @Test
    void aBodyAtTheMinimumRateIsNeverCutOff() {
        assertThat(ticks(100, 250, false)).isFalse();
    }

    @Test
    void aBurstThenSilenceIsCutOffOnceTheBurstLeavesTheWindow() {
        assertThat(ticks(1, 1_000_000, false)).isFalse();
        assertThat(ticks(7, 0, false)).isFalse(); // the burst still carries the window
        assertThat(ticks(1, 0, false)).isTrue();
    }

    @Test
    void ticksInWhichTheServerWasNotReadingDoNotCount() {
        assertThat(ticks(50, 0, true)).isFalse();
        assertThat(ticks(3, 250, false)).isFalse();
    }
}
