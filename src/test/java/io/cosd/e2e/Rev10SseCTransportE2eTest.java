package io.cosd.e2e;

import io.cosd.app.Config;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;
import java.util.Set;

import static io.cosd.e2e.SseE2eTest.assertError;
import static io.cosd.e2e.SseE2eTest.key;
import static io.cosd.e2e.SseE2eTest.md5;

/**
 * Second review of encryption at rest: the HTTPS rule for SSE-C keys (SSE-9). The loopback client is the
 * trusted proxy (as in SseCustomerKeyTransportE2eTest) and COSD_SSE_C_ALLOW_HTTP is not set.
 */
@CosdServer(factory = "server")
class Rev10SseCTransportE2eTest {
    static final String BUCKET = E2e.bucket("rev10-ssec-tls");

    @CosdServer.Inject static S3Client s3;

    static E2e server() throws Exception {
        return new E2e(dir -> new Config("127.0.0.1", 0, dir, E2e.REGION, Set.of(), 120_000, List.of("127.0.0.1/32")));
    }

    @BeforeAll
    static void bucket() {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    /**
     * A proxy that appends to X-Forwarded-Proto (as it appends to X-Forwarded-For) turns a plain-HTTP
     * client's own "X-Forwarded-Proto: https" into "https, http". ClientAddress walks X-Forwarded-For from
     * the right (only what trusted hops appended) but believes the leftmost X-Forwarded-Proto, the
     * client's: the key, sent in the clear, is taken (and aws:SecureTransport is true for that request).
     */
    @Test
    void anSseCKeyIsRefusedWhenTheTrustedProxySaysTheClientCameOverHttpAfterTheClientsOwnClaim_SSE_9() {
        String k = key(2001);
        assertError(() -> s3.putObject(b -> b.bucket(BUCKET).key("claimed").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k)).overrideConfiguration(o -> o.putHeader("X-Forwarded-Proto", "https, http")),
                RequestBody.fromString("sent in the clear")), 400, "InvalidRequest");
    }

    /** Tried and holding (SSE-9): over plain HTTP every operation that takes an SSE-C key refuses it. */
    @Test
    void everyOperationTakingAnSseCKeyRefusesItOverPlainHttp_SSE_9() {
        String k = key(2002);
        var https = (java.util.function.Consumer<software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration.Builder>)
                o -> o.putHeader("X-Forwarded-Proto", "https");
        s3.putObject(b -> b.bucket(BUCKET).key("src").sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k))
                .overrideConfiguration(https), RequestBody.fromString("secret"));
        assertError(() -> s3.getObject(b -> b.bucket(BUCKET).key("src").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k))).close(), 400, "InvalidRequest");
        assertError(() -> s3.headObject(b -> b.bucket(BUCKET).key("src").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k))), 400, null);
        assertError(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("src").destinationBucket(BUCKET).destinationKey("copy")
                .copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(k).copySourceSSECustomerKeyMD5(md5(k))), 400, "InvalidRequest");
        String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("mpu").sseCustomerAlgorithm("AES256").sseCustomerKey(k)
                .sseCustomerKeyMD5(md5(k)).overrideConfiguration(https)).uploadId();
        assertError(() -> s3.uploadPart(b -> b.bucket(BUCKET).key("mpu").uploadId(id).partNumber(1).sseCustomerAlgorithm("AES256")
                .sseCustomerKey(k).sseCustomerKeyMD5(md5(k)), RequestBody.fromString("part")), 400, "InvalidRequest");
        assertError(() -> s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("src").destinationBucket(BUCKET).destinationKey("mpu")
                .uploadId(id).partNumber(1).copySourceSSECustomerAlgorithm("AES256").copySourceSSECustomerKey(k)
                .copySourceSSECustomerKeyMD5(md5(k)).sseCustomerAlgorithm("AES256").sseCustomerKey(k).sseCustomerKeyMD5(md5(k))
                .overrideConfiguration(o -> o.putHeader("X-Forwarded-Proto", "http"))), 400, "InvalidRequest");
        var p = s3.uploadPart(b -> b.bucket(BUCKET).key("mpu").uploadId(id).partNumber(1).sseCustomerAlgorithm("AES256")
                .sseCustomerKey(k).sseCustomerKeyMD5(md5(k)).overrideConfiguration(https), RequestBody.fromString("part"));
        assertError(() -> s3.completeMultipartUpload(b -> b.bucket(BUCKET).key("mpu").uploadId(id).sseCustomerAlgorithm("AES256")
                .sseCustomerKey(k).sseCustomerKeyMD5(md5(k)).multipartUpload(m -> m.parts(c -> c.partNumber(1).eTag(p.eTag())))),
                400, "InvalidRequest");
    }
}
