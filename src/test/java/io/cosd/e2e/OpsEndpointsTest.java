package io.cosd.e2e;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@CosdServer
class OpsEndpointsTest {
    @CosdServer.Inject static E2e env;

    @Test
    void healthAnswersOkWithoutCredentials() throws Exception {
        var r = RawHttp.send(env.port(), "GET", "/-/health", Map.of("Host", "127.0.0.1"), new byte[0]);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("ok\n");
    }

    @Test
    void metricsCountRequestsByOperationAndStatus() throws Exception {
        var cos = env.cos();
        String b = E2e.bucket("metrics");
        cos.createBucket(b);
        cos.putObject(b, "k", "v");
        cos.getObject(b, "k").close();
        var r = RawHttp.send(env.port(), "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), new byte[0]);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        assertThat(r.text()).contains("cosd_requests_total{operation=\"PUT_OBJECT\",status=\"200\"} 1")
                .contains("cosd_request_seconds_bucket{operation=\"GET_OBJECT\"");
        cos.shutdown();
    }
}
