package io.cosd.app;

import io.cosd.store.blob.BlobRoot;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --blob-dir / COSD_BLOB_DIR and --blob-grace / COSD_BLOB_GRACE (docs/scale-out.md "Shared blob root"). */
class ConfigBlobsTest {
    private static Config.Blobs resolve(Path flag, String graceFlag, Map<String, String> env) {
        return Config.Blobs.resolve(flag, graceFlag, env::get);
    }

    @Test
    void unsetTheBlobRootIsTheDataDirsOwnInTodaysLayout_ST_R1() {
        Config.Blobs b = resolve(null, null, Map.of());
        assertThat(b).isEqualTo(Config.Blobs.DEFAULT);
        assertThat(new Config("127.0.0.1", 0, Path.of("d"), "r", java.util.Set.of(), 1000).blobs()).isEqualTo(Config.Blobs.DEFAULT);
        BlobRoot root = b.root(Path.of("/srv/data"));
        assertThat(root.shared()).isFalse();
        assertThat(root.blobs()).isEqualTo(Path.of("/srv/data/blobs"));
        assertThat(root.tmp()).isEqualTo(Path.of("/srv/data/tmp"));
        assertThat(root.cold()).isEqualTo(Path.of("/srv/data/cold"));
    }

    @Test
    void theFlagWinsOverTheEnvironmentAndTheGraceDefaultsToAnHour_ST_R1_ST_R2() {
        Config.Blobs fromEnv = resolve(null, null, Map.of("COSD_BLOB_DIR", "/mnt/blobs", "COSD_BLOB_GRACE", "90m"));
        assertThat(fromEnv).isEqualTo(new Config.Blobs(Path.of("/mnt/blobs"), Duration.ofMinutes(90)));
        Config.Blobs flags = resolve(Path.of("/nfs/cosd"), "2h", Map.of("COSD_BLOB_DIR", "/mnt/blobs", "COSD_BLOB_GRACE", "90m"));
        assertThat(flags).isEqualTo(new Config.Blobs(Path.of("/nfs/cosd"), Duration.ofHours(2)));
        assertThat(resolve(Path.of("/nfs/cosd"), null, Map.of()).grace()).isEqualTo(Duration.ofHours(1));
        BlobRoot root = flags.root(Path.of("/srv/data"));
        assertThat(root.shared()).isTrue();
        assertThat(root.blobs()).isEqualTo(Path.of("/nfs/cosd"));
        assertThat(root.tmp()).isEqualTo(Path.of("/nfs/cosd/tmp"));
        assertThat(root.cold()).isEqualTo(Path.of("/nfs/cosd/cold"));
        assertThat(root.grace()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void aZeroOrUnreadableGraceIsAUsageError_ST_R2() {
        for (String bad : new String[] {"0", "0s", "soon", "-5m"}) {
            assertThatThrownBy(() -> resolve(Path.of("/x"), bad, Map.of())).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void directIoIsAutoByDefaultTheFlagWinsOverCosdDirectIoAndAnythingButAutoOrOffIsRefused_ST_W6() {
        assertThat(resolve(null, null, Map.of()).directIo()).isTrue();
        assertThat(Config.Blobs.DEFAULT.root(Path.of("/srv/data")).directIo()).isTrue();
        Config.Blobs off = Config.Blobs.resolve(null, null, null, Map.of("COSD_DIRECT_IO", "off")::get);
        assertThat(off.directIo()).isFalse();
        assertThat(off.root(Path.of("/srv/data")).directIo()).as("the root the stores are made from").isFalse();
        assertThat(off.root(Path.of("/srv/data")).withNode("n1").directIo()).isFalse();
        assertThat(Config.Blobs.resolve(Path.of("/nfs/cosd"), null, "off", Map.<String, String>of()::get).root(Path.of("/d")).withNode("n1").directIo()).isFalse();
        assertThat(Config.Blobs.resolve(null, null, "AUTO", Map.of("COSD_DIRECT_IO", "off")::get).directIo()).isTrue();
        assertThatThrownBy(() -> Config.Blobs.resolve(null, null, "on", Map.<String, String>of()::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto or off");
        assertThatThrownBy(() -> Config.Blobs.resolve(null, null, null, Map.of("COSD_DIRECT_IO", "false")::get))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theServeCommandTakesDirectIoOffListsItInHelpAndRefusesAnyOtherValueAsAUsageError_ST_W6() {
        Main.Serve off = new Main.Serve();
        new picocli.CommandLine(off).parseArgs("--direct-io", "off");
        assertThat(off.blobs().directIo()).isFalse();
        Main.Serve bad = new Main.Serve();
        new picocli.CommandLine(bad).parseArgs("--direct-io", "on");
        assertThatThrownBy(bad::blobs).isInstanceOf(picocli.CommandLine.ParameterException.class).hasMessageContaining("auto or off");
        assertThat(new picocli.CommandLine(new Main.Serve()).getUsageMessage()).contains("--direct-io=auto|off").contains("COSD_DIRECT_IO");
    }
}
