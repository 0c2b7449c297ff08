package io.cosd.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --inline-max / COSD_INLINE_MAX (docs/storage.md "Small objects inline"): a size up to 1 MiB, or off. */
class ConfigInlineMaxTest {
    private static long inlineMax(String v) {
        return Config.Integrity.parse(null, null, null, v).inlineMax();
    }

    @Test
    void theDefaultIs64KiBAndSizesOffAndZeroAreAccepted_ST_W2() {
        assertThat(inlineMax(null)).isEqualTo(64 * 1024);
        assertThat(Config.Integrity.DEFAULT.inlineMax()).isEqualTo(64 * 1024);
        assertThat(inlineMax("16KiB")).isEqualTo(16 * 1024);
        assertThat(inlineMax("1MiB")).isEqualTo(1 << 20);
        assertThat(inlineMax("0")).isZero(); // empty objects only
        assertThat(inlineMax("off")).isEqualTo(-1);
        assertThat(inlineMax("OFF")).isEqualTo(-1);
    }

    @Test
    void aValueAbove1MiBAPercentageOrGarbageIsAUsageError_ST_W2() {
        for (String bad : new String[] {"2MiB", "5%", "1GiB,5%", "lots"}) {
            assertThatThrownBy(() -> inlineMax(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
