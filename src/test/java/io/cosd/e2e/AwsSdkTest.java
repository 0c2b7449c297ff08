package io.cosd.e2e;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The AWS SDK for Java v2 (SigV4, aws-chunked bodies, path-style) against a started cosd. */
@CosdServer
class AwsSdkTest {
    @CosdServer.Inject static E2e env;
    @CosdServer.Inject static S3Client s3;
    static final String BUCKET = E2e.bucket("aws");

    @BeforeAll
    static void fixtures() throws Exception {
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @Test
    void putAndGetWithMetadataThroughSigV4() {
        s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key("a/b.txt").contentType("text/plain")
                .metadata(Map.of("color", "blue")).build(), RequestBody.fromString("hello s3"));
        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key("a/b.txt").build());
        assertThat(got.asUtf8String()).isEqualTo("hello s3");
        assertThat(got.response().metadata()).containsEntry("color", "blue");
        assertThat(got.response().eTag()).matches("\"[0-9a-f]{32}\"");
        assertThat(got.response().contentType()).isEqualTo("text/plain");
    }

    @Test
    void streamingUploadOfUnknownLengthIsDecodedFromAwsChunked() {
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(1).nextBytes(data);
        s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key("chunked.bin").build(),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data), data.length, "application/octet-stream"));
        byte[] back = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key("chunked.bin").build()).asByteArray();
        assertThat(back).isEqualTo(data);
    }

    @Test
    void rangeAndConditionalGets() {
        s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key("r.txt").build(), RequestBody.fromString("abcdefghij"));
        var part = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key("r.txt").range("bytes=-3").build());
        assertThat(part.asUtf8String()).isEqualTo("hij");
        String etag = s3.headObject(HeadObjectRequest.builder().bucket(BUCKET).key("r.txt").build()).eTag();
        assertThatThrownBy(() -> s3.getObject(GetObjectRequest.builder().bucket(BUCKET).key("r.txt").ifMatch("\"nope\"").build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThatThrownBy(() -> s3.getObject(GetObjectRequest.builder().bucket(BUCKET).key("r.txt").ifNoneMatch(etag).build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(304));
    }

    /**
     * HEAD answers the read preconditions as GET does; a copy source's conditions refuse with 412
     * even where a GET would answer 304 (a copy has no "not modified"), for CopyObject and
     * UploadPartCopy alike, and a refused copy writes nothing (api/object/Conditionals).
     */
    @Test
    void headSharesGetsPreconditionsAndACopySourcesNotModifiedIsPreconditionFailed() {
        s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key("cc/src").build(), RequestBody.fromString("source"));
        String etag = s3.headObject(HeadObjectRequest.builder().bucket(BUCKET).key("cc/src").build()).eTag();
        assertThatThrownBy(() -> s3.headObject(HeadObjectRequest.builder().bucket(BUCKET).key("cc/src").ifNoneMatch(etag).build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(304));
        assertThatThrownBy(() -> s3.headObject(HeadObjectRequest.builder().bucket(BUCKET).key("cc/src").ifMatch("\"nope\"").build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));

        var copy = CopyObjectRequest.builder().sourceBucket(BUCKET).sourceKey("cc/src").destinationBucket(BUCKET).destinationKey("cc/dst");
        assertThatThrownBy(() -> s3.copyObject(copy.copySourceIfNoneMatch(etag).build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(412);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
                });
        assertThatThrownBy(() -> s3.copyObject(copy.copySourceIfNoneMatch(null).copySourceIfMatch("\"nope\"").build()))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThatThrownBy(() -> s3.headObject(HeadObjectRequest.builder().bucket(BUCKET).key("cc/dst").build()))
                .isInstanceOf(NoSuchKeyException.class);
        s3.copyObject(copy.copySourceIfMatch(etag).build());
        assertThat(s3.getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key("cc/dst").build()).asUtf8String()).isEqualTo("source");

        String upload = s3.createMultipartUpload(b -> b.bucket(BUCKET).key("cc/mp")).uploadId();
        assertThatThrownBy(() -> s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("cc/src").destinationBucket(BUCKET)
                .destinationKey("cc/mp").uploadId(upload).partNumber(1).copySourceIfNoneMatch(etag)))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(s3.listParts(b -> b.bucket(BUCKET).key("cc/mp").uploadId(upload)).parts()).isEmpty();
        s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("cc/mp").uploadId(upload));
    }

    @Test
    void listV2PagesWithContinuationTokens() {
        for (int i = 0; i < 7; i++) s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key("v2/k" + i).build(), RequestBody.fromString("x"));
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            var page = s3.listObjectsV2(ListObjectsV2Request.builder().bucket(BUCKET).prefix("v2/").maxKeys(3).continuationToken(token).build());
            page.contents().forEach(o -> keys.add(o.key()));
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        assertThat(keys).containsExactly("v2/k0", "v2/k1", "v2/k2", "v2/k3", "v2/k4", "v2/k5", "v2/k6");
    }

    @Test
    void copyWithReplaceAndMultiDelete() {
        s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key("c/src").build(), RequestBody.fromString("copy"));
        s3.copyObject(CopyObjectRequest.builder().sourceBucket(BUCKET).sourceKey("c/src").destinationBucket(BUCKET)
                .destinationKey("c/dst").metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("m", "1")).build());
        assertThat(s3.headObject(HeadObjectRequest.builder().bucket(BUCKET).key("c/dst").build()).metadata()).containsEntry("m", "1");
        var res = s3.deleteObjects(DeleteObjectsRequest.builder().bucket(BUCKET).delete(Delete.builder()
                .objects(ObjectIdentifier.builder().key("c/src").build(), ObjectIdentifier.builder().key("c/dst").build()).build()).build());
        assertThat(res.deleted()).hasSize(2);
        assertThatThrownBy(() -> s3.headObject(HeadObjectRequest.builder().bucket(BUCKET).key("c/dst").build()))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void s3ErrorsCarryTheS3RequestIdHeader() {
        assertThatThrownBy(() -> s3.getObject(GetObjectRequest.builder().bucket(BUCKET).key("missing").build()))
                .isInstanceOfSatisfying(NoSuchKeyException.class, e -> assertThat(e.requestId()).isNotBlank());
    }

    @Test
    void presignedSigV4GetWorksFromAPlainHttpClient() throws Exception {
        s3.putObject(PutObjectRequest.builder().bucket(BUCKET).key("p/s.txt").build(), RequestBody.fromString("presigned"));
        try (S3Presigner p = S3Presigner.builder().endpointOverride(URI.create(env.endpoint()))
                .region(software.amazon.awssdk.regions.Region.of(E2e.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(E2e.SECRET_ID, E2e.SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
            var url = p.presignGetObject(GetObjectPresignRequest.builder().signatureDuration(Duration.ofMinutes(5))
                    .getObjectRequest(GetObjectRequest.builder().bucket(BUCKET).key("p/s.txt").build()).build()).url();
            var r = RawHttp.send(env.port(), "GET", url.getFile(), Map.of("Host", url.getHost() + ":" + url.getPort()), null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("presigned");
        }
    }
}
