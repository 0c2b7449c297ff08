package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.GetObjectMetadataRequest;
import com.qcloud.cos.model.GetObjectRequest;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import com.qcloud.cos.model.SSECustomerKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SSE-COS and SSE-C with the official COS Java SDK (docs/encryption.md): the x-cos- headers both ways. */
@CosdServer(factory = "server")
class SseCosSdkE2eTest {
    static final String BUCKET = E2e.bucket("sse-cos");

    @CosdServer.Inject static COSClient cos;

    static E2e server() throws Exception {
        return SseServers.plainHttp();
    }

    @BeforeAll
    static void bucket() {
        cos.createBucket(BUCKET);
    }

    static PutObjectRequest put(String key, byte[] body, ObjectMetadata m) {
        m.setContentLength(body.length);
        return new PutObjectRequest(BUCKET, key, new ByteArrayInputStream(body), m);
    }

    @Test
    void theCosSdkWritesAndReadsSseCosAndSseCObjects_SSE_10() throws Exception {
        byte[] body = SseE2eTest.data(200_000, "COS-SDK");
        ObjectMetadata m = new ObjectMetadata();
        m.setServerSideEncryption("AES256"); // SSE-COS: x-cos-server-side-encryption
        var put = cos.putObject(put("sse-cos", body, m));
        assertThat(put.getMetadata().getServerSideEncryption()).isEqualTo("AES256");
        var head = cos.getObjectMetadata(BUCKET, "sse-cos");
        assertThat(head.getServerSideEncryption()).isEqualTo("AES256");
        try (var in = cos.getObject(BUCKET, "sse-cos").getObjectContent()) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }

        SSECustomerKey key = new SSECustomerKey(SseE2eTest.key(41));
        var putC = cos.putObject(put("sse-c", body, new ObjectMetadata()).withSSECustomerKey(key));
        assertThat(putC.getMetadata().getSSECustomerAlgorithm()).isEqualTo("AES256");
        GetObjectRequest get = new GetObjectRequest(BUCKET, "sse-c");
        get.setSSECustomerKey(key);
        var obj = cos.getObject(get);
        assertThat(obj.getObjectMetadata().getSSECustomerKeyMd5()).isEqualTo(SseE2eTest.md5(SseE2eTest.key(41)));
        try (var in = obj.getObjectContent()) {
            assertThat(in.readAllBytes()).isEqualTo(body);
        }
        GetObjectMetadataRequest headC = new GetObjectMetadataRequest(BUCKET, "sse-c");
        headC.setSSECustomerKey(new SSECustomerKey(SseE2eTest.key(42)));
        assertThatThrownBy(() -> cos.getObjectMetadata(headC)).isInstanceOfSatisfying(CosServiceException.class,
                e -> assertThat(e.getStatusCode()).isEqualTo(403));
        assertThatThrownBy(() -> cos.getObject(new GetObjectRequest(BUCKET, "sse-c"))).isInstanceOfSatisfying(CosServiceException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(400);
            assertThat(e.getErrorCode()).isEqualTo("InvalidRequest");
        });
    }
}
