package io.cosd.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The configurable signature rules (docs/signing.md AUTH-2, AUTH-6): flags over COSD_* over defaults. */
class ConfigAuthTest {
    @Test
    void byDefaultQSignMustSignHostWindowsAreAtMostSevenDaysAndNoRegionAliases() {
        Config.Auth a = Config.Auth.resolve(null, null, null, Map.<String, String>of()::get);
        assertThat(a).isEqualTo(Config.Auth.DEFAULT);
        assertThat(a.allowQSignWithoutHost()).isFalse();
        assertThat(a.maxQSignWindow()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theEnvironmentSetsEachAndFlagsWinOverIt() {
        Map<String, String> env = Map.of("COSD_QSIGN_ALLOW_UNSIGNED_HOST", "true", "COSD_QSIGN_MAX_WINDOW", "3600", "COSD_SIGV4_REGION_ALIASES", "us-east-1, ap-beijing");
        assertThat(Config.Auth.resolve(null, null, null, env::get)).isEqualTo(new Config.Auth(true, Duration.ofHours(1), Set.of("us-east-1", "ap-beijing")));
        assertThat(Config.Auth.resolve(false, 60L, List.of("ap-nanjing"), env::get)).isEqualTo(new Config.Auth(false, Duration.ofMinutes(1), Set.of("ap-nanjing")));
    }

    @Test
    void sigV2IsOnByDefaultAndTheFlagWinsOverCosdSigv2() {
        assertThat(Config.Auth.DEFAULT.sigV2()).isTrue();
        assertThat(Config.Auth.sigV2(null, Map.<String, String>of()::get)).isTrue();
        assertThat(Config.Auth.sigV2(null, Map.of("COSD_SIGV2", "off")::get)).isFalse();
        assertThat(Config.Auth.sigV2("on", Map.of("COSD_SIGV2", "off")::get)).isTrue();
        assertThat(Config.Auth.sigV2(" OFF ", Map.<String, String>of()::get)).isFalse();
        assertThat(Config.Auth.DEFAULT.withSigV2(false).sigV2()).isFalse();
        assertThatThrownBy(() -> Config.Auth.sigV2("yes", Map.<String, String>of()::get)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("on or off");
    }

    @Test
    void aWindowThatIsNotPositiveIsAConfigurationError() {
        assertThatThrownBy(() -> Config.Auth.resolve(null, 0L, null, Map.<String, String>of()::get)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void existingConstructorsKeepTheDefaultRules() {
        Config c = new Config("127.0.0.1", 0, Path.of("d"), "ap-guangzhou", Set.of(), 1000);
        assertThat(c.auth()).isEqualTo(Config.Auth.DEFAULT);
        assertThat(c.withLifecycle(Config.Lifecycle.DEFAULT).auth()).isEqualTo(Config.Auth.DEFAULT);
    }
}
