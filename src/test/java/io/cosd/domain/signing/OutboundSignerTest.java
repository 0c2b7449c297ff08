package io.cosd.domain.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboundSignerTest {
    static long[] window(String keyTime) {
        String[] p = keyTime.split(";");
        return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])};
    }

    @Test
    void requestsSignedWithinOneMinuteShareAKeyWindowSoTheSignKeyIsReused() {
        long minute = 1_700_000_040L; // a multiple of 60
        String first = OutboundSigner.keyTime(Instant.ofEpochSecond(minute), 600);
        assertThat(OutboundSigner.keyTime(Instant.ofEpochSecond(minute + 59, 999_000_000), 600)).isEqualTo(first);
        assertThat(OutboundSigner.keyTime(Instant.ofEpochSecond(minute + 60), 600)).isNotEqualTo(first);
    }

    @Test
    void keyWindowStartsAMinuteBeforeNowOrEarlierAndLastsAtLeastTheTtl() {
        for (long now = 1_700_000_000L; now < 1_700_000_130L; now += 7) {
            long[] w = window(OutboundSigner.keyTime(Instant.ofEpochSecond(now), 600));
            assertThat(w[0]).isLessThanOrEqualTo(now - 60).isGreaterThan(now - 120);
            assertThat(w[1]).isGreaterThanOrEqualTo(now + 600).isLessThanOrEqualTo(now + 660);
        }
    }

    @Test
    void cosAuthorizationNamesTheSharedWindowAsSignAndKeyTime() {
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        String auth = OutboundSigner.cos("PUT", "/k", Map.of(), Map.of("host", "h"), "AKID", "secret", now, 600);
        String kt = OutboundSigner.keyTime(now, 600);
        assertThat(auth).contains("&q-sign-time=" + kt + "&q-key-time=" + kt + "&");
        assertThat(auth).isEqualTo(OutboundSigner.cos("PUT", "/k", Map.of(), Map.of("host", "h"), "AKID", "secret",
                now.plusSeconds(19), 600));
    }
}
