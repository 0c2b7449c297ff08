package io.cosd.app;

import io.cosd.api.http.HttpServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --max-body-buffer / COSD_MAX_BODY_BUFFER (docs/edge.md EDGE-B4): a size, 0 for no limit, unset for half the max direct memory. */
class ConfigMaxBodyBufferTest {
    @Test
    void unsetIsHalfTheMaxDirectMemoryAndSizesAndZeroAreAccepted_EDGE_B4() {
        assertThat(Config.Edge.maxBodyBuffer(null)).isEqualTo(HttpServer.Limits.defaultMaxBodyBuffer());
        assertThat(Config.Edge.maxBodyBuffer(" ")).isEqualTo(HttpServer.Limits.defaultMaxBodyBuffer());
        assertThat(Config.Edge.DEFAULT.maxBodyBuffer()).isEqualTo(HttpServer.Limits.defaultMaxBodyBuffer())
                .isEqualTo(Math.max(16L << 20, io.netty.util.internal.PlatformDependent.maxDirectMemory() / 2));
        assertThat(Config.Edge.maxBodyBuffer("256KiB")).isEqualTo(256 * 1024);
        assertThat(Config.Edge.maxBodyBuffer("512M")).isEqualTo(512L << 20);
        assertThat(Config.Edge.maxBodyBuffer("1g")).isEqualTo(1L << 30);
        assertThat(Config.Edge.maxBodyBuffer("1048576")).isEqualTo(1 << 20);
        assertThat(Config.Edge.maxBodyBuffer("0")).as("no limit").isZero();
        // the older constructors keep the default
        assertThat(new Config.Edge(10, 0, 0, 16).maxBodyBuffer()).isEqualTo(HttpServer.Limits.defaultMaxBodyBuffer());
        assertThat(new HttpServer.Limits(1, 1, 1).maxBodyBuffer()).isEqualTo(HttpServer.Limits.defaultMaxBodyBuffer());
    }

    @Test
    void aPercentageANegativeSizeOrGarbageIsAUsageErrorNamingTheFlag_EDGE_B4() {
        for (String bad : new String[] {"5%", "1GiB,5%", "-1", "lots", "1X"}) {
            assertThatThrownBy(() -> Config.Edge.maxBodyBuffer(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--max-body-buffer");
        }
        // The usage error is reported by the serve command's own CommandLine, on System.err.
        var err = new java.io.ByteArrayOutputStream();
        var saved = System.err;
        int code;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            code = new CommandLine(new Main()).execute("serve", "--max-body-buffer", "lots", "--port", "-1");
        } finally {
            System.setErr(saved);
        }
        assertThat(code).as("a usage error, before anything starts").isEqualTo(2);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("--max-body-buffer is not a size: lots");
    }
}
