package io.cosd.domain.object;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VersionIdsTest {
    @Test
    void theCosDocumentationSampleDecodesToItsCreationTime_VER_I2() {
        long us = VersionIds.micros("MTg0NDUxNzgyODk2ODc1NjY0NzQ");
        assertThat(us).isEqualTo(1565784021985141L);
        assertThat(VersionIds.format(us)).isEqualTo("MTg0NDUxNzgyODk2ODc1NjY0NzQ");
        assertThat(Instant.ofEpochMilli(us / 1000)).isEqualTo(Instant.parse("2019-08-14T12:00:21.985Z"));
    }

    @Test
    void idsRoundTripTheirTime_VER_I2() {
        for (long us : new long[]{0, 1, 1_700_000_000_000_000L, 4_102_444_800_000_000L}) {
            assertThat(VersionIds.micros(VersionIds.format(us))).isEqualTo(us);
        }
    }

    @Test
    void malformedIdsAreRecognised_VER_I8() {
        assertThat(VersionIds.isWellFormed("null")).isTrue();
        assertThat(VersionIds.isWellFormed("MTg0NDUxNzgyODk2ODc1NjY0NzQ")).isTrue();
        for (String bad : new String[]{"", "abc", "not-base64!", "MTg0NDUxNzgyODk2ODc1NjY0NzQ=", "YWJj", "OTk5OTk5OTk5OTk5OTk5OTk5OTk5",
                "3HL4kqtJvjVBH40Nrjfkd", "NULL"}) {
            assertThat(VersionIds.isWellFormed(bad)).as(bad).isFalse();
        }
    }

    @Test
    void theGeneratorNeverRepeatsAnIdEvenWithinOneMicrosecond() {
        VersionIds.Generator g = new VersionIds.Generator();
        Instant now = Instant.parse("2026-11-23T00:00:00Z");
        Set<String> ids = new HashSet<>();
        long prev = -1;
        for (int i = 0; i < 1000; i++) {
            String id = g.next(now);
            assertThat(ids.add(id)).isTrue();
            assertThat(VersionIds.micros(id)).isGreaterThan(prev);
            prev = VersionIds.micros(id);
        }
    }
}
