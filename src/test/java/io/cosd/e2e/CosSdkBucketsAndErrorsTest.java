package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.HeadBucketRequest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Buckets, addressing, authentication and the error envelope, through the COS Java SDK and raw HTTP. */
@CosdServer
class CosSdkBucketsAndErrorsTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;

    static void assertCode(Runnable r, int status, String code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(CosServiceException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(status);
            assertThat(e.getErrorCode()).isEqualTo(code);
        });
    }

    @Test
    void createListHeadAndDeleteABucket() {
        String b = E2e.bucket("lifecycle-of-a-bucket");
        cos.createBucket(b);
        assertThat(cos.doesBucketExist(b)).isTrue();
        cos.headBucket(new HeadBucketRequest(b));
        assertThat(cos.listBuckets()).extracting(x -> x.getName()).contains(b);
        assertThat(cos.getBucketLocation(b)).isEqualTo(E2e.REGION);
        cos.deleteBucket(b);
        assertThat(cos.doesBucketExist(b)).isFalse();
    }

    @Test
    void creatingAnOwnedBucketAgainIsBucketAlreadyOwnedByYou() {
        String b = E2e.bucket("twice");
        cos.createBucket(b);
        assertCode(() -> cos.createBucket(b), 409, "BucketAlreadyOwnedByYou");
    }

    @Test
    void aBucketNameWithAnotherAppIdIsInvalidBucketName() {
        assertCode(() -> cos.createBucket("someone-1999999999"), 400, "InvalidBucketName");
    }

    @Test
    void deletingANonEmptyBucketIsBucketNotEmpty() {
        String b = E2e.bucket("full");
        cos.createBucket(b);
        cos.putObject(b, "k", "v");
        assertCode(() -> cos.deleteBucket(b), 409, "BucketNotEmpty");
        cos.deleteObject(b, "k");
        cos.deleteBucket(b);
    }

    @Test
    void operationsOnAMissingBucketAreNoSuchBucket() {
        assertCode(() -> cos.putObject(E2e.bucket("nope"), "k", "v"), 404, "NoSuchBucket");
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatch() {
        COSClient bad = env.cos(E2e.SECRET_ID, "wrong-secret-wrong-secret-wrong-s");
        try {
            assertCode(bad::listBuckets, 403, "SignatureDoesNotMatch");
        } finally {
            bad.shutdown();
        }
    }

    @Test
    void anUnknownSecretIdIsInvalidAccessKeyId() {
        COSClient bad = env.cos("AKIDunknownunknownunknownunknown0000", "whatever");
        try {
            assertCode(bad::listBuckets, 403, "InvalidAccessKeyId");
        } finally {
            bad.shutdown();
        }
    }

    @Test
    void anonymousRequestsAreAccessDeniedWithACompleteCosErrorBody() throws Exception {
        String b = E2e.bucket("anon");
        cos.createBucket(b);
        cos.putObject(b, "k", "v");
        var r = RawHttp.send(env.port(), "GET", "/k", Map.of("Host", b + ".cos.ap-guangzhou.myqcloud.com"), null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("x-cos-request-id")).isNotBlank();
        assertThat(r.count("x-cos-request-id")).as("request id sent once").isEqualTo(1);
        assertThat(r.count("x-cos-trace-id")).as("trace id sent once").isEqualTo(1);
        assertThat(r.text()).contains("<Code>AccessDenied</Code>").contains("<Message>").contains("<Resource>")
                .contains("<RequestId>" + r.header("x-cos-request-id") + "</RequestId>").contains("<TraceId>");
    }

    @Test
    void anUnknownSubResourceIs400() throws Exception {
        String b = E2e.bucket("unknown-sub");
        cos.createBucket(b);
        var r = RawHttp.send(env.port(), "GET", "/?frobnicate", Map.of("Host", b + ".cos.ap-guangzhou.myqcloud.com"), null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("<Code>InvalidArgument</Code>");
    }

    @Test
    void headErrorsHaveNoBody() throws Exception {
        var r = RawHttp.send(env.port(), "HEAD", "/", Map.of("Host", E2e.bucket("missing") + ".cos.ap-guangzhou.myqcloud.com"), null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).isEmpty();
        assertThat(r.header("x-cos-request-id")).isNotBlank();
    }

    @Test
    void absoluteFormProxyTargetsAreRouted() throws Exception {
        String b = E2e.bucket("proxy");
        cos.createBucket(b);
        var r = RawHttp.send(env.port(), "GET", "http://" + b + ".cos.ap-guangzhou.myqcloud.com/?location",
                Map.of("Host", b + ".cos.ap-guangzhou.myqcloud.com"), null);
        // Anonymous, so denied: but routed to the bucket (not NoSuchBucket, not a parse error).
        assertThat(r.status()).isEqualTo(403);
    }
}
