package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import io.cosd.api.route.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/spec/design.md §8 rule 2 and docs/unbuilt.md over HTTP: every sub-resource the APIs define but cosd does
 * not build answers 501 NotImplemented (code, message, request id) from the Dispatcher's switch, and
 * metrics name the one asked for by its own operation.
 */
class UnsupportedSubresourcesE2eTest {
    static E2e env;
    static COSClient cos;
    static final String B = E2e.bucket("unsupported");

    @BeforeAll
    static void start() throws Exception {
        env = new E2e();
        cos = env.cos();
        cos.createBucket(B);
        cos.putObject(B, "k", "v");
    }

    @AfterAll
    static void stop() throws Exception {
        cos.shutdown();
        env.close();
    }

    @Test
    void everyUnbuiltSubresourceIs501AndCountedUnderItsOwnOperation() throws Exception {
        Map<String, String> failures = new TreeMap<>();
        for (String sub : new TreeSet<>(Router.UNSUPPORTED.keySet())) {
            var r = SignedRaw.send(env.port(), "GET", B, "k", Map.of(sub, ""), Map.of(), null);
            if (r.status() != 501 || !r.text().contains("<Code>NotImplemented</Code>")
                    || !r.text().contains("functionality that is not implemented") || r.header("x-cos-request-id") == null) {
                failures.put(sub, r.status() + " " + r.text());
            }
        }
        assertThat(failures).isEmpty();
        String metrics = MetricsText.withoutNode(RawHttp.send(env.port(), "GET", "/-/metrics", Map.of("Host", "127.0.0.1"), null).text());
        Router.UNSUPPORTED.values().forEach(op ->
                assertThat(metrics).contains("cosd_requests_total{operation=\"" + op.name() + "\",status=\"501\"}"));
    }
}
