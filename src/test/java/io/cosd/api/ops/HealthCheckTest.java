package io.cosd.api.ops;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/scale-out.md "Operations": what /-/health answers, and that a public caller cannot turn it into load. */
class HealthCheckTest {
    private static final String NODE = "0123456789abcdef";

    @Test
    void aWorkingDatabaseAndBlobRootAnswerOkWithTheNodeAndEveryField() {
        var check = new HealthCheck(NODE, "postgresql", () -> {}, "shared", () -> {}, () -> 12345, Duration.ofSeconds(2));
        HealthCheck.Report r = check.report();
        assertThat(r.ok()).isTrue();
        String text = OpsEndpoints.render(r);
        assertThat(text).startsWith("ok\n").contains("node=" + NODE + "\n", "metadata.engine=postgresql\n", "metadata.reachable=true\n",
                "blobs.kind=shared\n", "blobs.writable=true\n", "blobs.free_bytes=12345\n").containsPattern("metadata.latency_ms=\\d+\\.\\d{3}\n");
    }

    @Test
    void aFailingDatabaseIsUnhealthyAndNamedByItsErrorClassOnly_OPS_1() {
        var check = new HealthCheck(NODE, "postgresql", () -> { throw new SQLException("connect to db.internal:5432 as cosd password=hunter2"); },
                "data-dir", () -> {}, () -> 1, Duration.ofSeconds(2));
        HealthCheck.Report r = check.report();
        assertThat(r.ok()).isFalse();
        assertThat(OpsEndpoints.render(r)).startsWith("unhealthy\n").contains("metadata.reachable=false\n", "metadata.error=SQLException\n",
                "blobs.writable=true\n").doesNotContain("hunter2").doesNotContain("db.internal");
    }

    @Test
    void anUnwritableBlobRootIsUnhealthy_OPS_3() {
        var check = new HealthCheck(NODE, "sqlite", () -> {}, "data-dir", () -> { throw new IOException("Read-only file system"); },
                () -> 0, Duration.ofSeconds(2));
        assertThat(check.report().ok()).isFalse();
        assertThat(OpsEndpoints.render(check.report())).contains("blobs.writable=false\n", "blobs.error=IOException\n");
    }

    @Test
    void aHungDatabaseCostsTheTimeoutAndIsProbedByOneThreadNotOnePerCaller_OPS_2() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        var check = new HealthCheck(NODE, "postgresql", () -> { started.incrementAndGet(); release.await(); }, "shared", () -> {},
                () -> 0, Duration.ofMillis(100));
        long t0 = System.nanoTime();
        HealthCheck.Report first = check.report();
        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(5).toNanos());
        assertThat(first.ok()).isFalse();
        assertThat(first.metadata().error()).isEqualTo("timeout");
        Thread.sleep(HealthCheck.FRESH / 1_000_000 + 50); // past the reuse window: a new report, the same hung probe
        assertThat(check.report().metadata().error()).isEqualTo("timeout");
        assertThat(started).hasValue(1);
        release.countDown();
    }

    @Test
    void callsWithinASecondShareOneReportSoTheProbesRunOnce_OPS_2() {
        // Fifty calls take microseconds, but a loaded machine may stall the loop past the second, after
        // which a new report is due: such a round says nothing and is run again with a new check.
        for (int round = 1; ; round++) {
            AtomicInteger db = new AtomicInteger(), disk = new AtomicInteger();
            var check = new HealthCheck(NODE, "sqlite", db::incrementAndGet, "data-dir", disk::incrementAndGet, () -> 0, Duration.ofSeconds(2));
            long t0 = System.nanoTime();
            for (int i = 0; i < 50; i++) check.report();
            if (System.nanoTime() - t0 >= HealthCheck.FRESH) {
                assertThat(round).as("rounds stalled past the reuse window").isLessThan(5);
                continue;
            }
            assertThat(db).hasValue(1);
            assertThat(disk).hasValue(1);
            return;
        }
    }

    @Test
    void everySampleLineGetsTheNodeLabelFirstAndCommentsAreKept() {
        String text = """
                # HELP cosd_requests_total API requests
                # TYPE cosd_requests_total counter
                cosd_requests_total{operation="GET_OBJECT",status="200"} 3
                cosd_connections_open 2
                cosd_request_seconds_bucket{operation="X",le="0.001"} 1
                """;
        String out = new String(new NodeLabel(NODE).addTo(text.getBytes()));
        assertThat(out).isEqualTo("""
                # HELP cosd_requests_total API requests
                # TYPE cosd_requests_total counter
                cosd_requests_total{node="0123456789abcdef",operation="GET_OBJECT",status="200"} 3
                cosd_connections_open{node="0123456789abcdef"} 2
                cosd_request_seconds_bucket{node="0123456789abcdef",operation="X",le="0.001"} 1
                """);
    }
}
