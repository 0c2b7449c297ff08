package io.cosd.store.blob;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CollectRuleTest {
    private static final Instant NOW = Instant.parse("2026-12-04T03:00:00Z");

    @ParameterizedTest(name = "mtime {0} s before now, grace {1} s: expired {2}")
    @CsvSource({
            // no grace (a data dir's own root): everything left over goes
            "0, 0, true",
            "-60, 0, true",
            // a shared root: only what is older than the grace
            "7200, 3600, true",
            "3601, 3600, true",
            "3600, 3600, false",
            "1, 3600, false",
            "0, 3600, false",
            // stamped in the future (a file server's clock stepped back): young, kept
            "-600, 3600, false",
    })
    void aFileIsCollectableOnlyWhenItsMtimeIsOlderThanTheGrace_ST_R2(long secondsAgo, long graceSeconds, boolean expired) {
        assertThat(CollectRule.expired(NOW.minusSeconds(secondsAgo), NOW, Duration.ofSeconds(graceSeconds))).isEqualTo(expired);
    }
}
