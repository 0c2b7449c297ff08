package io.cosd.e2e;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@CosdServer
class OpsEndpointsTest {
    @CosdServer.Inject static E2e env;

    @Test
    void healthAnswersOkWithoutCredentialsNamingTheNodeTheDatabaseAndTheBlobRoot() throws Exception {
        var r = RawHttp.send(env.port(), "GET", "/-/health", Map.of("Host", "127.0.0.1"), new byte[0]);
        assertThat(r.status()).isEqualTo(200);
        String node = Files.readString(env.dir.resolve("node-id")).strip();
        assertThat(r.text()).startsWith("ok\n").contains("node=" + node + "\n", "metadata.engine=sqlite\n", "metadata.reachable=true\n",
                "blobs.kind=data-dir\n", "blobs.writable=true\n").containsPattern("blobs.free_bytes=[1-9]\\d*\n")
                .doesNotContain(env.dir.toString());
        try (var tmp = Files.list(env.dir.resolve("tmp"))) {
            assertThat(tmp).as("the write probe leaves nothing behind").isEmpty();
        }
    }

    @Test
    void everyMetricSeriesCarriesThisNodesLabel() throws Exception {
        String node = Files.readString(env.dir.resolve("node-id")).strip();
        String m = RawHttp.send(env.port(), "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), new byte[0]).text();
        List<String> samples = m.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(samples).isNotEmpty().allSatisfy(l -> assertThat(l).contains("{node=\"" + node + "\""));
        assertThat(m).contains("cosd_requests_total{node=\"" + node + "\",operation=\"HEALTH\",status=\"200\"}");
    }

    @Test
    void metricsCountRequestsByOperationAndStatus() throws Exception {
        // node label aside (everyMetricSeriesCarriesThisNodesLabel)
        var cos = env.cos();
        String b = E2e.bucket("metrics");
        cos.createBucket(b);
        cos.putObject(b, "k", "v");
        cos.getObject(b, "k").close();
        var r = RawHttp.send(env.port(), "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), new byte[0]);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        assertThat(MetricsText.withoutNode(r.text())).contains("cosd_requests_total{operation=\"PUT_OBJECT\",status=\"200\"} 1")
                .contains("cosd_request_seconds_bucket{operation=\"GET_OBJECT\"");
        cos.shutdown();
    }

    /** docs/spec/design.md §8 rule 1: metrics name cosd's own endpoints by their operation, as every API request. */
    @Test
    void cosdsOwnEndpointsAreCountedByOperationNotAsUnrouted() throws Exception {
        assertThat(RawHttp.send(env.port(), "GET", "/-/health", Map.of("Host", "127.0.0.1"), new byte[0]).status()).isEqualTo(200);
        var preview = RawHttp.send(env.port(), "GET", "/-/admin/lifecycle/preview?bucket=none-" + E2e.APPID, Map.of("Host", "127.0.0.1"), null);
        assertThat(preview.status()).isEqualTo(404);
        var explain = RawHttp.send(env.port(), "POST", "/-/admin/policy/explain", Map.of("Host", "127.0.0.1"), "{}".getBytes());
        assertThat(explain.status()).isEqualTo(403);
        var unknown = RawHttp.send(env.port(), "GET", "/-/admin/nothing", Map.of("Host", "127.0.0.1"), null);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text()).contains("<Code>InvalidURI</Code>");
        String m = MetricsText.withoutNode(RawHttp.send(env.port(), "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), new byte[0]).text());
        assertThat(m).contains("cosd_requests_total{operation=\"HEALTH\",status=\"200\"}")
                .contains("cosd_requests_total{operation=\"ADMIN_LIFECYCLE_PREVIEW\",status=\"404\"}")
                .contains("cosd_requests_total{operation=\"ADMIN_POLICY_EXPLAIN\",status=\"403\"}")
                .doesNotContain("operation=\"unrouted\",status=\"200\"");
        String again = MetricsText.withoutNode(RawHttp.send(env.port(), "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), new byte[0]).text());
        assertThat(again).contains("cosd_requests_total{operation=\"METRICS\",status=\"200\"}");
    }
}
