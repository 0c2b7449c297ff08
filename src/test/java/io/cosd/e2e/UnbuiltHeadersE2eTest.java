package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.exception.CosServiceException;
import com.qcloud.cos.model.CannedAccessControlList;
import com.qcloud.cos.model.ObjectMetadata;
import com.qcloud.cos.model.PutObjectRequest;
import io.cosd.domain.object.Crc64Nvme;
import io.cosd.domain.signing.OutboundSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nothing the client asked for is silently ignored (docs/unbuilt.md): a header asking for something
 * cosd does not build answers 501 NotImplemented naming it, with both official SDKs, and the object
 * or bucket is not created; what cosd does anyway (private ACLs, checksums it verifies) still works.
 */
@CosdServer
class UnbuiltHeadersE2eTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;
    static final String B = E2e.bucket("unbuilt");

    @BeforeAll
    static void fixtures() throws Exception {
        cos.createBucket(B);
    }

    static void s3NotImplemented(Executable call, String header) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(501);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
            assertThat(e.awsErrorDetails().errorMessage()).contains(header);
            assertThat(e.requestId()).isNotBlank();
        });
    }

    static void cosNotImplemented(Executable call, String header) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(CosServiceException.class, e -> {
            assertThat(e.getStatusCode()).isEqualTo(501);
            assertThat(e.getErrorCode()).isEqualTo("NotImplemented");
            assertThat(e.getErrorMessage()).contains(header);
            assertThat(e.getRequestId()).isNotBlank();
        });
    }

    boolean exists(String key) {
        return cos.doesObjectExist(B, key);
    }

    @Test
    void awsPutObjectWithAnSseBucketKeyIsNotImplementedAndNothingIsStored() {
        // SSE-S3, SSE-C and SSE-KMS are built (docs/encryption.md, SseE2eTest); the S3 bucket key is not.
        s3NotImplemented(() -> s3.putObject(b -> b.bucket(B).key("sse").serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId("k")
                .bucketKeyEnabled(true), RequestBody.fromString("secret")), "x-amz-server-side-encryption-bucket-key-enabled");
        assertThat(exists("sse")).isFalse();
    }

    @Test
    void awsPutObjectWithAnObjectLockInABucketWithoutLockIsRefusedAndNothingIsStored_LOCK_7() {
        // object lock is built (docs/object-lock.md); a bucket without it cannot keep the promise, so 400, never a 200
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket(B).key("locked").objectLockMode(ObjectLockMode.GOVERNANCE)
                .objectLockRetainUntilDate(Instant.now().plusSeconds(86_400)), RequestBody.fromString("keep")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
                });
        assertThat(exists("locked")).isFalse();
    }

    @Test
    void awsAclHeadersWhereCosdDoesNotApplyThemAreNotImplementedButPrivateIsWhatCosdDoes() {
        // ACLs are applied on PutObject, Copy, CreateBucket and InitiateMultipartUpload (docs/acl.md, AclE2eTest), nowhere else
        s3.putObject(b -> b.bucket(B).key("private").acl(ObjectCannedACL.PRIVATE), RequestBody.fromString("x"));
        assertThat(exists("private")).isTrue();
        s3NotImplemented(() -> s3.putObjectTagging(b -> b.bucket(B).key("private").tagging(t -> t.tagSet(java.util.List.of()))
                .overrideConfiguration(o -> o.putHeader("x-amz-acl", "public-read"))), "x-amz-acl");
        s3NotImplemented(() -> s3.putObjectTagging(b -> b.bucket(B).key("private").tagging(t -> t.tagSet(java.util.List.of()))
                .overrideConfiguration(o -> o.putHeader("x-amz-grant-read", "id=123"))), "x-amz-grant-read");
    }

    @Test
    void awsUploadsWithEveryChecksumCosdVerifiesWork() {
        // In an aws-chunked trailer (the SDK's default form; CRC64NVME needs the CRT library in the SDK).
        for (ChecksumAlgorithm a : new ChecksumAlgorithm[] {ChecksumAlgorithm.CRC32, ChecksumAlgorithm.CRC32_C,
                ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256}) {
            String key = "sum-" + a;
            s3.putObject(b -> b.bucket(B).key(key).checksumAlgorithm(a), RequestBody.fromString("checked " + a));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(B).key(key)).asUtf8String()).isEqualTo("checked " + a);
        }
        // As a header with a precomputed value (what the AWS CLI v2 sends by default over http).
        byte[] data = "checked CRC64NVME".getBytes(StandardCharsets.UTF_8);
        String nvme = Base64.getEncoder().encodeToString(new Crc64Nvme().update(data, 0, data.length).bytes());
        s3.putObject(b -> b.bucket(B).key("sum-nvme").checksumCRC64NVME(nvme), RequestBody.fromBytes(data));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(B).key("sum-nvme")).asByteArray()).isEqualTo(data);
        // XML bodies carry x-amz-checksum-crc32 as a header: verified, and the request works.
        s3.deleteObjects(b -> b.bucket(B).delete(d -> d.objects(o -> o.key("sum-CRC32"))));
        assertThat(exists("sum-CRC32")).isFalse();
    }

    @Test
    void awsPutObjectWithAChecksumHeaderOfOtherBytesIsBadDigestAndNothingIsStored() {
        for (var put : new Consumer[] {
                b -> ((software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder) b).checksumCRC32("AAAAAA=="),
                b -> ((software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder) b).checksumCRC64NVME("AAAAAAAAAAA="),
                b -> ((software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder) b).checksumSHA1("AAAAAAAAAAAAAAAAAAAAAAAAAAA=")}) {
            @SuppressWarnings("unchecked")
            Consumer<software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder> c = put;
            assertThatThrownBy(() -> s3.putObject(b -> c.accept(b.bucket(B).key("tampered")), RequestBody.fromString("data")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
                    });
        }
        assertThat(exists("tampered")).isFalse();
    }

    @Test
    void cosPutObjectWithAnSseBucketKeyIsNotImplementedAndNothingIsStored() throws Exception {
        // The COS SDK has no bucket-key setting: signed raw, as it would send the header.
        var r = SignedRaw.send(env.port(), "PUT", B, "cos-sse", Map.of(), Map.of("x-cos-server-side-encryption", "cos/kms",
                "x-cos-server-side-encryption-bucket-key-enabled", "true"), "secret".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(501);
        assertThat(r.text()).contains("<Code>NotImplemented</Code>").contains("x-cos-server-side-encryption-bucket-key-enabled");
        assertThat(exists("cos-sse")).isFalse();
    }

    @Test
    void cosPublicReadAclWhereCosdDoesNotApplyItIsNotImplementedButPrivateIsAccepted() throws Exception {
        ObjectMetadata md = new ObjectMetadata();
        md.setContentLength(1);
        PutObjectRequest priv = new PutObjectRequest(B, "cos-private", new ByteArrayInputStream("x".getBytes()), md);
        priv.setCannedAcl(CannedAccessControlList.Private);
        cos.putObject(priv);
        assertThat(exists("cos-private")).isTrue();

        // The COS SDK cannot sign an x-cos-acl on PUT ?tagging (an unsigned one is refused first, AUTH-3): signed raw
        var r = SignedRaw.send(env.port(), "PUT", B, "cos-private", Map.of("tagging", ""), Map.of("x-cos-acl", "public-read"),
                "<Tagging><TagSet/></Tagging>".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(501);
        assertThat(r.text()).contains("<Code>NotImplemented</Code>").contains("x-cos-acl");
    }

    @Test
    void theRefusalComesBeforeAnyBodyByteIsReadInTheCosEnvelope() throws Exception {
        String path = "/" + B + "/raw";
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + env.port());
        h.put("x-cos-server-side-encryption-bucket-key-enabled", "true");
        h.put("content-length", "1048576");
        String auth = OutboundSigner.cos("PUT", path, Map.of(), h, E2e.SECRET_ID, E2e.SECRET_KEY, Instant.now(), 600);
        try (Socket s = new Socket("127.0.0.1", env.port())) {
            s.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder("PUT " + path + " HTTP/1.1\r\n");
            h.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Authorization: ").append(auth).append("\r\nExpect: 100-continue\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            // No body is ever sent: the answer must come anyway, and it is not 100 Continue.
            RawHttp.Reply r = RawHttp.read(in, false);
            assertThat(r.status()).isEqualTo(501);
            assertThat(r.text()).contains("<Code>NotImplemented</Code>").contains("x-cos-server-side-encryption-bucket-key-enabled").contains("<RequestId>");
            assertThat(r.header("x-cos-request-id")).isNotBlank();
        }
        assertThat(exists("raw")).isFalse();
    }
}
