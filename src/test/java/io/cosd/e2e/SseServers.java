package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import io.cosd.app.Config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servers and checks the encryption end-to-end tests share. The tests speak plain HTTP, so
 * SSE-C is allowed over it (docs/encryption.md, the documented setting); the lifecycle variant runs
 * passes every second so archive transitions happen within a test.
 */
final class SseServers {
    private SseServers() {}

    /** A server that accepts SSE-C keys over plain HTTP. */
    static E2e plainHttp() throws Exception {
        return plainHttp(UnaryOperator.identity());
    }

    /** As {@link #plainHttp()}, with the default config changed by {@code tune}. */
    static E2e plainHttp(UnaryOperator<Config> tune) throws Exception {
        return new E2e(dir -> tune.apply(new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000, List.of())),
                Map.of("COSD_SSE_C_ALLOW_HTTP", "true"));
    }

    /** As {@link #plainHttp()}, on {@code dir}: started again on what a stopped server left there. */
    static E2e plainHttpOn(Path dir) throws Exception {
        return new E2e(dir, d -> new Config("127.0.0.1", 0, d, E2e.REGION, Set.of(), 120_000, List.of()),
                Map.of("COSD_SSE_C_ALLOW_HTTP", "true"));
    }

    /** As {@link #plainHttp()}, with lifecycle passes every second. */
    static E2e plainHttpWithLifecycle() throws Exception {
        return new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000, List.of(), null, null,
                Config.Lifecycle.testMode(1)), Map.of("COSD_SSE_C_ALLOW_HTTP", "true"));
    }

    /** Gives {@code bucket} one rule that moves every object to ARCHIVE at the next pass. */
    static void archiveAtOnce(E2e env, COSClient cos, String bucket) throws Exception {
        var r = LifecycleConfigApiTest.putRaw(env.port(), cos, bucket, "<LifecycleConfiguration><Rule><ID>cold</ID><Filter/><Status>Enabled</Status>"
                + "<Transition><Days>0</Days><StorageClass>ARCHIVE</StorageClass></Transition></Rule></LifecycleConfiguration>");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    /**
     * Whether {@code file} holds the ASCII {@code marker} anywhere. A file gone between the directory walk
     * and this read holds nothing: a background worker may release a blob meanwhile (for one, the restore
     * worker racing a test's own restore pass drops the losing copy).
     */
    static boolean holds(Path file, String marker) throws IOException {
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
        for (int i = 0; i + m.length <= b.length; i++) {
            if (b[i] == m[0] && Arrays.equals(b, i, i + m.length, m, 0, m.length)) return true;
        }
        return false;
    }
}
