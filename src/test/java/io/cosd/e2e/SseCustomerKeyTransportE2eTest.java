package io.cosd.e2e;

import io.cosd.app.Config;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSE-9: an SSE-C key is taken only over HTTPS, which cosd (plain HTTP behind a TLS proxy) learns as
 * policy's aws:SecureTransport does: {@code X-Forwarded-Proto: https} from a trusted proxy. Here the
 * loopback client is that trusted proxy, and COSD_SSE_C_ALLOW_HTTP is not set.
 */
@CosdServer(factory = "server")
class SseCustomerKeyTransportE2eTest {
    static final String BUCKET = E2e.bucket("ssec-transport");

    @CosdServer.Inject static S3Client s3;

    static E2e server() throws Exception {
        return new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000, List.of("127.0.0.1/32")));
    }

    @BeforeAll
    static void bucket() {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @Test
    void anSseCKeyOverPlainHttpIsRefusedAndOverATrustedHttpsProxyIsTaken_SSE_9() {
        String k = SseE2eTest.key(9);
        SseE2eTest.assertError(() -> s3.putObject(b -> b.bucket(BUCKET).key("k").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(SseE2eTest.md5(k)), RequestBody.fromString("secret")), 400, "InvalidRequest");
        SseE2eTest.assertError(() -> s3.headObject(b -> b.bucket(BUCKET).key("k")), 404, null);

        s3.putObject(b -> b.bucket(BUCKET).key("k").sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(SseE2eTest.md5(k))
                .overrideConfiguration(o -> o.putHeader("X-Forwarded-Proto", "https")), RequestBody.fromString("secret"));
        String got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("k").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(SseE2eTest.md5(k)).overrideConfiguration(o -> o.putHeader("X-Forwarded-Proto", "https"))).asUtf8String();
        assertThat(got).isEqualTo("secret");
    }
}
