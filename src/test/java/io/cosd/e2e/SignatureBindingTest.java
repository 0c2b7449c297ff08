package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.ClientConfig;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.http.HttpProtocol;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.SetBucketVersioningConfigurationRequest;
import com.qcloud.cos.region.Region;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;

import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A signature authorizes exactly the request it covers (docs/signing.md "Security", AUTH-1..AUTH-5),
 * attacked with real SDK signatures replayed over raw HTTP where the SDK cannot express the attack.
 */
@CosdServer
class SignatureBindingTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    @CosdServer.Inject static S3Client s3;
    static final String A = E2e.bucket("bind-a");
    static final String B = E2e.bucket("bind-b");
    static final String V = E2e.bucket("bind-versions");

    @BeforeAll
    static void fixtures() throws Exception {
        for (String b : new String[] {A, B, V}) cos.createBucket(b);
        cos.putObject(A, "k", "a-data");
        cos.putObject(B, "k", "b-data");
        cos.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(V,
                new BucketVersioningConfiguration(BucketVersioningConfiguration.ENABLED)));
    }

    @Test
    void aPresignedUrlForBucketACannotReadBucketB() throws Exception {
        String file = E2e.presigned(cos, A, "k", HttpMethodName.GET, Map.of()).getFile();
        var attack = RawHttp.send(env.port(), "GET", "http://" + E2e.cosHost(B) + file, Map.of("Host", E2e.cosHost(A)), null);
        assertThat(attack.status()).isEqualTo(400);
        assertThat(attack.text()).contains("<Code>InvalidRequest</Code>").doesNotContain("b-data");
        var reverse = RawHttp.send(env.port(), "GET", "http://" + E2e.cosHost(A) + file, Map.of("Host", E2e.cosHost(B)), null);
        assertThat(reverse.status()).isEqualTo(400);
        assertThat(reverse.text()).contains("<Code>InvalidRequest</Code>");
        // The proxy form the SDKs send (authority equal to Host) still works.
        var proxy = RawHttp.send(env.port(), "GET", "http://" + E2e.cosHost(A) + file, Map.of("Host", E2e.cosHost(A)), null);
        assertThat(proxy.status()).isEqualTo(200);
        assertThat(proxy.text()).isEqualTo("a-data");
    }

    @Test
    void aSignedPutForBucketACannotOverwriteBucketB() throws Exception {
        String file = E2e.presigned(cos, A, "k", HttpMethodName.PUT, Map.of()).getFile();
        byte[] evil = "evil".getBytes(StandardCharsets.UTF_8);
        var attack = RawHttp.send(env.port(), "PUT", "http://" + E2e.cosHost(B) + file, Map.of("Host", E2e.cosHost(A)), evil);
        assertThat(attack.status()).isEqualTo(400);
        var reverse = RawHttp.send(env.port(), "PUT", "http://" + E2e.cosHost(A) + file, Map.of("Host", E2e.cosHost(B)), evil);
        assertThat(reverse.status()).isEqualTo(400);
        assertThat(E2e.text(cos, B, "k")).isEqualTo("b-data");
        assertThat(E2e.text(cos, A, "k")).isEqualTo("a-data");
    }

    @Test
    void theCosSdkInProxyModeStillWorks() throws Exception {
        ClientConfig cc = new ClientConfig(new Region(E2e.REGION));
        cc.setHttpProtocol(HttpProtocol.http);
        cc.setMaxErrorRetry(0);
        cc.setHttpProxyIp("127.0.0.1");
        cc.setHttpProxyPort(env.port());
        COSClient proxied = new COSClient(new BasicCOSCredentials(E2e.SECRET_ID, E2e.SECRET_KEY), cc);
        try {
            proxied.putObject(A, "via-proxy", "proxied");
            try (var in = proxied.getObject(A, "via-proxy").getObjectContent()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("proxied");
            }
        } finally {
            proxied.shutdown();
        }
    }

    @Test
    void anUnsignedCopySourceAddedToAPresignedPutIsRefusedAndCopiesNothing() throws Exception {
        String file = E2e.presigned(cos, A, "copied", HttpMethodName.PUT, Map.of()).getFile();
        var r = RawHttp.send(env.port(), "PUT", file, Map.of("Host", E2e.cosHost(A), "x-cos-copy-source", E2e.cosHost(B) + "/k"), new byte[0]);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.text()).contains("<Code>AccessDenied</Code>").contains("x-cos-copy-source");
        assertThat(cos.doesObjectExist(A, "copied")).isFalse();
    }

    @Test
    void aPresignedGetForTheLatestVersionCannotBeReplayedForAnOldOne() throws Exception {
        String old = cos.putObject(V, "doc", "old").getVersionId();
        cos.putObject(V, "doc", "new");
        URL latest = E2e.presigned(cos, V, "doc", HttpMethodName.GET, Map.of());
        var replay = RawHttp.send(env.port(), "GET", latest.getFile() + "&versionId=" + old, Map.of("Host", E2e.cosHost(V)), null);
        assertThat(replay.status()).isEqualTo(403);
        assertThat(replay.text()).contains("<Code>AccessDenied</Code>").contains("versionId").doesNotContain("old");
        assertThat(RawHttp.send(env.port(), "GET", latest.getFile(), Map.of("Host", E2e.cosHost(V)), null).text()).isEqualTo("new");
        // The SDK signs the versionId it was asked for, and that one is served.
        URL signedOld = E2e.presigned(cos, V, "doc", HttpMethodName.GET, Map.of("versionId", old));
        assertThat(RawHttp.send(env.port(), "GET", signedOld.getFile(), Map.of("Host", E2e.cosHost(V)), null).text()).isEqualTo("old");
    }

    @Test
    void aSignedRequestWithARepeatedVersionIdIsRefused() throws Exception {
        String v1 = cos.putObject(V, "twice", "one").getVersionId();
        String v2 = cos.putObject(V, "twice", "two").getVersionId();
        URL signed = E2e.presigned(cos, V, "twice", HttpMethodName.GET, Map.of("versionId", v2));
        var r = RawHttp.send(env.port(), "GET", signed.getFile() + "&versionId=" + v1, Map.of("Host", E2e.cosHost(V)), null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("<Code>InvalidArgument</Code>");
        // Names q-sign folds together (VersionId / versionId) are just as ambiguous.
        var folded = RawHttp.send(env.port(), "GET", signed.getFile() + "&VersionId=" + v1, Map.of("Host", E2e.cosHost(V)), null);
        assertThat(folded.status()).isEqualTo(400);
    }

    static S3Presigner presigner(String region) {
        return S3Presigner.builder().endpointOverride(URI.create(env.endpoint()))
                .region(software.amazon.awssdk.regions.Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    @Test
    void aSigV4PresignedPutWithAnUnsignedAmzHeaderIsRefused() throws Exception {
        try (S3Presigner p = presigner(E2e.REGION)) {
            URL url = p.presignPutObject(PutObjectPresignRequest.builder().signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(PutObjectRequest.builder().bucket(A).key("s3-put").build()).build()).url();
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Host", url.getHost() + ":" + url.getPort());
            h.put("x-amz-copy-source", "/" + B + "/k");
            var r = RawHttp.send(env.port(), "PUT", url.getFile(), h, new byte[0]);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.text()).contains("<Code>AccessDenied</Code>").contains("<HeadersNotSigned>x-amz-copy-source</HeadersNotSigned>");
            h.remove("x-amz-copy-source");
            h.put("x-amz-meta-note", "unsigned");
            assertThat(RawHttp.send(env.port(), "PUT", url.getFile(), h, new byte[0]).status()).isEqualTo(403);
            assertThat(cos.doesObjectExist(A, "s3-put")).isFalse();
            h.remove("x-amz-meta-note");
            assertThat(RawHttp.send(env.port(), "PUT", url.getFile(), h, "ok".getBytes()).status()).isEqualTo(200);
        }
    }

    @Test
    void aCopySourceInBothSpellingsWithDifferentValuesIsRefused() {
        s3.putObject(PutObjectRequest.builder().bucket(A).key("src").build(), RequestBody.fromString("src"));
        // The SDK signs the extra header too: the conflict, not a missing signature, is what is refused.
        assertThatThrownBy(() -> s3.copyObject(CopyObjectRequest.builder().sourceBucket(A).sourceKey("src")
                .destinationBucket(A).destinationKey("dst")
                .overrideConfiguration(o -> o.putHeader("x-cos-copy-source", E2e.cosHost(B) + "/k")).build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
                });
        assertThat(cos.doesObjectExist(A, "dst")).isFalse();
    }

    @Test
    void aSigV4ScopeForAnotherRegionIsRefusedWithAwsWording() throws Exception {
        try (S3Client east = S3Client.builder().endpointOverride(URI.create(env.endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            assertThatThrownBy(() -> east.getObject(GetObjectRequest.builder().bucket(A).key("k").build()))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthorizationHeaderMalformed");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'ap-guangzhou'");
                    });
        }
        try (S3Presigner p = presigner("us-east-1")) {
            URL url = p.presignGetObject(GetObjectPresignRequest.builder().signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(GetObjectRequest.builder().bucket(A).key("k").build()).build()).url();
            var r = RawHttp.send(env.port(), "GET", url.getFile(), Map.of("Host", url.getHost() + ":" + url.getPort()), null);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).contains("<Code>AuthorizationQueryParametersError</Code>")
                    .contains("the region 'us-east-1' is wrong; expecting 'ap-guangzhou'").contains("<Region>ap-guangzhou</Region>");
        }
    }

    @Test
    void aRepeatedQueryParameterIsInvalidArgumentSignedOrNot() throws Exception {
        var anonymous = RawHttp.send(env.port(), "GET", "/k?versionId=a&versionId=b", Map.of("Host", E2e.cosHost(A)), null);
        assertThat(anonymous.status()).isEqualTo(400);
        assertThat(anonymous.text()).contains("<Code>InvalidArgument</Code>").contains("versionId");
        try (S3Presigner p = presigner(E2e.REGION)) {
            URL url = p.presignGetObject(GetObjectPresignRequest.builder().signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(GetObjectRequest.builder().bucket(A).key("k").build()).build()).url();
            var r = RawHttp.send(env.port(), "GET", url.getFile() + "&X-Amz-Expires=604800",
                    Map.of("Host", url.getHost() + ":" + url.getPort()), null);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.text()).contains("<Code>InvalidArgument</Code>");
        }
    }

    @Test
    void twoHostHeadersAreInvalidRequest() throws Exception {
        String file = E2e.presigned(cos, A, "k", HttpMethodName.GET, Map.of()).getFile();
        try (var s = new Socket("127.0.0.1", env.port())) {
            s.setSoTimeout(30_000);
            String req = "GET " + file + " HTTP/1.1\r\nHost: " + E2e.cosHost(A) + "\r\nHost: " + E2e.cosHost(B) + "\r\nConnection: close\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.UTF_8));
            var reply = RawHttp.read(s.getInputStream(), false);
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.text()).doesNotContain("a-data").doesNotContain("b-data");
        }
    }
}
