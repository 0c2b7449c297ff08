package io.cosd.e2e;

import com.qcloud.cos.COSClient;
import com.qcloud.cos.http.HttpMethodName;
import com.qcloud.cos.model.BucketVersioningConfiguration;
import com.qcloud.cos.model.InitiateMultipartUploadRequest;
import com.qcloud.cos.model.SetBucketVersioningConfigurationRequest;
import io.cosd.domain.signing.OutboundSigner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PutObjectPresignRequest;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/signing.md AUTH-1..6 and docs/unbuilt.md UB-4: attacks that replay a real signature against another request. */
@CosdServer
class SignatureCoverageAttacksTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static COSClient cos;
    static final String V = E2e.bucket("rv-versions");
    static final String P = E2e.bucket("rv-plain");

    @BeforeAll
    static void fixtures() throws Exception {
        cos.createBucket(V);
        cos.createBucket(P);
        cos.setBucketVersioningConfiguration(new SetBucketVersioningConfigurationRequest(V,
                new BucketVersioningConfiguration(BucketVersioningConfiguration.ENABLED)));
    }

    /** q-sign folds parameter names to lower case; the router does not. Renaming versionId must not drop it. */
    @Test
    void aCaseRenamedVersionIdDoesNotServeAnotherVersion() throws Exception {
        String old = cos.putObject(V, "doc", "old").getVersionId();
        cos.putObject(V, "doc", "new");
        String file = E2e.presigned(cos, V, "doc", HttpMethodName.GET, Map.of("versionId", old)).getFile();
        assertThat(file).contains("versionId=");
        var r = RawHttp.send(env.port(), "GET", file.replace("versionId=", "VersionId="), Map.of("Host", E2e.cosHost(V)), null);
        assertThat(r.text()).isNotEqualTo("new");
        assertThat(r.status()).isNotEqualTo(200);
    }

    /** A presigned DELETE of one old version must not become a delete of the current object. */
    @Test
    void aCaseRenamedVersionIdOnDeleteDoesNotDeleteTheCurrentObject() throws Exception {
        cos.putObject(V, "del", "v1");
        String v1 = cos.listVersions(V, "del").getVersionSummaries().get(0).getVersionId();
        cos.putObject(V, "del", "v2");
        String file = E2e.presigned(cos, V, "del", HttpMethodName.DELETE, Map.of("versionId", v1)).getFile();
        var r = RawHttp.send(env.port(), "DELETE", file.replace("versionId=", "VERSIONID="), Map.of("Host", E2e.cosHost(V)), null);
        assertThat(r.status()).isNotIn(200, 204);
        assertThat(E2e.text(cos, V, "del")).isEqualTo("v2");
    }

    /** A presigned UploadPart must not become a PutObject that overwrites the key. */
    @Test
    void aCaseRenamedUploadIdDoesNotTurnAPartUploadIntoAnOverwrite() throws Exception {
        cos.putObject(P, "big", "original");
        String uploadId = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(P, "big")).getUploadId();
        String file = E2e.presigned(cos, P, "big", HttpMethodName.PUT, Map.of("uploadId", uploadId, "partNumber", "1")).getFile();
        var r = RawHttp.send(env.port(), "PUT", file.replace("uploadId=", "UploadId="), Map.of("Host", E2e.cosHost(P)),
                "part-bytes".getBytes(StandardCharsets.UTF_8));
        assertThat(E2e.text(cos, P, "big")).isEqualTo("original");
        assertThat(r.status()).isNotEqualTo(200);
    }

    static S3Presigner presigner() {
        return S3Presigner.builder().endpointOverride(URI.create(env.endpoint()))
                .region(software.amazon.awssdk.regions.Region.of(E2e.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    static URL presignPut(String key, Map<String, String> rawQuery) {
        try (S3Presigner p = presigner()) {
            var put = PutObjectRequest.builder().bucket(P).key(key)
                    .overrideConfiguration(o -> rawQuery.forEach(o::putRawQueryParameter)).build();
            return p.presignPutObject(PutObjectPresignRequest.builder().signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(put).build()).url();
        }
    }

    /** SigV4 needs every x-amz-* header signed; its x-cos-* twin, which cosd reads the same way, must not slip past. */
    @Test
    void anUnsignedXCosMetaHeaderOnASigV4PresignedPutIsRefused() throws Exception {
        URL url = presignPut("s3-meta", Map.of());
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", url.getHost() + ":" + url.getPort());
        h.put("x-cos-meta-owner", "mallory");
        var r = RawHttp.send(env.port(), "PUT", url.getFile(), h, "x".getBytes(StandardCharsets.UTF_8));
        boolean stored = cos.doesObjectExist(P, "s3-meta")
                && cos.getObjectMetadata(P, "s3-meta").getUserMetadata().containsKey("owner");
        assertThat(stored).as("unsigned x-cos-meta-owner stored from a SigV4 presigned PUT").isFalse();
        assertThat(r.status()).isEqualTo(403);
    }

    /**
     * AWS SDKs (JS v3, Ruby, Go v1) hoist x-amz-* headers into a presigned URL's query, and S3 honours
     * them there. cosd must not answer 200 and ignore an object lock, ACL or storage class asked that way.
     */
    @Test
    void hoistedAmzHeadersInAPresignedQueryAreNotSilentlyIgnored() throws Exception {
        for (var ask : Map.of("x-amz-object-lock-mode", "COMPLIANCE", "x-amz-acl", "public-read",
                "x-amz-server-side-encryption", "AES256", "x-amz-storage-class", "ARCHIVE").entrySet()) {
            String key = "hoisted-" + ask.getKey();
            URL url = presignPut(key, Map.of(ask.getKey(), ask.getValue()));
            assertThat(url.getQuery()).contains(ask.getKey() + "=");
            var r = RawHttp.send(env.port(), "PUT", url.getFile(), Map.of("Host", url.getHost() + ":" + url.getPort()),
                    "x".getBytes(StandardCharsets.UTF_8));
            assertThat(r.status()).as(ask.getKey() + " in the query: " + r.text()).isEqualTo(501);
            assertThat(cos.doesObjectExist(P, key)).isFalse();
        }
    }

    /** COS PUT Bucket takes x-cos-tagging (BT-6): the header must not be dropped, so the bucket has exactly those tags. */
    @Test
    void createBucketWithTagsIsNotSilentlyIgnored() throws Exception {
        String b = E2e.bucket("rv-tagged");
        var r = SignedRaw.send(env.port(), "PUT", b, "", Map.of(), Map.of("x-cos-tagging", "team=secops"), new byte[0]);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(cos.getBucketTaggingConfiguration(b).getTagSet().getAllTags()).containsExactly(Map.entry("team", "secops"));
    }

    /** S3's conditional abort: the client asks to abort only the upload it knows; cosd must not abort unconditionally. */
    @Test
    void aConditionalAbortIsNotSilentlyUnconditional() throws Exception {
        String uploadId = cos.initiateMultipartUpload(new InitiateMultipartUploadRequest(P, "cond-abort")).getUploadId();
        var r = SignedRaw.send(env.port(), "DELETE", P, "cond-abort", Map.of("uploadId", uploadId),
                Map.of("x-amz-if-match-initiated-time", "Wed, 01 Jan 2020 00:00:00 GMT"), null);
        assertThat(r.status()).as(r.text()).isEqualTo(501);
        var parts = SignedRaw.send(env.port(), "GET", P, "cond-abort", Map.of("uploadId", uploadId), Map.of(), null);
        assertThat(parts.status()).isEqualTo(200);
    }

    /** A q-signature that does not list ?bucket= must not run lifecycle on whatever bucket the bearer names. */
    @Test
    void anUnsignedBucketParameterOnTheLifecycleRunEndpointIsRefused() throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + env.port());
        String auth = OutboundSigner.cos("POST", "/-/admin/lifecycle/run", Map.of(), h,
                E2e.SECRET_ID, E2e.SECRET_KEY, Instant.now(), 600);
        Map<String, String> sent = new LinkedHashMap<>(h);
        sent.put("Authorization", auth);
        var r = RawHttp.send(env.port(), "POST", "/-/admin/lifecycle/run?bucket=" + V, sent, new byte[0]);
        assertThat(r.status()).as(r.text()).isEqualTo(403);
    }

    /**
     * SigV4 verifies a raw '+' in the query as a literal '+' (one of two canonical forms it tries), while
     * QueryParams decodes it as a space: the value executed is not the value signed.
     */
    @Test
    void aSigV4QueryValueWithPlusIsExecutedAsSigned() throws Exception {
        cos.putObject(P, "plus", "x");
        URL url;
        try (S3Presigner p = presigner()) {
            url = p.presignGetObject(software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest.builder()
                    .signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(software.amazon.awssdk.services.s3.model.GetObjectRequest.builder().bucket(P).key("plus")
                            .responseContentType("application/atom+xml").build()).build()).url();
        }
        assertThat(url.getFile()).contains("atom%2Bxml");
        var r = RawHttp.send(env.port(), "GET", url.getFile().replace("atom%2Bxml", "atom+xml"),
                Map.of("Host", url.getHost() + ":" + url.getPort()), null);
        if (r.status() == 200) assertThat(r.text()).isEqualTo("x");
        assertThat(r.status() != 200 || r.headers().toString().contains("application/atom+xml"))
                .as("served Content-Type " + r.headers()).isTrue();
    }

    /**
     * q-sign covers x-cos-meta-a: good (listed in q-header-list); an unsigned x-amz-meta-a (or a second
     * x-cos-meta-a) names the same metadata key, and must not replace the signed value.
     */
    @Test
    void anUnsignedMetadataTwinDoesNotReplaceSignedMetadata() throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("host", "127.0.0.1:" + env.port());
        h.put("x-cos-meta-a", "good");
        String auth = OutboundSigner.cos("PUT", "/" + P + "/meta-twin", Map.of(), h,
                E2e.SECRET_ID, E2e.SECRET_KEY, Instant.now(), 600);
        Map<String, String> sent = new LinkedHashMap<>(h);
        sent.put("Authorization", auth);
        sent.put("x-amz-meta-a", "evil");
        var r = RawHttp.send(env.port(), "PUT", "/" + P + "/meta-twin", sent, "x".getBytes(StandardCharsets.UTF_8));
        if (r.status() == 200) {
            assertThat(cos.getObjectMetadata(P, "meta-twin").getUserMetadata().get("a")).isEqualTo("good");
        } else {
            assertThat(r.status()).isEqualTo(400);
        }
    }

    /**
     * The verifiers decode a stray '%' leniently (kept literal), QueryParams gave up on the whole value and
     * kept it raw: a presigned attachment disposition, replayed with '%25' written as '%', was served as
     * the undecoded string, which browsers do not read as "attachment".
     */
    @Test
    void aStrayPercentDoesNotChangeTheExecutedQueryValue() throws Exception {
        cos.putObject(P, "pct", "x");
        String disposition = "attachment; filename=\"100%.txt\"";
        URL url;
        try (S3Presigner p = presigner()) {
            url = p.presignGetObject(software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest.builder()
                    .signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(software.amazon.awssdk.services.s3.model.GetObjectRequest.builder().bucket(P).key("pct")
                            .responseContentDisposition(disposition).build()).build()).url();
        }
        assertThat(url.getFile()).contains("100%25.txt");
        var r = RawHttp.send(env.port(), "GET", url.getFile().replace("100%25.txt", "100%.txt"),
                Map.of("Host", url.getHost() + ":" + url.getPort()), null);
        if (r.status() == 200) assertThat(r.headers().get("content-disposition")).isEqualTo(disposition);
    }
}
